from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100, required=False)
