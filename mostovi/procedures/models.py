"""Where each partner of a project stands on its country's procedure steps (the steps are data:
`catalogue.py`). A step without a row is still to do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StepStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("procedure step", "To do")
    DONE = "done", pgettext_lazy("procedure step", "Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ProcedureStep(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    step_id = models.CharField(max_length=80)
    status = models.CharField(_("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.TODO)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    document = models.ForeignKey(
        "projects.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "authority", "step_id"], name="one_status_per_step"),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="done_step_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.status}"


class GeneratedKind(models.TextChoices):
    CONVENTION = "convention", _("Partnership convention")
    COUNCIL_DECISION = "council_decision", _("Draft council decision")
    MISSION_TERMS = "mission_terms", _("Terms of reference of the expertise mission")
    MISSION_REPORT = "mission_report", _("Expertise mission report template")
    AMENDMENT = "amendment", _("Amendment to the convention")


class GeneratedDocument(models.Model):
    """The project document a kind of generated text lives in: each generation adds a version to it."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=GeneratedKind.choices)
    # The side a council decision is drafted for; empty for the shared documents.
    authority = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey("projects.Document", on_delete=models.CASCADE, related_name="+")
    # The signed scan of a convention (a project document with every partner's signature date).
    signed = models.ForeignKey(
        "projects.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "authority"], name="one_generated_document_per_kind_and_side"
            ),
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=models.Q(authority__isnull=True),
                name="one_shared_generated_document_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.document_id}"


class ConventionApproval(models.Model):
    """A partner approves the text of one version of the generated convention; a new version (a new writing,
    after a change of the programme or the plan) needs every partner's approval again."""

    generated = models.ForeignKey(GeneratedDocument, on_delete=models.CASCADE, related_name="approvals")
    version = models.PositiveIntegerField()
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["generated", "version", "authority"], name="one_convention_approval_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} approved by {self.authority_id}"
