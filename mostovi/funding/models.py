"""Funding: the catalogue of real instruments with machine-readable rules, and each project's funding plan."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mostovi.core.models import SoftDeleteModel


class InstrumentKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LUMP_SUM = "lump_sum", _("Lump sum")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    # xgettext:no-python-format
    LEVY = "levy", _("1 % levy")
    PROGRAMME = "programme", _("Programme (through calls or partners)")


class Instrument(SoftDeleteModel):
    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=255)
    funder = models.CharField(_("funder"), max_length=255)
    funder_organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=InstrumentKind.choices)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="instruments")
    periodicity = models.CharField(_("periodicity"), max_length=255, blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    is_active = models.BooleanField(_("open to new projects"), default=True)
    # What the sources say, as text (the machine-checked part is in the rules).
    who_may_lead = models.TextField(_("who may lead"), blank=True)
    who_may_partner = models.TextField(_("who may be a partner"), blank=True)
    amounts = models.TextField(_("amounts"), blank=True)
    co_financing = models.TextField(_("co-financing"), blank=True)
    # [{"url": ..., "title": ...}]: where these texts come from, and when they were checked.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    unverified = models.TextField(_("facts not yet verified"), blank=True)
    # The name as the funder itself writes it, when the catalogue's name is not (e.g. a French call).
    official_name = models.CharField(_("official name"), max_length=255, blank=True)
    official_name_language = models.CharField(max_length=12, blank=True)
    official_name_source = models.URLField(_("source of the official name"), max_length=500, blank=True)
    # The texts above in the other interface languages (see `catalogue/texts.py`):
    # {language: {"source": url or "", "texts": {field: text}, "of": {field: digest of the English}}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding instrument")
        verbose_name_plural = _("funding instruments")

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    """Each kind is evaluated by a function of the same name in `catalogue/checkers.py`; params are
    documented in `catalogue/__init__.py`."""

    LEAD_COUNTRY_IN = "lead_country_in", _("Lead authority's country")
    PARTNER_COUNTRY_IN = "partner_country_in", _("Partner authority's country")
    LEAD_KIND_IN = "lead_kind_in", _("Kind of lead organisation")
    MIN_PARTNER_COUNTRIES = "min_partner_countries", _("Minimum number of partner countries")
    RATE_BAND_BY_COUNTRY = "rate_band_by_country", _("Maximum rate by partner country")
    MAX_RATE = "max_rate", _("Maximum co-financing rate")
    AMOUNT_RANGE = "amount_range", _("Grant amount range")
    LUMP_SUM_RANGE = "lump_sum_range", _("Lump-sum range")
    MIN_OWN_SHARE = "min_own_share", _("Minimum share of an applicant")
    IN_KIND_CAP = "in_kind_cap", _("Cap on in-kind contributions")
    REQUIRED_DOCUMENT = "required_document", _("Required document")
    THEME_IN = "theme_in", _("Themes covered")
    DURATION_MAX = "duration_max", _("Maximum duration")
    # xgettext:no-python-format
    LEVY_BASE = "levy_base", _("Base of the 1 % levy")
    PRECONDITION = "precondition", _("Precondition the platform cannot check")


class Rule(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind"), max_length=32, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    text = models.TextField(_("the rule as the source states it"), blank=True)
    source = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked on"))
    verified = models.BooleanField(_("verified"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # {language: {"text": ..., "of": digest of the English text}} (see `catalogue/texts.py`).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.instrument.slug}: {self.kind}"


class Call(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=255)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=True)
    # {language: {"title": ..., "of": digest of the English title}} (see `catalogue/texts.py`).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["closes_on", "id"]

    def __str__(self) -> str:
        return self.title


class SavedCall(models.Model):
    """A person follows a call: its closing date comes to their workspace in the 60 days before it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_calls")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="savers")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="saved_call_once")]
        verbose_name = _("saved call")
        verbose_name_plural = _("saved calls")

    def __str__(self) -> str:
        return f"{self.user} → {self.call}"


class AidDeclarationFiling(models.Model):
    """A French authority records the date it filed its yearly e-APD declaration (CGCT L1115-6).

    `year` is the campaign (15 April – 31 May of that year, declaring the aid paid the year before). The
    DCTCIV rule "the authority has filed its e-APD declaration" reads these rows.
    """

    authority = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="aid_declaration_filings"
    )
    year = models.PositiveSmallIntegerField(_("campaign year"))
    filed_on = models.DateField(_("filed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="aid_declaration_filing_once_a_year")
        ]
        verbose_name = _("e-APD declaration filed")
        verbose_name_plural = _("e-APD declarations filed")

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.year}"


