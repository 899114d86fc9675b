"""The results framework (logical framework) of a project: results, indicators, targets, reported values.

Codes follow IATI: `ResultType` (1 output, 2 outcome, 3 impact) and `IndicatorMeasure` (1 unit, 2 percentage,
3 nominal, 4 ordinal, 5 qualitative). No workflow here: statuses change in `lifecycle.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# Reported figures: up to 14 digits before the point, 4 after.
DIGITS, DECIMALS = 18, 4


class Level(models.TextChoices):
    """IATI ResultType; the logframe rows from the top down are impact, outcome, output."""

    IMPACT = "3", pgettext_lazy("result level", "Impact (overall objective)")
    OUTCOME = "2", pgettext_lazy("result level", "Outcome (specific objective)")
    OUTPUT = "1", pgettext_lazy("result level", "Output (expected result)")


# The level a parent result must have.
PARENT_LEVEL = {Level.OUTCOME: Level.IMPACT, Level.OUTPUT: Level.OUTCOME}


class Measure(models.TextChoices):
    """IATI IndicatorMeasure."""

    UNIT = "1", pgettext_lazy("indicator measure", "Unit")
    PERCENTAGE = "2", pgettext_lazy("indicator measure", "Percentage")
    NOMINAL = "3", pgettext_lazy("indicator measure", "Nominal")
    ORDINAL = "4", pgettext_lazy("indicator measure", "Ordinal")
    QUALITATIVE = "5", pgettext_lazy("indicator measure", "Qualitative")


NUMERIC_MEASURES = (Measure.UNIT, Measure.PERCENTAGE, Measure.NOMINAL, Measure.ORDINAL)


class ValueStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("reported value", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("reported value", "Submitted")
    APPROVED = "approved", pgettext_lazy("reported value", "Approved")
    RETURNED = "returned", pgettext_lazy("reported value", "Returned")


class Result(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="results")
    level = models.CharField(_("level"), max_length=1, choices=Level.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Titles of actions of the programme version current when the result was linked.
    actions = models.JSONField(_("programme actions"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-level", "id"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("title"), max_length=300)
    measure = models.CharField(_("measure"), max_length=1, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    baseline_text = models.TextField(_("baseline"), blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    sources = models.TextField(_("sources of verification"), blank=True)
    assumptions = models.TextField(_("assumptions"), blank=True)
    reporting_partner = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting partner"),
    )
    reporter = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporter"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_numeric(self) -> bool:
        return self.measure in NUMERIC_MEASURES


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(
        _("target"), max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    value_text = models.TextField(_("target"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="target_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_start}–{self.period_end}"


class ReportedValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("value"), max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True)
    value_text = models.TextField(_("value"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    # Why the other partner returned it (kept until the next decision).
    return_comment = models.TextField(_("reason for returning"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["period_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="value_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.value_text
        return f"{self.indicator_id} {self.period_end}: {shown}"
