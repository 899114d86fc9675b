"""Forms of follow-up actions and lessons learned. They check the shape; the services check the rest."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..logframe.forms import DateInput
from ..models import ActionStatus


def _member_choices(members) -> list:
    return [("", "—")] + [(m.pk, f"{m.user} — {m.get_role_display()} — {m.organisation}") for m in members]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(
        label=_("Owner (a member of a partner authority)"),
        coerce=int,
        error_messages={"required": _("Name the role that owns this action.")},
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    review = forms.TypedChoiceField(
        label=_("Recommendation of the review"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, members=(), reviews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _member_choices(members)
        self.fields["review"].choices = [("", "—")] + [(r.pk, str(r)) for r in reviews]


class ActionEditForm(ActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["review"]


class ActionStatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence of completion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handed_to = forms.TypedChoiceField(
        label=_("Handed over to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handed_to"].choices = _member_choices(members)


class LessonForm(forms.Form):
    authority = forms.TypedChoiceField(label=_("Partner authority"), coerce=int)
    title = forms.CharField(label=_("Lesson"), max_length=300)
    text = forms.CharField(
        label=_("What we learned"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    at_closing = forms.BooleanField(label=_("Recorded at closing"), required=False)
    review = forms.TypedChoiceField(label=_("Review"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, authorities=(), reviews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(a.pk, str(a)) for a in authorities]
        self.fields["review"].choices = [("", "—")] + [(r.pk, str(r)) for r in reviews]


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the lessons"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    project = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**53)
