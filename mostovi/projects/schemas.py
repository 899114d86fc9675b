"""What the Projects API reads and answers (`docs/API.md`, section Projects)."""

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema

from mostovi.core.api.schemas import MAX_ID

from .models import Phase, TextField_
from .selectors import project_text


def person_name(user) -> str:
    """A person's name for the API; never their e-mail address (public projects are read by anyone)."""
    if user is None:
        return ""
    return user.full_name or _("User %(id)s") % {"id": user.pk}


def partner_item(partner) -> dict:
    authority = partner.authority
    return {
        "authority_id": partner.authority_id,
        "name": authority.name,
        "name_latin": authority.name_latin or authority.name,
        "country": authority.country,
        "is_lead": partner.is_lead,
    }


# --- out ----------------------------------------------------------------------------------------


class PersonOut(Schema):
    membership_id: int
    user_id: int
    user: str = Field(description="The person's name.")
    role: str = Field(description="officer, elected, technical, coordinator or observer.")


class PartnerOut(Schema):
    authority_id: int
    name: str = Field(description="Official name, in its own script.")
    name_latin: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    is_lead: bool


class PartnerDetailOut(PartnerOut):
    responsible: PersonOut | None = Field(
        description="The member of the authority responsible for the project."
    )
    deputy: PersonOut | None


class ParticipantOut(Schema):
    organisation_id: int
    name: str
    role: str = Field(
        description="IATI OrganisationRole code: 1 funding, 2 accountable, 3 extending, 4 implementing."
    )
    role_label: str


class TextOut(Schema):
    language: str
    text: str
    is_original: bool
    revision: int


class TextWrittenOut(TextOut):
    field: str


class ProjectItemOut(Schema):
    id: int
    title: str = Field(description="In the request's language when a translation exists, else the original.")
    title_language: str
    phase: str
    phase_label: str
    visibility: str
    partners: list[PartnerOut]
    updated_at: datetime

    # Resolved from a project of `selectors.project_list` (partners and texts prefetched).
    @staticmethod
    def resolve_title(obj) -> str:
        text = project_text(obj, TextField_.TITLE)
        return text.text if text else ""

    @staticmethod
    def resolve_title_language(obj) -> str:
        text = project_text(obj, TextField_.TITLE)
        return text.language if text else ""

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return str(Phase(obj.phase).label)

    @staticmethod
    def resolve_partners(obj) -> list[dict]:
        return [partner_item(p) for p in obj.partners.all()]


class TransitionOut(Schema):
    to: str = Field(description="A phase the project may move to from its current one.")
    label: str
    open: bool = Field(description="True when every condition of the gate is met.")
    conditions: list[str] = Field(
        description="The unmet conditions, in the request's language; empty when open."
    )
    needs_reason: bool = Field(description="True when the move needs a written `reason` (suspend, cancel).")


class ActionOut(Schema):
    title: str
    partner_id: int = Field(description="The partner authority responsible for the action.")
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    expected_results: str = ""


class ApprovalOut(Schema):
    version: int
    authority_id: int
    approved_by: int = Field(description="The id of the user who approved for the authority.")
    approved_by_name: str
    approved_at: datetime
    council_decision_id: int | None = Field(
        description="The council decision document, when one is attached."
    )


class ProgrammeOut(Schema):
    version: int = Field(description="0 before any programme is written.")
    objectives: str
    actions: list[ActionOut]
    approvals: list[ApprovalOut] = Field(description="Approvals of the current version only.")
    missing_approvals: list[int] = Field(
        description="Partner authorities that have not approved this version yet."
    )
    created_at: datetime | None
    created_by_name: str


class AcceptanceOut(Schema):
    mission_id: int
    authority_id: int
    accepted_by: int = Field(description="The id of the user who accepted for the authority.")
    accepted_by_name: str
    accepted_at: datetime
    mission_revision: int


class MissionOut(Schema):
    id: int
    title: str
    terms_of_reference: str
    team: str
    places: str
    starts_on: date
    ends_on: date
    findings: str
    recommendations: str
    revision: int
    acceptances: list[AcceptanceOut] = Field(description="Acceptances of the current revision of the report.")


