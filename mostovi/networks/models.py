"""A network's programme supporting a project: recorded by a coordinator, seen and refusable by partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded by the network")
    REFUSED = "refused", _("Refused by a partner")


class ProjectSupport(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.RECORDED
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_for = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason of the refusal"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("project supported by a network")
        verbose_name_plural = _("projects supported by a network")
        constraints = [
            models.UniqueConstraint(fields=["project", "network"], name="unique_project_support"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} → {self.project_id}"
