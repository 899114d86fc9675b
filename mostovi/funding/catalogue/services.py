"""Writes to the funding catalogue: atomic, permission-checked, journalled (history kept by the models)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.errors import InvalidInput, NotAllowed
from mostovi.core.services import event_record
from mostovi.core.text import clean_line, clean_text

from .. import permissions
from ..models import AidDeclarationFiling, Call, ChangeProposal, Instrument, Rule, RuleKind, SavedCall
from .params import validate_params

PROPOSAL_OPEN = "open"
PROPOSAL_ACCEPTED = "accepted"
PROPOSAL_DECLINED = "declined"


INSTRUMENT_FIELDS = (
    "slug",
    "name",
    "funder",
    "kind",
    "description",
    "who_may_lead",
    "who_may_partner",
    "amounts",
    "co_financing",
    "periodicity",
    "required_documents",
    "website",
    "is_active",
    "sources",
    "checked_on",
    "unverified",
)
RULE_FIELDS = ("kind", "params", "text", "source", "checked_on", "verified", "position")


def _require_staff(actor) -> None:
    if not permissions.can_edit_catalogue(actor):
        raise NotAllowed(_("Only platform staff edit the funding catalogue."))


@transaction.atomic
def instrument_save(*, actor, instrument: Instrument | None = None, data: dict, themes=None) -> Instrument:
    _require_staff(actor)
    created = instrument is None
    instrument = instrument or Instrument()
    before = {key: str(getattr(instrument, key, "")) for key in INSTRUMENT_FIELDS}
    for key in INSTRUMENT_FIELDS:
        if key in data:
            setattr(instrument, key, data[key])
    instrument.full_clean(exclude=["funder_organisation"])
    instrument._history_user = actor
    instrument.save()
    if themes is not None:
        instrument.themes.set(themes)
    changed = [key for key in INSTRUMENT_FIELDS if str(getattr(instrument, key)) != before[key]]
    event_record(
        actor=actor,
        kind="funding.instrument_created" if created else "funding.instrument_updated",
        target=instrument,
        data={"changed": changed},
    )
    return instrument


@transaction.atomic
def rule_save(*, actor, instrument: Instrument, rule: Rule | None = None, data: dict) -> Rule:
    _require_staff(actor)
    kind = data.get("kind", rule.kind if rule else None)
    params = data.get("params", rule.params if rule else None)
    if kind not in RuleKind.values:
        raise InvalidInput(_("Choose a kind of rule."))
    problems = validate_params(kind, params)
    if problems:
        raise InvalidInput(" ".join(problems))
    created = rule is None
    rule = rule or Rule(instrument=instrument)
    for key in RULE_FIELDS:
        if key in data:
            setattr(rule, key, data[key])
    if not rule.source:
        raise InvalidInput(_("Every rule needs the address of its source."))
    if not rule.checked_on:
        raise InvalidInput(_("Every rule needs the date it was checked."))
    rule._history_user = actor
    rule.save()
    event_record(
        actor=actor,
        kind="funding.rule_created" if created else "funding.rule_updated",
        target=rule,
        scope=instrument,
        data={"kind": rule.kind, "params": rule.params, "verified": rule.verified},
    )
    return rule


@transaction.atomic
def rule_delete(*, actor, rule: Rule) -> None:
    _require_staff(actor)
    instrument = rule.instrument
    event_record(
        actor=actor,
        kind="funding.rule_deleted",
        target=rule,
        scope=instrument,
        data={"kind": rule.kind, "params": rule.params, "source": rule.source},
    )
    rule._history_user = actor
    rule.delete()


@transaction.atomic
def proposal_create(*, actor, instrument: Instrument | None, text: str, source: str = "") -> ChangeProposal:
    if not permissions.can_propose_change(actor):
        raise NotAllowed(_("Only network coordinators and platform staff propose changes to the catalogue."))
    text = clean_text(text, what=_("Proposed change"), error=InvalidInput)
    source = clean_line(source, what=_("Source"), error=InvalidInput, limit=500)
    if not text:
        raise InvalidInput(_("Describe the change you propose."))
    proposal = ChangeProposal.objects.create(
        instrument=instrument, proposed_by=actor, text=text, source=source or "", status=PROPOSAL_OPEN
    )
    event_record(
        actor=actor,
        kind="funding.change_proposed",
        target=proposal,
        scope=instrument if instrument is not None else proposal,
        data={"text": text, "source": source},
    )
    return proposal


@transaction.atomic
def proposal_decide(*, actor, proposal: ChangeProposal, accept: bool) -> ChangeProposal:
    if not permissions.can_decide_proposal(actor):
        raise NotAllowed(_("Only platform staff accept or decline proposals."))
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != PROPOSAL_OPEN:
        raise InvalidInput(_("This proposal has already been decided."))
    proposal.status = PROPOSAL_ACCEPTED if accept else PROPOSAL_DECLINED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    event_record(
        actor=actor,
        kind="funding.change_accepted" if accept else "funding.change_declined",
        target=proposal,
        scope=proposal.instrument if proposal.instrument_id else proposal,
    )
    return proposal


@transaction.atomic
def aid_declaration_record(*, actor, authority, year, filed_on) -> AidDeclarationFiling:
    """Record the date a French authority filed its e-APD declaration of campaign `year` (CGCT L1115-6).

    Recording the same year again corrects the date. The DCTCIV rule "the authority has filed its e-APD
    declaration" reads these records.
    """
    if not permissions.can_record_aid_declaration(actor, authority):
        raise NotAllowed(_("Only members of this French authority record its e-APD declaration."))
    errors = []
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors.append(_("Give the year of the campaign (four digits)."))
    if not hasattr(filed_on, "year"):
        errors.append(_("Give the date the declaration was filed (YYYY-MM-DD)."))
    elif filed_on > timezone.localdate():
        errors.append(_("The declaration cannot be filed in the future."))
    elif not errors and filed_on.year != year:
        errors.append(
            _("A declaration of the %(year)s campaign is filed in %(year)s (15 April – 31 May).")
            % {"year": year}
        )
    if errors:
        raise InvalidInput(" ".join(errors), errors=errors)
    filing, created = AidDeclarationFiling.objects.get_or_create(
        authority=authority, year=year, defaults={"filed_on": filed_on, "recorded_by": actor}
    )
    if not created and filing.filed_on != filed_on:
        filing.filed_on, filing.recorded_by = filed_on, actor
        filing.save()
    elif not created:
        return filing
    event_record(
        actor=actor,
        kind="funding.aid_declaration_recorded",
        target=filing,
        scope=authority,
        data={"authority": authority.pk, "year": year, "filed_on": filed_on.isoformat()},
    )
    return filing


# --- calls a person follows ------------------------------------------------------------------------


@transaction.atomic
def call_save(*, actor, call: Call) -> SavedCall:
    """`actor` follows `call`: its closing date comes to their workspace in the 60 days before it. Saving a
    call already saved changes nothing."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in to follow a call."))
    saved, created = SavedCall.objects.get_or_create(user=actor, call=call)
    if created:
        event_record(actor=actor, kind="funding.call_saved", target=call, data={"title": call.title})
    return saved


@transaction.atomic
def call_unsave(*, actor, call: Call) -> bool:
    """`actor` stops following `call`; True when they were following it."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in to follow a call."))
    deleted, _rows = SavedCall.objects.filter(user=actor, call=call).delete()
    if deleted:
        event_record(actor=actor, kind="funding.call_unsaved", target=call, data={"title": call.title})
    return bool(deleted)
