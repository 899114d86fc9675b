from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import GeneratedKind, StepStatus


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


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=GeneratedKind.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # Each language named in itself, marked as such (a reader's screen reader, and the site-map test,
        # know "English" on a Serbian page is not an untranslated word).
        choices=[
            (code, format_html('<span lang="{}">{}</span>', code, name))
            for code, name in (
                ("fr", "Français"),
                ("sr", "Српски"),
                ("sr-latn", "Srpski"),
                ("bg", "Български"),
                ("en", "English"),
            )
        ],
        help_text=_("None ticked: the partners' own languages (the side's language for a council decision)."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX"), ("pdf", "PDF")])
    authority_id = forms.TypedChoiceField(
        label=_("For the council of"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority_id"].choices = [("", "—"), *((a.pk, str(a)) for a in authorities)]
