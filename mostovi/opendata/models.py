"""The one record the open-data room keeps: which project an imported IATI activity became."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedActivity(models.Model):
    """An IATI activity imported once: a later import of the same identifier updates the same project."""

    identifier = models.CharField(_("IATI identifier"), max_length=255, unique=True)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="iati_imports")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)
    # The elements of a foreign activity that the platform has no field for, as published (one XML string
    # per element, by tag, narratives' languages made explicit): the export re-emits them (docs/OPEN-DATA.md).
    kept = models.JSONField(_("IATI elements kept as published"), default=dict, blank=True)

    class Meta:
        verbose_name = _("imported IATI activity")
        verbose_name_plural = _("imported IATI activities")

    def __str__(self) -> str:
        return self.identifier


class ExportSize(models.Model):
    """How large an open-data file was the last time it was generated in full (the open-data page shows it).

    A measurement of the platform's own output, like a cache: written when a download finishes and by
    `manage.py opendata_sizes`, never by a person (so no event is recorded for it).
    """

    key = models.CharField(_("file"), max_length=100, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    measured_at = models.DateTimeField(_("measured at"))

    class Meta:
        verbose_name = _("size of an open-data file")
        verbose_name_plural = _("sizes of open-data files")

    def __str__(self) -> str:
        return f"{self.key}: {self.size}"
