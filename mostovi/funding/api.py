"""Funding endpoints of the public API (`docs/API.md`, Funding): the catalogue and a project's eligibility."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.pagination import LimitOffsetPagination
from mostovi.core.api.schemas import ErrorOut
from mostovi.projects import permissions as project_permissions

from .catalogue import selectors, services, texts
from .catalogue.eligibility import project_eligibility
from .models import Call
from .plans import selectors as plan_selectors
from .sources import source_kind

router = Router(tags=["funding"])
TRANSLATED_LANGUAGES = ("fr", "bg", "sr", "sr-latn", "mk", "sq")


def _translations(obj) -> dict[str, str]:
    """{language: text} of the current translations of a rule's text or a call's title."""
    found = {}
    for language in TRANSLATED_LANGUAGES:
        shown = texts.shown(obj, language=language)
        if shown.translated:
            found[language] = shown.value
    return found


class RuleOut(Schema):
    id: int
    kind: str = Field(
        description="The kind of rule; `params` follows its schema (see mostovi/funding/catalogue/params.py)."
    )
    params: dict
    text: str = Field(description="The rule as the source states it.")
    source: str = Field(description="The address of the source.")
    checked_on: date = Field(description="When the rule was checked against its source.")
    verified: bool = Field(description="False when no source confirmed the rule: do not state it as a rule.")
    source_kind: str = Field(
        description="funder (the funder's own page), aggregator (a third party relaying it) or home_page."
    )
    translations: dict[str, str] = Field(
        description="The text in the other interface languages (language code → text), where translated."
    )

    @staticmethod
    def resolve_source_kind(obj) -> str:
        return source_kind(obj.source)

    @staticmethod
    def resolve_translations(obj) -> dict[str, str]:
        return _translations(obj)


class CallOut(Schema):
    id: int
    title: str
    opens_on: date | None
    closes_on: date | None
    source: str
    checked_on: date | None
    verified: bool
    source_kind: str = Field(description="funder, aggregator or home_page (see the rules).")
    translations: dict[str, str] = Field(description="The title in the other interface languages.")

    @staticmethod
    def resolve_source_kind(obj) -> str:
        return source_kind(obj.source)

    @staticmethod
    def resolve_translations(obj) -> dict[str, str]:
        return _translations(obj)


class InstrumentOut(Schema):
    id: int
    slug: str
    name: str
    funder: str
    kind: str = Field(description="grant, lump_sum, technical_assistance, levy or programme.")
    is_active: bool = Field(description="False when the instrument is closed to new projects.")
    themes: list[str] = Field(description="Theme slugs.")
    rules: list[RuleOut]
    calls: list[CallOut]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.slug for theme in obj.themes.all()]

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_calls(obj) -> list:
        return list(obj.calls.all())


class InstrumentTranslationOut(Schema):
    source: str = Field(description="Empty: translated by the platform; else the funder's own version.")
    name: str = ""
    funder: str = ""
    description: str = ""
    who_may_lead: str = ""
    who_may_partner: str = ""
    amounts: str = ""
    co_financing: str = ""
    periodicity: str = ""
    unverified: str = ""
    required_documents: list[str] = []


class InstrumentSourceOut(Schema):
    url: str
    title: str = ""


class InstrumentDetailOut(InstrumentOut):
    description: str
    who_may_lead: str
    who_may_partner: str
    amounts: str
    co_financing: str
    periodicity: str
    required_documents: list[str]
    website: str
    sources: list[InstrumentSourceOut]
    checked_on: date | None = Field(description="When these descriptive facts were gathered.")
    unverified: str = Field(description="Facts no source confirmed yet; empty if none.")
    official_name: str = Field(description="The name as the funder writes it, when it differs; else empty.")
    official_name_language: str
    translations: dict[str, InstrumentTranslationOut] = Field(
        description="The texts above in the other interface languages (language code → texts), where "
        "translated; a text missing from a language is not translated in it."
    )

    @staticmethod
    def resolve_translations(obj) -> dict:
        found = {}
        for language in TRANSLATED_LANGUAGES:
            item = {}
            for field in texts.INSTRUMENT_FIELDS:
                shown = texts.shown(obj, field, language)
                if shown.translated:
                    item[field] = shown.value
                    item["source"] = shown.source
            if item:
                found[language] = item
        return found


class InstrumentFilters(Schema):
    funder: str = ""
    kind: str = ""
    theme: str = ""
    country: str = Field(
        "", description="ISO 3166-1 alpha-2: instruments open to authorities of this country."
    )


class InstrumentRefOut(Schema):
    id: int
    name: str


class CheckOut(Schema):
    rule: str = Field(description="The kind of the rule checked.")
    rule_id: int | None
    result: str = Field(description="pass, fail or unknown.")
    reason: str = Field(description="The facts, in the request's language.")
    source: str
    checked_on: date | None
    verified: bool = Field(description="False when the rule is not confirmed by its source.")
    awaits_plan: bool = Field(description="True for a rule checked against the funding plan.")


class EligibilityOut(Schema):
    instrument: InstrumentRefOut
    verdict: str = Field(description="eligible, not_eligible or unknown.")
    checks: list[CheckOut]
    unverified: int = Field(
        description="How many weighing checks rest on unverified rules (an unverified rule never passes)."
    )


class EligibilityFilters(Schema):
    instrument: int | None = Field(None, description="Only this instrument.")


@router.get("/funding/instruments", response=list[InstrumentOut])
@paginate(LimitOffsetPagination)
def instrument_list(request, filters: Query[InstrumentFilters]):
    return selectors.instrument_list(
        funder=filters.funder, kind=filters.kind, theme=filters.theme, country=filters.country.upper()
    )


@router.get("/funding/instruments/{instrument_id}", response={200: InstrumentDetailOut, 404: ErrorOut})
def instrument_detail(request, instrument_id: int):
    instrument = selectors.instrument_get(instrument_id)
    if instrument is None:
        raise HttpError(404, _("No funding instrument has this id."))
    return instrument


def _verdict_item(verdict) -> dict:
    return {
        "instrument": {"id": verdict.instrument.pk, "name": verdict.instrument.name},
        "verdict": verdict.verdict,
        "checks": [
            {
                "rule": c.rule,
                "rule_id": c.rule_id,
                "result": c.result,
                "reason": c.reason,
                "source": c.source,
                "checked_on": c.checked_on,
                "verified": c.verified,
                "awaits_plan": c.awaits_plan,
            }
            for c in verdict.checks
        ],
        "unverified": verdict.unverified,
    }


@router.get("/projects/{project_id}/eligibility", response={200: list[EligibilityOut], 404: ErrorOut})
@paginate(LimitOffsetPagination)
def eligibility(request, project_id: int, filters: Query[EligibilityFilters]):
    project = selectors.project_for_eligibility(project_id)
    if project is None or not project_permissions.can_view_project(request.user, project):
        raise HttpError(404, _("No project has this id."))
    if filters.instrument is not None:
        instruments = selectors.instruments_for_eligibility(filters.instrument)
        if not instruments:
            raise HttpError(404, _("No funding instrument has this id."))
    else:
        instruments = selectors.instruments_for_eligibility()
    plans = plan_selectors.plan_facts_of(project)
    return [_verdict_item(v) for v in project_eligibility(project, instruments, plans=plans)]


class FollowedCallOut(Schema):
    call_id: int
    following: bool = Field(description="Whether the caller now follows the call.")


def _call_or_404(call_id: int):
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        raise HttpError(404, _("No call has this id."))
    return call


@router.post(
    "/funding/calls/{call_id}/follow",
    response={200: FollowedCallOut, 401: ErrorOut, 404: ErrorOut},
    summary="Follow a call: its closing date comes to the caller's inbox in the 60 days before it",
)
def call_follow(request, call_id: int):
    user = require_user(request)
    call = _call_or_404(call_id)
    services.call_save(actor=user, call=call)
    return {"call_id": call.pk, "following": True}


@router.delete(
    "/funding/calls/{call_id}/follow",
    response={200: FollowedCallOut, 401: ErrorOut, 404: ErrorOut},
    summary="Stop following a call",
)
def call_unfollow(request, call_id: int):
    user = require_user(request)
    call = _call_or_404(call_id)
    services.call_unsave(actor=user, call=call)
    return {"call_id": call.pk, "following": False}
