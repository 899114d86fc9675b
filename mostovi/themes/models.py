from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import THEMES, theme_label


class Theme(models.Model):
    """A theme of local competence; rows mirror `catalogue.THEMES` (kept in step by a migration)."""

    slug = models.SlugField(unique=True, max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    dac_codes = models.JSONField(_("DAC sector codes"), default=list)

    class Meta:
        ordering = ["position"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return theme_label(self.slug)


def themes_sync(theme_model=Theme) -> None:
    """Create or update the rows from the catalogue (also called by the data migration)."""
    for position, (slug, (_label, codes)) in enumerate(THEMES.items()):
        theme_model.objects.update_or_create(slug=slug, defaults={"position": position, "dac_codes": codes})
