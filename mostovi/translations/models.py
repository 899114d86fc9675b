"""A translation, written by a partner, of one field of a text another partner wrote (a programme's
objectives, a mission's findings, an exchange post): which text, which field, into which language, by whom,
and of which version of the original (a later version makes it outdated)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Translation(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=40)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    # The version of the original it translates (a programme's number, a mission's or a post's revision).
    of_version = models.PositiveIntegerField()
    # The partner authority for which the translator wrote it ("translation by Ville de Lyon").
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_translation_per_language"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field}[{self.language}]"