class ProjectOut(Schema):
    id: int
    phase: str
    phase_label: str
    phase_reason: str = Field(description="Why the project was suspended or cancelled.")
    resume_phase: str = Field(description="For a suspended project, the phase it resumes to; else empty.")
    visibility: str
    title: str
    title_language: str
    titles: list[TextOut]
    summary: str
    summary_language: str
    summaries: list[TextOut]
    themes: list[Any]
    dac_sectors: list[Any]
    locations: list[Any]
    working_languages: list[Any]
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    partners: list[PartnerDetailOut]
    participants: list[ParticipantOut]
    allowed_transitions: list[TransitionOut]
    programme: ProgrammeOut
    missions: list[MissionOut]
    revision: int = Field(description="Send it back with PATCH: a stale revision answers 409.")
    created_at: datetime
    updated_at: datetime


class PersonRefOut(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    kind: str = Field(description="project.created, project.phase_changed, programme.approved…")
    at: datetime
    actor: PersonRefOut | None
    data: dict

    @staticmethod
    def resolve_at(obj):
        return obj.created_at

    @staticmethod
    def resolve_actor(obj):
        return {"id": obj.actor_id, "name": person_name(obj.actor)} if obj.actor_id else None


class CommentOut(Schema):
    id: int
    author: PersonRefOut
    body: str
    created_at: datetime


class ErrorsOut(Schema):
    detail: str
    errors: list[Any] | None = None


class GateOut(Schema):
    detail: str = Field(description="The first unmet condition.")
    errors: list[str] = Field(description="Every unmet condition, in order.")


class StaleOut(Schema):
    detail: str
    current: Any = Field(description="What is saved now (nothing typed is lost: compare and resubmit).")
    submitted: Any = Field(description="What the request tried to save.")
    current_version: int | None = Field(
        None, description="The version (or revision) saved now: send it back once you have read it."
    )


# --- in -----------------------------------------------------------------------------------------


class ProjectCreateIn(Schema):
    title: str = Field(max_length=300, description="A plain string in `language`.")
    partner_ids: list[int] = Field(
        description="The partner authorities; the caller must act for one of them."
    )
    language: str | None = Field(None, max_length=10, description="Defaults to the request's language.")
    summary: str = Field("", max_length=20_000)
    lead_id: int | None = Field(None, description="The lead partner; defaults to the caller's authority.")


class ProjectPatchIn(Schema):
    revision: int = Field(description="The `revision` the client read.")
    visibility: str | None = Field(None, description="private, network or public.")
    themes: list[str] | None = None
    dac_sectors: list[str] | None = None
    locations: list[Any] | None = None
    working_languages: list[str] | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None


class TextIn(Schema):
    text: str = Field(max_length=20_000)
    revision: int = Field(
        strict=True,
        ge=0,
        description=(
            "The revision of the text the edit started from (0 when there was no text in that language): "
            "when someone saved it in between, answers 409 with `current`, `current_version` and `submitted`."
        ),
    )


class TransitionIn(Schema):
    to: str = Field(max_length=30, description="The target phase.")
    reason: str = Field("", max_length=5000, description="Required to suspend or cancel.")


class MissionIn(Schema):
    title: str = Field(max_length=255)
    starts_on: date
    ends_on: date
    findings: str = ""
    recommendations: str = ""
    terms_of_reference: str = ""
    team: str = ""
    places: str = ""


class AuthorityChoiceIn(Schema):
    authority_id: int | None = Field(
        None, description="The partner authority the caller decides for (needed when they act for several)."
    )


class MissionAcceptanceIn(AuthorityChoiceIn):
    revision: int = Field(
        strict=True,
        description="The revision of the mission report the caller read: 409 when it is not the current one.",
    )


class ApprovalIn(AuthorityChoiceIn):
    version: int = Field(
        strict=True, description="The programme version the caller read: 409 when it is not the current one."
    )
    council_decision_id: int | None = Field(
        None, description="A document of the project: the council decision."
    )


class ActionIn(Schema):
    title: str = Field(max_length=300)
    partner_id: int
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    expected_results: str = ""


class ProgrammeIn(Schema):
    version: int = Field(description="The programme version the client read (0 before any).")
    objectives: str = ""
    actions: list[ActionIn]


class CommentIn(Schema):
    body: str = Field(max_length=10_000)


class ProjectInvitationIn(Schema):
    email: str = Field(max_length=254)
    authority_id: int = Field(ge=1, le=MAX_ID)
    role: str = Field(max_length=20, description="`officer`, `elected` or `technical`.")
    language: str = Field(max_length=10, description="The language the e-mail is written in.")


class InvitationOut(Schema):
    id: int
    email: str
    authority_id: int
    role: str
    expires_at: str
