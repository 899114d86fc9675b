"""Forms of the joint review pages. The services check the rules (periods, scores from 1 to 4, statuses)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..logframe.forms import DateInput
from ..models import Criterion
from .services import MAX_NARRATIVE, MAX_TEXT


class ScheduleForm(forms.Form):
    interval_months = forms.IntegerField(label=_("Every (months)"), min_value=1, max_value=60, initial=6)
    first_review_on = forms.DateField(label=_("First review on"), widget=DateInput())


class ReviewForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    summary = forms.CharField(
        label=_("What was done in the period"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_final = forms.BooleanField(
        label=_("Final review (its approval by every partner is needed to close the project)"), required=False
    )


class ReviewEditForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    summary = forms.CharField(
        label=_("What was done in the period"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssessmentForm(forms.Form):
    """A score (radio 1–4, rendered by the template in a fieldset per criterion) and a narrative for each of
    the six criteria. Scores are passed as typed: the service says what is wrong with them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"score_{criterion.value}"] = forms.CharField(
                label=criterion.label, required=False, max_length=10
            )
            self.fields[f"narrative_{criterion.value}"] = forms.CharField(
                label=criterion.label, required=False, max_length=MAX_NARRATIVE, widget=forms.Textarea
            )

    def clean(self):
        data = super().clean()
        for criterion in Criterion:
            score = (data.get(f"score_{criterion.value}") or "").strip()
            narrative = (data.get(f"narrative_{criterion.value}") or "").strip()
            if narrative and not score:
                raise forms.ValidationError(
                    _("Give a score with the narrative of the criterion “%(criterion)s”.")
                    % {"criterion": criterion.label}
                )
        return data

    def scores(self) -> dict:
        """`{criterion: (score, narrative)}` for the criteria given a score."""
        scores = {}
        for criterion in Criterion:
            score = (self.cleaned_data.get(f"score_{criterion.value}") or "").strip()
            if score:
                scores[criterion.value] = (score, self.cleaned_data.get(f"narrative_{criterion.value}") or "")
        return scores


class SynthesisForm(forms.Form):
    synthesis = forms.CharField(
        label=_("Joint synthesis"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8})
    )
    # The version the writer started from; the service refuses a missing or stale one.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
