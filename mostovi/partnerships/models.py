"""Existing partnerships between authorities: twinnings, cooperation conventions, MoUs, friendships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mostovi.core.models import SoftDeleteModel


class Kind(models.TextChoices):
    TWINNING = "twinning", _("Town twinning")
    COOPERATION = "cooperation", _("Cooperation convention")
    MOU = "mou", _("Memorandum of understanding")
    FRIENDSHIP = "friendship", _("Friendship agreement")
    # The NAMRB register mixes twinning, cooperation and friendship without saying which.
    UNSPECIFIED = "unspecified", _("Twinning or partnership (kind not specified)")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")
    UNKNOWN = "unknown", _("Unknown")


class Partnership(SoftDeleteModel):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Some sources give only a year.
    since_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="partnerships")
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    networks = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="supported_partnerships",
        verbose_name=_("supporting networks"),
    )
    convention = models.FileField(_("signed convention"), upload_to="partnerships/%Y/", blank=True)
    convention_content_type = models.CharField(max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Reference records carry their sources; "verify" marks what a source did not settle.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    unverified = models.CharField(_("unverified facts"), max_length=500, blank=True)
    ref_key = models.CharField(max_length=120, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[themes, networks])

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref_key"], condition=~Q(ref_key=""), name="unique_partnership_ref_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    authority = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    # The name as the source wrote it, when it was matched to a directory record.
    source_name = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "authority"], name="unique_partnership_member"),
        ]
        indexes = [models.Index(fields=["authority", "partnership"])]

    def __str__(self) -> str:
        return f"{self.authority_id} in {self.partnership_id}"
