"""The partner-search exchange: offers and needs, and expressions of interest between two authorities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mostovi.core.models import SoftDeleteModel


class PostKind(models.TextChoices):
    OFFER = "offer", pgettext_lazy("exchange post", "Offer")
    NEED = "need", pgettext_lazy("exchange post", "Need")


class PartnerSize(models.TextChoices):
    ANY = "", _("Any size")
    SMALL = "small", _("Small (under 20,000 inhabitants)")
    MEDIUM = "medium", _("Medium (20,000 to 100,000)")
    LARGE = "large", _("Large (over 100,000)")


class PostStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Post(SoftDeleteModel):
    kind = models.CharField(_("kind"), max_length=5, choices=PostKind.choices)
    authority = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="exchange_posts"
    )
    # A network may post on behalf of one of its member authorities.
    on_behalf_of_network = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    themes = models.ManyToManyField("themes.Theme", related_name="posts")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    countries_sought = models.JSONField(_("countries sought"), default=list, blank=True)
    partner_levels = models.JSONField(_("kind of partner sought"), default=list, blank=True)
    partner_size = models.CharField(
        _("size of partner sought"), max_length=10, choices=PartnerSize.choices, blank=True
    )
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=6, choices=PostStatus.choices, default=PostStatus.OPEN)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("exchange post")
        verbose_name_plural = _("exchange posts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"]), models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.title


class PostTranslation(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "language"], name="one_post_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} [{self.language}]"


class SavedFilter(models.Model):
    """A user's saved search of the exchange; new posts that fit arrive in an e-mail digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_filters"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    params = models.JSONField(default=dict)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name or f"filter #{self.pk}"


class InterestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Interest(models.Model):
    """An expression of interest: a thread between the officers of two authorities, about a post or not."""

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="interests")
    from_authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    to_authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=8, choices=InterestStatus.choices, default=InterestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_authority_id} → {self.to_authority_id}"


class InterestMessage(models.Model):
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    # A message written by the platform (an acceptance, a decline): shown in the reader's language from
    # `data`, with `body` as the English fallback.
    is_system = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message #{self.pk}"


class SuggestionDismissal(models.Model):
    """'Not relevant': an authority no longer wants this other authority among its suggested partners."""

    authority = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE, related_name="+")
    suggested = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["authority", "suggested"], name="one_dismissal_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} ✗ {self.suggested_id}"
