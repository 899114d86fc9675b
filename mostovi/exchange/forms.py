"""Forms of the exchange pages. They only shape the input; the services decide what is allowed."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostovi.directory.models import Country, Level
from mostovi.partnerships.models import Kind as PartnershipKind
from mostovi.themes.models import Theme

from .models import PartnerSize, PostKind

# The languages of the posts: the interface languages, and those of the Western Balkans and neighbours.
POST_LANGUAGES = [
    *settings.LANGUAGES,
    ("mk", _("Macedonian")),
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("hr", _("Croatian")),
    ("cnr", _("Montenegrin")),
    ("de", _("German")),
    ("it", _("Italian")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _theme_choices():
    return [(t.slug, t.label) for t in Theme.objects.order_by("position")]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("exchange post", "Kind"),
        required=False,
        choices=[("", _("Offers and needs")), *PostKind.choices],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(
        label=_("Country of the authority"),
        required=False,
        choices=[("", _("Every country")), *Country.choices],
    )
    sought = forms.ChoiceField(
        label=_("Partner sought in"), required=False, choices=[("", _("Every country")), *Country.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Every language")), *POST_LANGUAGES]
    )
    expired = forms.BooleanField(label=_("Show expired posts"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Every theme")), *_theme_choices()]


class PostForm(forms.Form):
    authority = forms.TypedChoiceField(label=_("Posting authority"), coerce=int)
    kind = forms.ChoiceField(
        label=pgettext_lazy("exchange post", "Kind"), choices=PostKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    language = forms.ChoiceField(label=_("Language of the title and text"), choices=POST_LANGUAGES)
    themes = forms.MultipleChoiceField(label=_("Themes"), widget=forms.CheckboxSelectMultiple)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    countries_sought = forms.MultipleChoiceField(
        label=_("Countries sought"),
        required=False,
        choices=Country.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_levels = forms.MultipleChoiceField(
        label=_("Kind of partner sought"),
        required=False,
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_size = forms.ChoiceField(
        label=_("Size of partner sought"), required=False, choices=PartnerSize.choices
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=POST_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = _theme_choices()
        if authorities is None:
            del self.fields["authority"]
        else:
            self.fields["authority"].choices = [(a.pk, f"{a} ({a.country})") for a in authorities]

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The validity date is in the past."))
        return value


class PostEditForm(PostForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, authorities=None, **kwargs)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=POST_LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)


class SaveFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100, required=False)


class InterestForm(forms.Form):
    from_authority = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5_000)

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_authority"].choices = [(a.pk, f"{a} ({a.country})") for a in authorities]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000)


class AcceptForm(forms.Form):
    create = forms.ChoiceField(
        label=_("Create"),
        choices=[
            ("partnership", _("A partnership record")),
            ("project", _("A project draft with both partners")),
        ],
        widget=forms.RadioSelect,
        initial="partnership",
    )
    kind = forms.ChoiceField(
        label=_("Kind of partnership"),
        required=False,
        choices=[
            (value, label) for value, label in PartnershipKind.choices if value != PartnershipKind.UNSPECIFIED
        ],
        initial=PartnershipKind.COOPERATION,
    )
    title = forms.CharField(
        label=_("Title of the project"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the title of the post."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to the other authority (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
