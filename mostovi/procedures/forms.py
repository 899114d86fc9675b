from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StepStatus


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document_id = forms.TypedChoiceField(label=_("Document"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    authority_id = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_id"].choices = [("", "—"), *((d.pk, d.title) for d in documents)]
