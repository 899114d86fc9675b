"""An authority's presentation of itself, written by its own members, each free-text section in several
languages (one original, translations that say which version of the original they translate)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Section(models.TextChoices):
    HERITAGE = "heritage", _("Heritage")
    CULTURE = "culture", _("Culture")
    PRIDE = "pride", _("What we are proud of")
    LANGUAGES = "languages", _("Languages and interpretation")
    SERVICE = "service", _("International service")
    HOLIDAYS = "holidays", _("Public holidays and dates to avoid")
    PROTOCOL = "protocol", _("Protocol: what a partner should know")


class AuthorityProfile(models.Model):
    """One per authority. Contact details are those its members chose to publish, nothing else."""

    authority = models.OneToOneField(
        "directory.Organisation", on_delete=models.PROTECT, related_name="profile"
    )
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    interpretation_needed = models.BooleanField(_("interpretation needed"), default=False)
    # Pairs of language codes ["fr", "sr"] for which the authority needs an interpreter.
    interpretation_pairs = models.JSONField(_("interpretation between"), default=list, blank=True)
    # [{"name", "role", "email", "phone"}]: the people of the international service, as published.
    service_people = models.JSONField(_("people of the international service"), default=list, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authority profile")
        verbose_name_plural = _("authority profiles")

    def __str__(self) -> str:
        return f"profile of {self.authority_id}"


class ProfileText(models.Model):
    """A section in one language. The original's `revision` counts its changes; a translation's names the
    revision of the original it translates (older: the translation is outdated)."""

    profile = models.ForeignKey(AuthorityProfile, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(max_length=20, choices=Section.choices)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    is_original = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "-is_original", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "section", "language"], name="one_profile_text_per_language"
            ),
            models.UniqueConstraint(
                fields=["profile", "section"], condition=Q(is_original=True), name="one_original_per_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}[{self.language}]"
