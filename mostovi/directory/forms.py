from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Country, Level
from .selectors import SORT_COUNTRY, SORT_NAME, SORT_POPULATION, SORT_RELEVANCE

SORT_CHOICES = [
    ("", pgettext_lazy("sort order", "Best match")),
    (SORT_NAME, pgettext_lazy("sort order", "Name")),
    (SORT_POPULATION, pgettext_lazy("sort order", "Population")),
    (SORT_COUNTRY, pgettext_lazy("sort order", "Country")),
]


class DirectorySearchForm(forms.Form):
    """The directory's search and filters; any invalid value is ignored rather than refused."""

    q = forms.CharField(label=_("Name"), required=False, strip=True)
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    network = forms.TypedChoiceField(label=_("Network"), required=False, coerce=int, empty_value=None)
    population_min = forms.IntegerField(label=_("Population from"), required=False, min_value=0)
    population_max = forms.IntegerField(label=_("Population up to"), required=False, min_value=0)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, networks: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = ("", pgettext_lazy("filter", "All"))
        self.fields["country"].choices = [any_choice, *Country.choices]
        self.fields["level"].choices = [any_choice, *Level.choices]
        self.fields["network"].choices = [any_choice, *networks]
        self.fields["q"].widget.attrs.update(
            {
                "type": "search",
                "maxlength": "200",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("Niš, Lyon, София…"),
            }
        )
        for name in ("population_min", "population_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": "1000"})

    def search_params(self) -> dict:
        """Keyword arguments for `authority_search` from the valid fields only."""
        if not self.is_bound:
            return {"q": ""}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "")[:200],
            "country": data.get("country") or None,
            "level": data.get("level") or None,
            "network": data.get("network") or None,
            "population_min": data.get("population_min"),
            "population_max": data.get("population_max"),
            "sort": data.get("sort") or SORT_RELEVANCE,
        }


class MandateForm(forms.Form):
    """The two dates of an authority's council mandate; both may be left empty."""

    mandate_started_on = forms.DateField(
        label=_("Current mandate since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_elections_on = forms.DateField(
        label=_("Next local elections"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.format = "%Y-%m-%d"
