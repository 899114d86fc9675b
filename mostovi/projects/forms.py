"""Forms of the project pages. They only shape the input; the services decide what is allowed."""

import json
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostovi.themes.catalogue import THEMES, theme_label

from .models import ActivityStatus, DocumentCategory, ParticipantRole, Phase, TextField_, Visibility

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]
DAC_CODE = re.compile(r"^\d{5}\Z")


def _split(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;\n]", value or "") if item.strip()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PageForm(forms.Form):
    """A form shown beside others on the project page: its ids carry its own prefix, so labels stay unique."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ProjectFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=pgettext_lazy("project", "Phase"),
        required=False,
        choices=[("", _("Every phase")), *Phase.choices],
    )
    authority = forms.TypedChoiceField(
        label=_("Partner authority"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [("", _("Every partner"))] + [
            (a.pk, f"{a.name_latin or a.name} ({a.country})") for a in authorities
        ]


class ProjectCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    language = forms.ChoiceField(
        label=_("Language of the title and summary"),
        choices=LANGUAGE_CHOICES,
        help_text=_("Translations into the other languages can be added later."),
    )
    partners = forms.TypedMultipleChoiceField(label=_("Partner authorities"), coerce=int, required=True)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PRIVATE
    )

    def __init__(self, *args, partner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].choices = [(a.pk, str(a)) for a in partner_choices]


class ProjectEditForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DateInput())
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=lambda: [(slug, theme_label(slug)) for slug in THEMES],
        widget=forms.CheckboxSelectMultiple,
    )
    dac_sectors = forms.CharField(
        label=_("DAC sector codes"),
        required=False,
        help_text=_("Five-digit OECD DAC purpose codes separated by commas, for example: 14020, 15112."),
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Languages of work"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_dac_sectors(self):
        codes = _split(self.cleaned_data["dac_sectors"])
        wrong = [c for c in codes if not DAC_CODE.match(c)]
        if wrong:
            raise forms.ValidationError(
                _("Not a five-digit DAC code: %(codes)s."), params={"codes": ", ".join(wrong)}
            )
        return list(dict.fromkeys(codes))

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}

    @classmethod
    def initial_for(cls, project) -> dict:
        return {
            "revision": project.revision,
            "visibility": project.visibility,
            "planned_start": project.planned_start,
            "planned_end": project.planned_end,
            "actual_start": project.actual_start,
            "actual_end": project.actual_end,
            "themes": project.themes or [],
            "dac_sectors": ", ".join(project.dac_sectors or []),
            "working_languages": project.working_languages or [],
        }


def text_revisions(texts) -> str:
    """The revision of every title and summary shown on the page, as the translation form carries it."""
    return json.dumps({f"{t.field}:{t.language}": t.revision for t in texts}, sort_keys=True)


class TranslationForm(PageForm):
    """A title or summary in one language. `revisions` holds the revision of each text the page showed, so
    the service learns which one the writer started from (0: there was none in that language)."""

    id_prefix = "translation"
    field = forms.ChoiceField(label=_("Text"), choices=TextField_.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 3}))
    revisions = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        data["revision"] = self._revision(data)
        return data

    def _revision(self, data) -> int | None:
        """The revision read for the chosen text; None when the page sent none (the service refuses it)."""
        raw = self.data.get(self.add_prefix("revisions"))
        try:
            shown = json.loads(raw) if raw else None
        except ValueError:
            shown = None
        if not isinstance(shown, dict):
            return None
        revision = shown.get(f"{data.get('field')}:{data.get('language')}", 0)
        return revision if isinstance(revision, int) and not isinstance(revision, bool) else None

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("field", "language", "text", "revision")}


class TransitionForm(PageForm):
    id_prefix = "transition"
    to = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MissionForm(PageForm):
    id_prefix = "mission"
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title of the mission"), max_length=255)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    terms_of_reference = forms.CharField(
        label=_("Terms of reference"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.CharField(label=_("Team"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(
        label=_("Places visited"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The mission cannot end before it starts."))
        return data

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300, required=False)
    partner_id = forms.TypedChoiceField(
        label=_("Responsible partner"), coerce=int, required=False, empty_value=None
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_results = forms.CharField(
        label=_("Expected results"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_id"].choices = [("", "—")] + [(a.pk, str(a)) for a in partners]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(k) for k in ("title", "description", "expected_results", "starts_on", "ends_on")
        )


class BaseActionFormSet(forms.BaseFormSet):
    def actions(self) -> list[dict]:
        """The rows filled in, in order, as the service expects them."""
        rows = []
        for form in self.forms:
            if form.is_blank():
                continue
            data = form.cleaned_data
            rows.append(
                {
                    "title": data.get("title") or "",
                    "partner_id": data.get("partner_id"),
                    "description": data.get("description") or "",
                    "starts_on": data.get("starts_on"),
                    "ends_on": data.get("ends_on"),
                    "expected_results": data.get("expected_results") or "",
                }
            )
        return rows


class ProgrammeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActivityForm(PageForm):
    id_prefix = "activity"
    title = forms.CharField(label=_("Title"), max_length=255)
    partner = forms.TypedChoiceField(label=_("Responsible partner"), coerce=int)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    is_milestone = forms.BooleanField(label=_("This is a milestone"), required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(a.pk, str(a)) for a in partners]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The activity cannot end before it starts."))
        return data


class DocumentForm(PageForm):
    id_prefix = "document"
    category = forms.ChoiceField(label=_("Kind of document"), choices=DocumentCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument, PNG or JPEG; 20 MB at most.")
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signature_fields = []
        for authority in partners:
            name = f"signed_{authority.pk}"
            self.fields[name] = forms.DateField(
                label=_("Signed by %(authority)s on") % {"authority": authority},
                required=False,
                widget=DateInput(),
            )
            self.signature_fields.append(name)

    def signatures(self) -> dict:
        return {
            name.removeprefix("signed_"): self.cleaned_data[name]
            for name in self.signature_fields
            if self.cleaned_data.get(name)
        }

    def bound_signature_fields(self):
        return [self[name] for name in self.signature_fields]


class DocumentVersionForm(PageForm):
    id_prefix = "version"
    file = forms.FileField(label=_("New version of the file"))


class CommentForm(PageForm):
    id_prefix = "comment"
    body = forms.CharField(
        label=_("Your message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention someone with @ and their e-mail address, for example @name@example.org."),
    )


class AuthorityChoiceForm(forms.Form):
    """Which partner authority the user decides for (approval, acceptance)."""

    authority = forms.IntegerField(widget=forms.HiddenInput)


class ApprovalForm(AuthorityChoiceForm):
    """Approving the programme for an authority, optionally on the strength of a council decision."""

    council_decision = forms.TypedChoiceField(
        label=_("Council decision"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council_decision"].choices = [("", "—")] + [(d.pk, d.title) for d in decisions]


def membership_label(membership) -> str:
    return f"{membership.user} — {membership.get_role_display()}"


class PartnerRolesForm(forms.Form):
    """The responsible person and the deputy of one partner: active members of that authority."""

    responsible = forms.TypedChoiceField(label=_("Responsible"), coerce=int, required=False, empty_value=None)
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, partner, memberships=(), **kwargs):
        kwargs.setdefault("prefix", f"roles-{partner.authority_id}")
        kwargs.setdefault("initial", {"responsible": partner.responsible_id, "deputy": partner.deputy_id})
        super().__init__(*args, **kwargs)
        self.partner = partner
        choices = [("", "—")] + [(m.pk, membership_label(m)) for m in memberships]
        self.fields["responsible"].choices = choices
        self.fields["deputy"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("responsible") and data.get("responsible") == data.get("deputy"):
            self.add_error("deputy", _("The deputy must be another person than the responsible."))
        return data


class ParticipantForm(PageForm):
    id_prefix = "participant"
    """Another organisation of the directory, found by name, with its IATI role."""

    organisation = forms.IntegerField(
        required=True,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose an organisation among the results of the search.")},
    )
    role = forms.ChoiceField(label=_("IATI role"), choices=ParticipantRole.choices)


class PartnerInvitationForm(forms.Form):
    """Invite a person to act for a partner authority that has nobody confirmed on Mostovi."""

    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("officer", _("International-relations officer")),
            ("elected", _("Elected official")),
            ("technical", _("Technical staff")),
        ],
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        # Unique ids when several partners have a form on one page.
        self.auto_id = f"id_invite_{authority.pk if authority else 0}_%s"