class ChangeProposal(models.Model):
    """A network coordinator proposes a change to the catalogue; platform staff decide."""

    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("proposed change"))
    source = models.URLField(_("source"), max_length=500, blank=True)
    status = models.CharField(max_length=10, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"proposal #{self.pk}"


# --- funding plans --------------------------------------------------------------------------------


class ExchangeRate(models.Model):
    """Units of `currency` for one euro on a date, entered or imported with its source.

    A rate without a project is shared reference data (entered by staff); a rate with a project was entered
    by that project's partners for their own plan and is read by that plan only. Every correction is kept
    in the history."""

    currency = models.CharField(max_length=3)
    on = models.DateField()
    units_per_eur = models.DecimalField(max_digits=18, decimal_places=6)
    source = models.CharField(max_length=255, blank=True)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="exchange_rates"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency", "-on"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "on"],
                condition=Q(project__isnull=True),
                name="one_shared_rate_per_currency_and_day",
            ),
            models.UniqueConstraint(
                fields=["project", "currency", "on"],
                condition=Q(project__isnull=False),
                name="one_project_rate_per_currency_and_day",
            ),
            models.CheckConstraint(condition=Q(units_per_eur__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 EUR = {self.units_per_eur} {self.currency} ({self.on})"


class FundingPlanVersion(models.Model):
    """An immutable version of a project's funding plan; approved by every partner like the programme.

    `rates` is empty while no partner has approved the version (its amounts follow the rates entered); the
    first approval stores the rates used, and from then on the version's euros are computed from them."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="funding_plans")
    number = models.PositiveIntegerField()
    rate_date = models.DateField(_("date of the exchange rates"))
    rates = models.JSONField(_("exchange rates it was approved with"), default=dict, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_funding_plan_version")
        ]

    def __str__(self) -> str:
        return f"plan v{self.number}"


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    TRAVEL = "travel", _("Travel and missions")
    EQUIPMENT = "equipment", _("Equipment")
    SERVICES = "services", _("External services")
    EVENTS = "events", _("Events and communication")
    OTHER = "other", pgettext_lazy("cost category", "Other")


class BudgetLine(models.Model):
    plan = models.ForeignKey(FundingPlanVersion, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=12, choices=CostCategory.choices)
    label = models.CharField(_("label"), max_length=255)
    partner = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        "projects.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")]

    def __str__(self) -> str:
        return self.label


class SourceKind(models.TextChoices):
    GRANT = "grant", _("Grant from an instrument")
    OWN_CASH = "own_cash", _("Own cash contribution")
    IN_KIND = "in_kind", _("In-kind contribution")
    OTHER = "other", pgettext_lazy("funding source", "Other")


class FundingSource(models.Model):
    plan = models.ForeignKey(FundingPlanVersion, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices)
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whose contribution it is (own cash, in kind) or who receives the grant.
    partner = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    valuation = models.TextField(_("how the in-kind contribution is valued"), blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="funding_source_not_negative")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency}"


class FundingPlanApproval(models.Model):
    plan = models.ForeignKey(FundingPlanVersion, on_delete=models.CASCADE, related_name="approvals")
    authority = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "authority"], name="unique_funding_plan_approval")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} approves plan {self.plan_id}"


class TransactionType(models.TextChoices):
    """IATI TransactionType codes used here."""

    COMMITMENT = "2", pgettext_lazy("IATI transaction", "Outgoing commitment")
    DISBURSEMENT = "3", pgettext_lazy("IATI transaction", "Disbursement")
    EXPENDITURE = "4", pgettext_lazy("IATI transaction", "Expenditure")
    INCOMING_FUNDS = "1", pgettext_lazy("IATI transaction", "Incoming funds")
    INCOMING_COMMITMENT = "11", pgettext_lazy("IATI transaction", "Incoming commitment")


class Transaction(SoftDeleteModel):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="transactions")
    type = models.CharField(_("type"), max_length=2, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    provider = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiver = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="transaction_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount} {self.currency}"


class CalendarToken(models.Model):
    """The private token of a user's iCal feed; revocable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reminder_days = models.PositiveSmallIntegerField(default=14)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"


ZERO = Decimal("0")


class ReminderSent(models.Model):
    """A deadline reminder e-mailed to a user: one per event and day, so that a second run sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event_uid = models.CharField(max_length=120)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_uid", "sent_on"], name="one_reminder_per_event_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.event_uid} → {self.user_id} ({self.sent_on})"
