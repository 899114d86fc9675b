from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX


class SupportRefuseForm(forms.Form):
    # Any id: whether the person acts for it is the service's rule (403 otherwise).
    authority = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
