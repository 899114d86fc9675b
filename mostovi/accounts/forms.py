from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, roles: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            # Only the roles the inviter may grant (the service checks again).
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]


class InvitationAccountForm(forms.Form):
    """Accepting an invitation creates the account of its address (the link proves the address)."""

    name = forms.CharField(label=_("Your full name"), max_length=200)
    password = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, max_length=4096)


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it refused?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ApprovalDelegationForm(forms.Form):
    can_approve = forms.BooleanField(label=_("Approval delegated"), required=False)


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100, required=False)


class ExpectedEndForm(forms.Form):
    """When a member is expected to leave; empty clears it. `back` names the page the form was sent from."""

    BACK_PROFILE = "profile"
    BACK_ORGANISATION = "organisation"

    expected_end_on = forms.DateField(
        label=_("Expected to leave on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    back = forms.ChoiceField(
        choices=[(BACK_PROFILE, BACK_PROFILE), (BACK_ORGANISATION, BACK_ORGANISATION)],
        initial=BACK_PROFILE,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        if membership is not None:
            # Each row of a page has its own form: distinct ids keep every label tied to its own field.
            self.auto_id = f"id_m{membership.pk}_%s"
            if not self.is_bound:
                self.initial.setdefault("expected_end_on", membership.expected_end_on)


class JoinRequestForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r, label) for r, label in Role.choices if r in ("officer", "elected", "technical")],
    )
    message = forms.CharField(
        label=_("Message to those who decide"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
