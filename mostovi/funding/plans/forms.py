"""Forms of the funding pages. Amounts are typed as people write them in their language:
"12 500,50" in French, "12.500,50" in Serbian or Bulgarian, "12,500.50" in English."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from mostovi.projects.forms import DateInput

from ..catalogue.texts import text as catalogue_text
from ..models import CostCategory, SourceKind, TransactionType
from . import validation as v

SPACES = {" ", "\xa0", "\u202f"}
EXAMPLE = Decimal("12500.50")


def _separators() -> tuple[str, set[str]]:
    """The decimal separator of the active language and the grouping separators accepted with it."""
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    thousand = formats.get_format("THOUSAND_SEPARATOR")
    grouping = {thousand, unicodedata.normalize("NFKD", thousand)} - {""}
    if grouping & SPACES:
        grouping |= SPACES
    if decimal == ",":
        grouping |= {".", *SPACES}  # unambiguous: a point cannot be the decimal separator here
    else:
        grouping |= SPACES
    grouping.discard(decimal)
    return decimal, grouping


def example_amount() -> str:
    return formats.number_format(EXAMPLE, 2, use_l10n=True, force_grouping=True).replace("\xa0", " ")


class LocaleDecimalField(forms.DecimalField):
    """A DecimalField (localize=True) that refuses the separators of another language with a clear message,
    negative amounts and absurd ones."""

    default_max = v.MAX_AMOUNT

    def __init__(self, *, max_value=None, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs["localize"] = True
        super().__init__(max_value=None, min_value=None, **kwargs)
        self.limit = max_value if max_value is not None else self.default_max
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.startswith("-") or text.startswith("\u2212"):
            raise ValidationError(_("Enter a positive amount (no minus sign)."), code="negative")
        text = text.lstrip("+")
        decimal, grouping = _separators()
        pattern = (
            r"^(?:\d+|\d{1,3}(?:(?P<g>[" + re.escape("".join(sorted(grouping))) + r"])\d{3})(?:(?P=g)\d{3})*)"
            r"(?:" + re.escape(decimal) + r"\d+)?$"
        )
        if not re.match(pattern, text):
            raise ValidationError(
                _("Write the number as in %(example)s: “%(decimal)s” before the decimals."),
                code="format",
                params={"example": example_amount(), "decimal": decimal},
            )
        for separator in grouping:
            text = text.replace(separator, "")
        return super().to_python(formats.sanitize_separators(text))

    def validate(self, value):
        super().validate(value)
        if value is not None and value > self.limit:
            raise ValidationError(
                _("This amount is larger than %(max)s: check the figure."),
                code="absurd",
                params={"max": v.money(self.limit)},
            )


class LocalePercentField(LocaleDecimalField):
    """A rate in percent, between 0 and 100."""

    default_max = Decimal("100")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        super().__init__(**kwargs)

    def validate(self, value):
        forms.DecimalField.validate(self, value)
        if value is not None and value > self.limit:
            raise ValidationError(_("A rate cannot be more than 100 %."), code="over_100")


class CurrencyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("initial", "EUR")
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "currencies", "size": 4, "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        code = value.strip().upper()
        if code not in v.known_currencies():
            raise ValidationError(
                _("Unknown currency “%(code)s”: use an ISO 4217 code such as EUR, RSD or BGN."),
                code="currency",
                params={"code": value[:10]},
            )
        return code


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rate_date = forms.DateField(
        label=_("Date of the exchange rates"),
        widget=DateInput(),
        help_text=_("Amounts in other currencies are converted at the latest rate entered on or before it."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class _RowForm(forms.Form):
    keys: tuple = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return not any(data.get(k) not in (None, "") for k in self.keys)

    def has_changed(self) -> bool:
        # A row counts as filled as soon as any meaningful field is typed in.
        return any(str(self.data.get(self.add_prefix(k)) or "").strip() for k in self.keys)


class LineForm(_RowForm):
    keys = ("label", "amount")
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    label = forms.CharField(label=_("Cost"), max_length=255, required=False)
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    activity = forms.TypedChoiceField(label=_("Activity"), coerce=int, required=False, empty_value=None)
    amount = LocaleDecimalField(label=_("Amount"), required=False)
    currency = CurrencyField(label=_("Currency"))

    def __init__(self, *args, partners=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(a.pk, str(a)) for a in partners]
        self.fields["activity"].choices = [("", "—")] + [(a.pk, a.title) for a in activities]

    def clean(self):
        data = super().clean()
        if not self.is_blank():
            if not data.get("label") and "label" not in self.errors:
                self.add_error("label", _("Say what the cost is."))
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("Enter the amount."))
        return data

    def row(self) -> dict:
        d = self.cleaned_data
        return {
            "category": d["category"],
            "label": d["label"],
            "partner_id": d["partner"],
            "activity_id": d.get("activity"),
            "amount": d["amount"],
            "currency": d["currency"] or "EUR",
        }


class SourceForm(_RowForm):
    keys = ("amount", "rate", "valuation", "instrument")
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    instrument = forms.TypedChoiceField(
        label=_("Funding instrument"), coerce=int, required=False, empty_value=None
    )
    partner = forms.TypedChoiceField(label=_("Partner (who brings or receives it)"), coerce=int)
    amount = LocaleDecimalField(label=_("Amount"), required=False)
    rate = LocalePercentField(
        label=_("or share of the total cost (%)"),
        required=False,
        help_text=_("Leave the amount empty to compute it from the total cost."),
    )
    currency = CurrencyField(label=_("Currency"))
    valuation = forms.CharField(
        label=_("How the in-kind contribution is valued"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def __init__(self, *args, partners=(), instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(a.pk, str(a)) for a in partners]
        self.fields["instrument"].choices = [("", "—")] + [(i.pk, catalogue_text(i)) for i in instruments]

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if data.get("amount") is None and data.get("rate") is None and not self.errors.get("amount"):
            self.add_error("amount", _("Enter the amount, or the share of the total cost."))
        if data.get("kind") == SourceKind.GRANT and not data.get("instrument"):
            self.add_error("instrument", _("A grant names its funding instrument."))
        if data.get("kind") == SourceKind.IN_KIND and not (data.get("valuation") or "").strip():
            self.add_error("valuation", _("Say how the in-kind contribution is valued."))
        return data

    def row(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "instrument_id": d.get("instrument"),
            "partner_id": d["partner"],
            "amount": d.get("amount"),
            "rate": d.get("rate"),
            "currency": d["currency"] or "EUR",
            "valuation": d.get("valuation") or "",
        }


class RowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [f.row() for f in self.forms if f.has_changed() and not f.is_blank()]


LineFormSet = forms.formset_factory(LineForm, formset=RowFormSet, extra=0, max_num=300, absolute_max=300)
SourceFormSet = forms.formset_factory(SourceForm, formset=RowFormSet, extra=0, max_num=100, absolute_max=100)


class ExchangeRateForm(forms.Form):
    currency = CurrencyField(label=_("Currency"))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    units_per_eur = LocaleDecimalField(
        label=_("Units for one euro"), max_digits=18, decimal_places=6, max_value=Decimal("1000000000")
    )
    source = forms.CharField(
        label=_("Source of the rate"),
        max_length=255,
        help_text=_("For instance: the official rate of the national bank on that day."),
    )


class RatesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: currency,date,units_per_eur,source (with this header; dates YYYY-MM-DD)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file must be UTF-8 text.")) from None


class TransactionForm(forms.Form):
    type = forms.ChoiceField(label=_("Kind"), choices=TransactionType.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = LocaleDecimalField(label=_("Amount"))
    currency = CurrencyField(label=_("Currency"))
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int, required=False, empty_value=None)
    receiver = forms.TypedChoiceField(label=_("Receiver"), coerce=int, required=False, empty_value=None)
    instrument = forms.TypedChoiceField(
        label=_("Funding instrument"), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, organisations=(), instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(o.pk, str(o)) for o in organisations]
        self.fields["provider"].choices = choices
        self.fields["receiver"].choices = choices
        self.fields["instrument"].choices = [("", "—")] + [(i.pk, catalogue_text(i)) for i in instruments]


class ReminderForm(forms.Form):
    reminder_days = forms.IntegerField(
        label=_("Remind me by e-mail this many days before each deadline (0: never)"),
        min_value=0,
        max_value=90,
    )


class CalendarFilterForm(forms.Form):
    authority = forms.TypedChoiceField(label=_("Authority"), coerce=int, required=False, empty_value=None)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [("", _("All my authorities"))] + [
            (a.pk, str(a)) for a in authorities
        ]
