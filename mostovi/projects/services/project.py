"""The project itself: creation, fields and texts, phase changes, deletion and restoration."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, User
from mostovi.core import codelists, text
from mostovi.themes.catalogue import THEMES

from .. import lifecycle, permissions
from ..exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from ..models import (
    FINISHED_PHASES,
    Phase,
    Project,
    ProjectPartner,
    ProjectText,
    TextField_,
    Visibility,
)
from .common import (
    _authorities,
    _check_language,
    _dates,
    _line,
    _locations,
    _lock,
    _record,
    _reload,
    _require,
    _text,
    partners_notify,
)

# --- the project --------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: User,
    title: str,
    partner_ids: list[int],
    language: str,
    summary: str = "",
    lead_id: int | None = None,
    visibility: str = Visibility.PRIVATE,
    is_demo: bool = False,
) -> Project:
    """Create a project in `identification`, private, with the caller's authority among its partners."""
    title = _line(title, _("Title"), required=_("A title is required."))
    summary = _text(summary, _("Summary"))
    language = _check_language(language)
    authorities = _authorities(partner_ids)
    if not authorities:
        raise InvalidInput(_("Name at least one partner authority."))
    own = {
        m.organisation_id
        for m in Membership.objects.active().filter(user=actor, role__in=permissions.EDITING_ROLES)
    }
    if not own & {a.pk for a in authorities}:
        raise NotAllowed(_("You must act for one of the partner authorities to create this project."))
    lead_id = lead_id or next(a.pk for a in authorities if a.pk in own)
    if lead_id not in {a.pk for a in authorities}:
        raise InvalidInput(_("The lead partner must be one of the partners."))
    if visibility not in Visibility.values:
        raise InvalidInput(_("Unknown visibility: %(value)s.") % {"value": visibility[:20]})
    project = Project.objects.create(created_by=actor, visibility=visibility, is_demo=is_demo)
    # Whoever creates the project is responsible for their own authority until someone else is named.
    creator = {
        m.organisation_id: m
        for m in Membership.objects.active()
        .filter(
            user=actor, role__in=permissions.EDITING_ROLES, organisation_id__in=[a.pk for a in authorities]
        )
        .order_by("started_at", "id")
    }
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(
                project=project, authority=a, is_lead=(a.pk == lead_id), responsible=creator.get(a.pk)
            )
            for a in authorities
        ]
    )
    ProjectText.objects.create(
        project=project,
        field=TextField_.TITLE,
        language=language,
        text=title,
        is_original=True,
        updated_by=actor,
    )
    if summary:
        ProjectText.objects.create(
            project=project,
            field=TextField_.SUMMARY,
            language=language,
            text=summary,
            is_original=True,
            updated_by=actor,
        )
    _record(actor, "project.created", project, title=title, partners=[a.pk for a in authorities])
    partners_notify(project, "project.created", actor)
    return project


PROJECT_FIELDS = {
    "visibility",
    "themes",
    "dac_sectors",
    "locations",
    "working_languages",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
}


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _jsonable_dict(item) -> dict:
    return {k: _jsonable(v) for k, v in item.items()} if isinstance(item, dict) else {"value": str(item)}


@transaction.atomic
def project_update(*, actor: User, project: Project, revision: int, **changes) -> Project:
    """Change the project's own fields; `revision` is the one the editor read (else StaleVersion)."""
    _lock(project)
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    unknown = set(changes) - PROJECT_FIELDS
    if unknown:
        raise InvalidInput(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))})
    if revision != project.revision:
        raise StaleVersion(
            _("Someone saved this project after you opened it."),
            current={f: _jsonable(getattr(project, f)) for f in changes},
            submitted={f: _jsonable(v) for f, v in changes.items()},
        )
    if "themes" in changes:
        changes["themes"] = text.clean_codes(
            changes["themes"], known=THEMES, what=_("Themes"), error=InvalidInput
        )
    if "working_languages" in changes:
        changes["working_languages"] = text.clean_languages(changes["working_languages"], error=InvalidInput)
    if "locations" in changes:
        changes["locations"] = _locations(changes["locations"])
    _dates(
        *(changes[f] for f in ("planned_start", "planned_end", "actual_start", "actual_end") if f in changes)
    )
    if "dac_sectors" in changes:
        if not isinstance(changes["dac_sectors"], list) or len(changes["dac_sectors"]) > text.CODES_MAX:
            raise InvalidInput(
                _("%(field)s: %(limit)s items at most.")
                % {"field": _("DAC sectors"), "limit": text.CODES_MAX}
            )
        unknown_codes = [c for c in changes["dac_sectors"] if c not in codelists.codes("Sector")]
        if unknown_codes:
            raise InvalidInput(
                _("Unknown DAC sector code: %(codes)s.") % {"codes": ", ".join(map(str, unknown_codes))[:200]}
            )
    if "visibility" in changes and changes["visibility"] not in Visibility.values:
        raise InvalidInput(_("Unknown visibility: %(value)s.") % {"value": str(changes["visibility"])[:20]})
    diff = {}
    for field, value in changes.items():
        old = getattr(project, field)
        if old != value:
            diff[field] = [_jsonable(old), _jsonable(value)]
            setattr(project, field, value)
    if diff:
        if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
            raise InvalidInput(_("The planned end cannot come before the planned start."))
        project.revision += 1
        project.save()
        _record(actor, "project.updated", project, changes=diff)
    return project


