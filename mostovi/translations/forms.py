from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TranslationForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Into"), choices=[(code, _(name)) for code, name in settings.LANGUAGES]
    )
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 10}))
    authority = forms.TypedChoiceField(label=_("Translated by"), coerce=int, required=False)

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(a.pk, str(a)) for a in authorities]
        if len(authorities) < 2:
            self.fields["authority"].widget = forms.HiddenInput()
