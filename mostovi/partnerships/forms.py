"""Forms of the partnership pages. They only shape the input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mostovi.directory.models import Country

from .models import Kind, Status

YEAR_MIN, YEAR_MAX = 1900, 2100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").replace(",", ";").split(";") if v.strip()]


class PartnershipFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    network = forms.TypedChoiceField(label=_("Network"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year_from = forms.IntegerField(
        label=_("Signed from (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = forms.IntegerField(
        label=_("Signed until (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    authority = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, themes=(), networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Every country")), *Country.choices]
        self.fields["theme"].choices = [("", _("Every theme"))] + [(t.slug, t.label) for t in themes]
        self.fields["network"].choices = [("", _("Every network"))] + [
            (n.pk, n.acronym or n.name_latin or n.name) for n in networks
        ]
        self.fields["kind"].choices = [("", _("Every kind")), *Kind.choices]

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            raise forms.ValidationError(_("The first year comes after the last one."))
        return data

    def filters(self) -> dict:
        """The selector's filters (empty when the form is not valid: every partnership is listed)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "country": data.get("country") or None,
            "theme": data.get("theme") or None,
            "network": data.get("network"),
            "kind": data.get("kind") or None,
            "year_from": data.get("year_from"),
            "year_to": data.get("year_to"),
            "authority": data.get("authority"),
        }


class _DetailsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.ACTIVE)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput())
    renewed_on = forms.DateField(label=_("Renewed on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    working_languages = forms.CharField(
        label=_("Working languages"),
        required=False,
        max_length=100,
        help_text=_("Language codes separated by semicolons, for example: fr;sr."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.slug, t.label) for t in themes]

    def clean_working_languages(self):
        return _split(self.cleaned_data["working_languages"])


class PartnershipCreateForm(_DetailsForm):
    authority = forms.TypedChoiceField(label=_("Your authority"), coerce=int)
    partner_code = forms.CharField(
        label=_("Partner authority (code)"),
        max_length=80,
        help_text=_(
            "Its official code or its Mostovi key, as on its directory page: 69123 or FR:insee:69123, "
            "RS:city:Niš, BG:nsi:SOF46."
        ),
    )
    field_order = ["authority", "partner_code", "kind", "status", "signed_on", "renewed_on", "ends_on"]

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(a.pk, str(a)) for a in authorities]


class PartnershipEditForm(_DetailsForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, partnership) -> dict:
        return {
            "revision": partnership.revision,
            "kind": partnership.kind,
            "status": partnership.status,
            "signed_on": partnership.signed_on,
            "renewed_on": partnership.renewed_on,
            "ends_on": partnership.ends_on,
            "themes": [t.slug for t in partnership.themes.all()],
            "working_languages": ";".join(partnership.working_languages or []),
            "note": partnership.note,
        }

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class ConventionForm(forms.Form):
    file = forms.FileField(label=_("Signed convention (PDF, DOCX, ODT or image)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
