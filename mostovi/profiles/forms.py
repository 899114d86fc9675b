"""The profile's forms: thin, they shape what the service checks (`services.authority_profile_update`)."""

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mostovi.core.labels import language_name

from .models import Section

# Beside the interface languages, languages in official use in the partners' municipalities.
OTHER_LANGUAGES = ("bs", "hr", "hu", "ro", "sk", "de", "it", "es")


def language_choices() -> list[tuple[str, str]]:
    choices = [(code, _(name)) for code, name in settings.LANGUAGES]
    choices += [(code, capfirst(language_name(code))) for code in OTHER_LANGUAGES]
    return choices


def _split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.replace(";", ",").split(",") if code.strip()]


class ProfileFactsForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    working_languages = forms.CharField(
        label=_("Working languages"),
        required=False,
        help_text=_("Language codes separated by commas, such as sr, fr, en."),
    )
    interpretation_needed = forms.BooleanField(label=_("We need interpretation"), required=False)
    interpretation_pairs = forms.CharField(
        label=_("Interpretation between"),
        required=False,
        help_text=_("Pairs of language codes separated by commas, such as fr>sr, sr>fr."),
    )
    service_people = forms.CharField(
        label=_("People of the international service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One person a line: name | role | e-mail | phone (publish only what you wish)."),
    )
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False)

    @staticmethod
    def initial_from(profile) -> dict:
        if profile is None:
            return {"revision": 0}
        return {
            "revision": profile.revision,
            "working_languages": ", ".join(profile.working_languages),
            "interpretation_needed": profile.interpretation_needed,
            "interpretation_pairs": ", ".join(f"{a}>{b}" for a, b in profile.interpretation_pairs),
            "service_people": "\n".join(
                " | ".join([p["name"], p["role"], p["email"], p["phone"]]).rstrip(" |")
                for p in profile.service_people
            ),
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
        }

    def facts(self) -> dict:
        """What the service takes (it checks every value)."""
        data = self.cleaned_data
        people = []
        for line in data["service_people"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")] + ["", "", ""]
            people.append({"name": parts[0], "role": parts[1], "email": parts[2], "phone": parts[3]})
        return {
            "working_languages": _split_codes(data["working_languages"]),
            "interpretation_needed": data["interpretation_needed"],
            "interpretation_pairs": [
                [part.strip() for part in pair.split(">")]
                for pair in _split_codes(data["interpretation_pairs"])
            ],
            "service_people": people,
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
        }


class ProfileTextForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The first text of a section is its original; a text in another language is its translation. "
            "Leave it empty to remove that language (removing the original removes the section)."
        ),
    )
