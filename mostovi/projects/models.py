"""Cooperation projects owned by two or more partner authorities, and what hangs on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mostovi.core.models import SoftDeleteModel


class Phase(models.TextChoices):
    IDENTIFICATION = "identification", pgettext_lazy("project phase", "Identification")
    EXPERTISE_MISSION = "expertise_mission", pgettext_lazy("project phase", "Expertise mission")
    JOINT_DEFINITION = "joint_definition", pgettext_lazy("project phase", "Joint definition")
    FUNDING = "funding", pgettext_lazy("project phase", "Funding")
    IMPLEMENTATION = "implementation", pgettext_lazy("project phase", "Implementation")
    EVALUATION = "evaluation", pgettext_lazy("project phase", "Evaluation")
    CLOSED = "closed", pgettext_lazy("project phase", "Closed")
    SUSPENDED = "suspended", pgettext_lazy("project phase", "Suspended")
    CANCELLED = "cancelled", pgettext_lazy("project phase", "Cancelled")


# Phases after which nothing moves: responsibilities stay as they were, follow-up work is settled.
FINISHED_PHASES = (Phase.CLOSED, Phase.CANCELLED)


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the partners")
    NETWORK = "network", _("Visible to the partners' networks")
    PUBLIC = "public", _("Public")


class ParticipantRole(models.TextChoices):
    """IATI OrganisationRole codelist."""

    FUNDING = "1", pgettext_lazy("IATI organisation role", "Funding")
    ACCOUNTABLE = "2", pgettext_lazy("IATI organisation role", "Accountable")
    EXTENDING = "3", pgettext_lazy("IATI organisation role", "Extending")
    IMPLEMENTING = "4", pgettext_lazy("IATI organisation role", "Implementing")


class Project(SoftDeleteModel):
    phase = models.CharField(_("phase"), max_length=24, choices=Phase.choices, default=Phase.IDENTIFICATION)
    # Where a suspended project resumes.
    resume_phase = models.CharField(max_length=24, choices=Phase.choices, blank=True)
    phase_reason = models.TextField(_("reason"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    dac_sectors = models.JSONField(_("DAC sectors"), default=list, blank=True)
    locations = models.JSONField(_("locations"), default=list, blank=True)
    working_languages = models.JSONField(_("languages of work"), default=list, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # When the project first left identification: until then it is a draft, shown to its partners only,
    # whatever its visibility (suspended or cancelled drafts included).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking of the project's own fields: a save names the revision it read.
    revision = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["phase", "visibility"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class TextField_(models.TextChoices):
    TITLE = "title", _("Title")
    SUMMARY = "summary", _("Summary")


class ProjectText(models.Model):
    """A title or summary in one language; the original records that it is one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="texts")
    field = models.CharField(max_length=10, choices=TextField_.choices)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    is_original = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "field", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.field}[{self.language}] {self.text[:40]}"


class ProjectPartner(models.Model):
    """A partner authority; it names a responsible member and a deputy (memberships, not typed names)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("lead partner"), default=False)
    responsible = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "authority"], name="unique_project_partner"),
            models.UniqueConstraint(fields=["project"], condition=Q(is_lead=True), name="one_lead_partner"),
        ]

    def __str__(self) -> str:
        return str(self.authority)


class Participant(models.Model):
    """Another organisation with its IATI role: a network, an NGO, a funder."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("IATI role"), max_length=1, choices=ParticipantRole.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="unique_participant_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class DocumentCategory(models.TextChoices):
    """The IATI DocumentCategory codes a cooperation project uses."""

    MISSION_REPORT = "A01", _("Expertise mission report")
    EVALUATION = "A07", _("Evaluation report")
    CONVENTION = "A09", _("Partnership convention")
    COUNCIL_DECISION = "A04", _("Council decision")
    OTHER = "A12", pgettext_lazy("document", "Other")


class Document(SoftDeleteModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    category = models.CharField(_("kind"), max_length=3, choices=DocumentCategory.choices)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=10)
    # Dates the partners signed (conventions): one entry per authority id.
    signatures = models.JSONField(_("signatures"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


def document_upload_to(instance, filename: str) -> str:
    return f"projects/{instance.document.project_id}/{instance.document_id}/v{instance.number}-{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_upload_to)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]

    def __str__(self) -> str:
        return f"{self.filename} v{self.number}"


class ExpertiseMission(SoftDeleteModel):
    """The prior expertise mission without which no project goes on."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="missions")
    title = models.CharField(_("title"), max_length=255)
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    team = models.TextField(_("team"), blank=True)
    places = models.TextField(_("places"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    report = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mission_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MissionAcceptance(models.Model):
    mission = models.ForeignKey(ExpertiseMission, on_delete=models.CASCADE, related_name="acceptances")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)
    # The mission revision accepted: a later change to the report voids the acceptance.
    mission_revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "authority", "mission_revision"], name="unique_mission_acceptance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} accepts {self.mission_id} r{self.mission_revision}"


class ProgrammeVersion(models.Model):
    """An immutable version of the jointly defined intervention choices."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="programme_versions")
    number = models.PositiveIntegerField()
    # {"objectives": str, "actions": [{"title", "partner_id", "description", "starts_on", "ends_on",
    #  "expected_results"}]}
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="unique_programme_version")]

    def __str__(self) -> str:
        return f"v{self.number}"


class ProgrammeApproval(models.Model):
    """One partner authority approves one programme version."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="approvals")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    council_decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "authority"], name="unique_programme_approval")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} approves {self.version_id}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    DROPPED = "dropped", _("Dropped")


class Activity(SoftDeleteModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=255)
    partner = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    is_milestone = models.BooleanField(_("milestone"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices, default="planned")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Comment(SoftDeleteModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"
