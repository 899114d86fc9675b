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

from mostovi.core.formats import format_date
from mostovi.core.models import SoftDeleteModel

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


# --- joint periodic reviews ----------------------------------------------------------------------


class Criterion(models.TextChoices):
    """The six OECD-DAC evaluation criteria (revised definitions, DAC, 10 December 2019)."""

    RELEVANCE = "relevance", pgettext_lazy("OECD-DAC criterion", "Relevance")
    COHERENCE = "coherence", pgettext_lazy("OECD-DAC criterion", "Coherence")
    EFFECTIVENESS = "effectiveness", pgettext_lazy("OECD-DAC criterion", "Effectiveness")
    EFFICIENCY = "efficiency", pgettext_lazy("OECD-DAC criterion", "Efficiency")
    IMPACT = "impact", pgettext_lazy("OECD-DAC criterion", "Impact")
    SUSTAINABILITY = "sustainability", pgettext_lazy("OECD-DAC criterion", "Sustainability")


SCORE_MIN, SCORE_MAX = 1, 4


class ReviewStatus(models.TextChoices):
    SCORING = "scoring", pgettext_lazy("review", "Partners scoring")
    SYNTHESIS = "synthesis", pgettext_lazy("review", "Joint synthesis")
    COMPLETED = "completed", pgettext_lazy("review", "Completed")


class ReviewSchedule(models.Model):
    """How often the partners review the project together (for example every six months)."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="review_schedule"
    )
    interval_months = models.PositiveSmallIntegerField(_("every (months)"), default=6)
    first_review_on = models.DateField(_("first review on"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review schedule")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gte=1, interval_months__lte=60), name="review_interval_1_60"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.interval_months} / {self.first_review_on}"


class Review(SoftDeleteModel):
    """A joint periodic review of a project over a period; the final review closes the project."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="reviews")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    is_final = models.BooleanField(_("final review"), default=False)
    # What was done in the period, as the partners describe it.
    summary = models.TextField(_("what was done"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SCORING
    )
    synthesis = models.TextField(_("joint synthesis"), blank=True)
    synthesis_language = models.CharField(_("language of the synthesis"), max_length=10, blank=True)
    # Raised at every change of the synthesis; approvals count for the version they name.
    synthesis_version = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["period_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="review_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        # The period in the reader's order of dates ("15 Jan 2026–30 Jun 2026", "15 janv. 2026–30 juin 2026").
        return f"{format_date(self.period_start)}–{format_date(self.period_end)}"


class Assessment(models.Model):
    """One partner authority's own scoring of a review, hidden from the others until every partner has
    submitted theirs."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=10, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        constraints = [
            models.UniqueConstraint(fields=["review", "authority"], name="one_assessment_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.authority_id}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    narrative = models.TextField(_("narrative"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="score_between_1_and_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ReviewApproval(models.Model):
    """A partner authority approves one version of the joint synthesis."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="approvals")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    synthesis_version = models.PositiveIntegerField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "authority", "synthesis_version"], name="one_review_approval_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.authority_id} v{self.synthesis_version}"


# --- follow-up actions ---------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up action", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("follow-up action", "In progress")
    DONE = "done", pgettext_lazy("follow-up action", "Done")
    HANDED_OVER = "handed_over", pgettext_lazy("follow-up action", "Handed over")
    CANCELLED = "cancelled", pgettext_lazy("follow-up action", "Cancelled")


# Statuses in which an action still asks for work (and can be overdue).
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class FollowUpAction(SoftDeleteModel):
    """A recommendation turned into work: what, who (a membership of one partner authority), by when."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="follow_up_actions"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    owner_authority = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner authority"),
    )
    # Null only when the holder left and nobody could take over (listed on the unheld page).
    owner = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    evidence = models.TextField(_("evidence of completion"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Reminders sent (so that the daily task sends each once).
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]

    def __str__(self) -> str:
        return self.title


# --- lessons learned -----------------------------------------------------------------------------


class Lesson(SoftDeleteModel):
    """A lesson learned, recorded at a review or at closing; searchable across projects and languages."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="lessons")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    authority = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    at_closing = models.BooleanField(_("recorded at closing"), default=False)
    title = models.CharField(_("lesson"), max_length=300)
    text = models.TextField(_("what we learned"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    # Title and text folded for search (accents, Cyrillic → Latin, case), filled by the service.
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
