"""Forms of the logframe page. Numbers are typed in the reader's language; the services check the rest."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ..models import NUMERIC_MEASURES, Level, Measure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def canonical(text: str, measure: str) -> str:
    """A number typed as the reader writes it (12 500,5 in French) in the form the services read (12500.5)."""
    if measure not in NUMERIC_MEASURES:
        return text
    text = text.strip()
    for space in (" ", "\xa0", "\u202f"):
        text = text.replace(space, "")
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    grouping = formats.get_format("THOUSAND_SEPARATOR")
    if grouping and grouping != decimal and grouping.strip():
        text = text.replace(grouping, "")
    return text.replace(decimal, ".").replace("\u2212", "-")


class ResultForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.TypedChoiceField(label=_("Under"), required=False, coerce=int, empty_value=None)
    actions = forms.MultipleChoiceField(
        label=_("Programme actions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, results=(), action_titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + [
            (r.pk, f"{r.get_level_display()}: {r.title}") for r in results if r.level != Level.OUTPUT
        ]
        self.fields["actions"].choices = [(t, t) for t in action_titles]


class IndicatorForm(forms.Form):
    result = forms.TypedChoiceField(label=_("Result"), coerce=int)
    title = forms.CharField(label=_("Indicator"), max_length=300)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline = forms.CharField(label=_("Baseline"), required=False)
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput())
    sources = forms.CharField(
        label=_("Sources of verification"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assumptions = forms.CharField(
        label=_("Assumptions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reporting_partner = forms.TypedChoiceField(label=_("Reporting partner"), coerce=int)
    reporter = forms.TypedChoiceField(label=_("Reporter"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, results=(), partners=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(r.pk, f"{r.get_level_display()}: {r.title}") for r in results]
        self.fields["reporting_partner"].choices = [(a.pk, str(a)) for a in partners]
        self.fields["reporter"].choices = [("", "—")] + [
            (m.pk, f"{m.user} — {m.get_role_display()} — {m.organisation}") for m in members
        ]

    def clean(self):
        data = super().clean()
        if data.get("baseline") and data.get("measure"):
            data["baseline"] = canonical(data["baseline"], data["measure"])
        return data


class PeriodValueForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())
    value = forms.CharField(label=_("Value"), max_length=2000)

    def __init__(self, *args, measure: str = Measure.UNIT, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure in NUMERIC_MEASURES:
            self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean_value(self):
        return canonical(self.cleaned_data["value"], self.measure)


class ValueForm(PeriodValueForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