@transaction.atomic
def project_text_set(
    *, actor: User, project: Project, field: str, language: str, text: str, revision: int
) -> ProjectText:
    """Write the title or summary in one language (a translation when another language is the original).

    `revision` is the one the writer started from: 0 when there was no text in that language yet. When
    someone saved that text in between, StaleVersion carries the saved text (`current`), its revision
    (`current_version`) and the writer's own text (`submitted`); nothing is written.
    """
    _lock(project)  # two first translations into one language at once: the second one is stale, not a 500
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if field not in TextField_.values:
        raise InvalidInput(_("Unknown text field: %(field)s.") % {"field": field[:20]})
    language = _check_language(language)
    if field == TextField_.TITLE:
        text = _line(text, _("Title"), required=_("A title is required."))
    else:
        text = _text(text, _("Summary"))
    existing = (
        ProjectText.objects.select_for_update()
        .filter(project=project, field=field, language=language)
        .first()
    )
    saved = existing.revision if existing is not None else 0
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise InvalidInput(_("Send the revision of the text you started from (0 for a new text)."))
    if revision != saved:
        error = StaleVersion(
            _("Someone saved this text after you opened it."),
            current=existing.text if existing is not None else "",
            submitted=text,
        )
        error.current_version = saved
        raise error
    if existing is None:
        has_original = ProjectText.objects.filter(project=project, field=field, is_original=True).exists()
        created = ProjectText.objects.create(
            project=project,
            field=field,
            language=language,
            text=text,
            is_original=not has_original,
            updated_by=actor,
        )
        _record(actor, "project.text_added", project, field=field, language=language, new=text)
        return created
    if existing.text != text:
        old = existing.text
        existing.text = text
        existing.revision += 1
        existing.updated_by = actor
        existing.save()
        _record(actor, "project.text_changed", project, field=field, language=language, old=old, new=text)
    return existing


# --- lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def project_transition(*, actor: User, project: Project, to: str, reason: str = "") -> Project:
    """The one function that changes a project's phase."""
    _lock(project)
    project = _reload(project)
    _require(
        permissions.can_transition_project(actor, project),
        _("Only officers and elected officials of a partner authority can move the project."),
    )
    try:
        target = Phase(to)
    except ValueError:
        raise InvalidInput(_("Unknown phase: %(phase)s.") % {"phase": str(to)[:30]}) from None
    current = Phase(project.phase)
    if target == current:
        raise GateNotMet([_("The project is already in this phase.")])
    if target not in lifecycle.allowed_targets(project):
        reasons = []
        for phase in [*lifecycle.skipped_gates(project, target), target]:
            reasons += lifecycle.unmet_conditions(project, phase)
        if current in FINISHED_PHASES:
            reasons.insert(0, _("A closed or cancelled project does not change phase any more."))
        elif current == Phase.SUSPENDED:
            reasons.insert(
                0,
                _("A suspended project resumes to the phase it left: %(phase)s.")
                % {"phase": Phase(project.resume_phase).label},
            )
        reasons.append(
            _("The project cannot go from %(current)s to %(target)s directly.")
            % {"current": current.label, "target": target.label}
        )
        raise GateNotMet(reasons)
    reason = _text(reason, _("Reason"))
    if target in lifecycle.NEEDS_REASON and not reason:
        raise InvalidInput(_("Give the reason for this decision."))
    if current != Phase.SUSPENDED or target == Phase.CANCELLED:
        reasons = lifecycle.unmet_conditions(project, target)
        if reasons:
            raise GateNotMet(reasons)
    if project.published_at is None and target in lifecycle.ORDER and target != Phase.IDENTIFICATION:
        project.published_at = timezone.now()
    project.resume_phase = current if target == Phase.SUSPENDED else ""
    project.phase_reason = reason if target in lifecycle.NEEDS_REASON else ""
    project.phase = target
    project.revision += 1
    project.save()
    _record(actor, "project.phase_changed", project, old=current, new=target, reason=project.phase_reason)
    partners_notify(project, "project.phase_changed", actor, old=current, new=target)
    return project


@transaction.atomic
def project_delete(*, actor: User, project: Project) -> Project:
    """Soft delete: hidden everywhere, restorable by an officer of a partner."""
    project = _reload(project)
    _require(
        permissions.can_restore_project(actor, project), _("Only officers of a partner authority can delete.")
    )
    if project.deleted_at is None:
        project.deleted_at = timezone.now()
        project.save(update_fields=["deleted_at"])
        _record(actor, "project.deleted", project)
    return project


@transaction.atomic
def project_restore(*, actor: User, project: Project) -> Project:
    project = _reload(project)
    _require(
        permissions.can_restore_project(actor, project),
        _("Only officers of a partner authority can restore."),
    )
    if project.deleted_at is not None:
        project.deleted_at = None
        project.save(update_fields=["deleted_at"])
        _record(actor, "project.restored", project)
    return project
