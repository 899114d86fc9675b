import json

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostovi.directory.models import Country
from mostovi.themes.catalogue import THEMES
from mostovi.themes.models import Theme

from .catalogue.params import validate_params
from .models import Instrument, InstrumentKind, RuleKind


class CatalogueFilterForm(forms.Form):
    """Filters of the catalogue; an invalid value is ignored rather than refused."""

    funder = forms.ChoiceField(label=_("Funder"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Open to authorities of"), required=False)

    def __init__(self, *args, funders: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = ("", pgettext_lazy("filter", "All"))
        self.fields["funder"].choices = [any_choice, *funders]
        self.fields["kind"].choices = [any_choice, *InstrumentKind.choices]
        self.fields["theme"].choices = [
            any_choice,
            *((slug, label) for slug, (label, _codes) in THEMES.items()),
        ]
        self.fields["country"].choices = [any_choice, *Country.choices]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: self.cleaned_data.get(key) or "" for key in self.fields if key not in self.errors}


class _LinesField(forms.CharField):
    """A list of strings typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(v if isinstance(v, str) else v.get("url", "") for v in value)
        return value

    def to_python(self, value):
        return [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]


class InstrumentForm(forms.ModelForm):
    required_documents = _LinesField(label=_("Required documents (one a line)"), required=False)
    sources = _LinesField(label=_("Source addresses (one a line)"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Instrument
        fields = [
            "slug",
            "name",
            "funder",
            "kind",
            "description",
            "who_may_lead",
            "who_may_partner",
            "amounts",
            "co_financing",
            "themes",
            "periodicity",
            "required_documents",
            "website",
            "sources",
            "checked_on",
            "unverified",
            "is_active",
        ]
        widgets = {
            "checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "who_may_lead": forms.Textarea(attrs={"rows": 2}),
            "who_may_partner": forms.Textarea(attrs={"rows": 2}),
            "amounts": forms.Textarea(attrs={"rows": 2}),
            "co_financing": forms.Textarea(attrs={"rows": 2}),
            "unverified": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_sources(self):
        urls = self.cleaned_data["sources"]
        validator = forms.URLField()
        return [{"url": validator.clean(url), "title": ""} for url in urls]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("themes", None)
        return data


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleKind.choices)
    params = forms.CharField(
        label=_("Parameters (JSON)"),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_('For example {"countries": ["FR"]}; each kind has its own parameters.'),
    )
    text = forms.CharField(
        label=_("The rule as the source states it"), widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.URLField(label=_("Source address"), max_length=500, assume_scheme="https")
    checked_on = forms.DateField(label=_("Checked on"), widget=forms.DateInput(attrs={"type": "date"}))
    verified = forms.BooleanField(
        label=_("Verified against the source"),
        required=False,
        help_text=_(
            "Leave unticked when no source confirms it: the platform then says so wherever it shows it."
        ),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0, required=False)

    def clean_params(self):
        raw = self.cleaned_data["params"]
        try:
            params = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("The parameters are not valid JSON.")) from exc
        return params

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned and "params" in cleaned:
            problems = validate_params(cleaned["kind"], cleaned["params"])
            if problems:
                self.add_error("params", problems)
        if cleaned.get("position") is None:
            cleaned["position"] = 0
        return cleaned

    @classmethod
    def initial_for(cls, rule) -> dict:
        return {
            "kind": rule.kind,
            "params": json.dumps(rule.params, ensure_ascii=False),
            "text": rule.text,
            "source": rule.source,
            "checked_on": rule.checked_on.isoformat() if rule.checked_on else "",
            "verified": rule.verified,
            "position": rule.position,
        }


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("The change you propose"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Say what the source states and what the catalogue should say."),
    )
    source = forms.URLField(label=_("Source address"), required=False, max_length=500, assume_scheme="https")


class AidDeclarationForm(forms.Form):
    """The date a French authority filed its e-APD declaration, and the campaign year."""

    year = forms.IntegerField(label=_("Campaign year"), min_value=2000, max_value=2100)
    filed_on = forms.DateField(label=_("Filed on"), widget=forms.DateInput(attrs={"type": "date"}))
