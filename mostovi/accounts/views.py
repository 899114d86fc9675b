from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostovi.directory.models import Organisation

from . import services
from .exceptions import (
    InvalidInput,
    InvitationInvalid,
    InvitationRefused,
    MembershipAlreadyEnded,
    NotAllowed,
    WrongStatus,
)
from .forms import (
    ApprovalDelegationForm,
    ExpectedEndForm,
    InvitationAccountForm,
    InvitationForm,
    JoinRequestForm,
    RefusalForm,
    TokenCreateForm,
)
from .models import ApiToken, JoinRequest, Membership, Role, User
from .permissions import can_invite_member, can_set_expected_end, expected_end_settable, grantable_roles
from .selectors import (
    api_token_list_for,
    invitation_find_open,
    join_requests_to_decide,
    membership_list_active_for,
    membership_list_for_organisation,
    user_roles_in,
)


def _with_expected_end_forms(user, memberships, *, back: str, failed: ExpectedEndForm | None = None):
    """Give each membership the user may date its form (the refused one keeps its input and errors).

    Returns the rows as a list; whether the user may date each row is decided in one query.
    """
    memberships = list(memberships)
    settable = expected_end_settable(user, memberships)
    for membership in memberships:
        if failed is not None and failed.membership.pk == membership.pk:
            membership.expected_end_form = failed
        elif membership.pk in settable:
            membership.expected_end_form = ExpectedEndForm(membership=membership, initial={"back": back})
        else:
            membership.expected_end_form = None
    return memberships


def _render_profile(request, *, failed=None, status: int = 200):
    memberships = membership_list_active_for(user=request.user)
    context = {
        "memberships": _with_expected_end_forms(
            request.user, memberships, back=ExpectedEndForm.BACK_PROFILE, failed=failed
        ),
        "tokens": api_token_list_for(user=request.user),
        "join_requests": join_requests_to_decide(user=request.user),
        "refusal_form": RefusalForm(),
        "token_form": TokenCreateForm(),
        "new_token": request.session.pop("new_api_token", None),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    return _render_profile(request)


@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        _token, raw = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        request.session["new_api_token"] = raw
        messages.success(request, _("Token created: copy it now, it will not be shown again."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def membership_leave(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except MembershipAlreadyEnded as exc:
        messages.info(request, str(exc))
        return redirect("accounts:profile")
    messages.success(
        request, _("You no longer act for %(organisation)s.") % {"organisation": membership.organisation}
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def membership_expected_end(request, membership_id: int):
    """Save when a member is expected to leave; a refused date re-renders the page it came from (422)."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_id
    )
    if not can_set_expected_end(request.user, membership):
        raise PermissionDenied(_("You cannot say when this member is expected to leave."))
    form = ExpectedEndForm(request.POST, membership=membership)
    back_to_organisation = request.POST.get(
        "back"
    ) == ExpectedEndForm.BACK_ORGANISATION and can_invite_member(request.user, membership.organisation)

    def refused():
        if back_to_organisation:
            return _render_invitation_page(
                request, membership.organisation, InvitationForm(), failed=form, status=422
            )
        return _render_profile(request, failed=form, status=422)

    if not form.is_valid():
        return refused()
    try:
        services.membership_expected_end_set(
            actor=request.user, membership=membership, expected_end_on=form.cleaned_data["expected_end_on"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except MembershipAlreadyEnded as exc:
        # An ended membership has no row (and no form) on the page: the message says why nothing changed.
        messages.error(request, str(exc))
        return refused()
    except InvalidInput as exc:
        form.add_error("expected_end_on", str(exc))
        return refused()
    messages.success(request, _("The expected departure date was saved."))
    if back_to_organisation:
        return redirect("accounts:invitation_create", organisation_id=membership.organisation_id)
    return redirect("accounts:profile")


def _render_invitation_page(request, organisation, form, *, failed=None, status: int = 200):
    members = membership_list_for_organisation(organisation=organisation).order_by(
        "user__full_name", "user__email", "role", "pk"
    )
    members = _with_expected_end_forms(
        request.user, members, back=ExpectedEndForm.BACK_ORGANISATION, failed=failed
    )
    # Elected officials (and staff) delegate approval to the officers: decided once for the whole list.
    delegates = request.user.is_staff or Role.ELECTED in user_roles_in(
        user=request.user, organisation=organisation
    )
    for member in members:
        member.delegation_form = (
            ApprovalDelegationForm(initial={"can_approve": member.can_approve}, auto_id=f"id_d{member.pk}_%s")
            if delegates and member.role == Role.OFFICER and member.user_id != request.user.pk
            else None
        )
    context = {"form": form, "organisation": organisation, "members": members}
    return render(request, "accounts/invitation_form.html", context, status=status)


@login_required
def invitation_create(request, organisation_id: int):
    organisation = get_object_or_404(Organisation.objects.alive(), pk=organisation_id)
    if not can_invite_member(request.user, organisation):
        raise PermissionDenied(
            _("You cannot invite members to %(organisation)s.") % {"organisation": organisation}
        )
    form = InvitationForm(request.POST or None, roles=grantable_roles(request.user, organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except NotAllowed as exc:
            form.add_error("email", str(exc))
            return _render_invitation_page(request, organisation, form)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("accounts:invitation_create", organisation_id=organisation.pk)
    return _render_invitation_page(request, organisation, form)


@login_required
@require_POST
def membership_approval(request, membership_id: int):
    """Delegate approval to an officer, or withdraw it (an elected official of the authority)."""
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=membership_id)
    form = ApprovalDelegationForm(request.POST)
    if not form.is_valid():  # a checkbox is always valid; kept for the shape
        return redirect("accounts:invitation_create", organisation_id=membership.organisation_id)
    try:
        services.membership_approval_delegate(
            actor=request.user, membership=membership, can_approve=form.cleaned_data["can_approve"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except MembershipAlreadyEnded as exc:
        messages.error(request, str(exc))
        return redirect("accounts:invitation_create", organisation_id=membership.organisation_id)
    messages.success(request, _("The approval delegation was saved."))
    return redirect("accounts:invitation_create", organisation_id=membership.organisation_id)


def _accepted(request, membership):
    if membership.is_provisional:
        messages.success(
            request,
            _(
                "You now act for %(organisation)s in this project, provisionally: what you accept or "
                "approve counts once a colleague of %(organisation)s, a coordinator of its networks or the "
                "platform's staff confirms your membership."
            )
            % {"organisation": membership.organisation},
        )
        return redirect("projects:detail", pk=membership.project_scope)
    messages.success(
        request, _("You now act for %(organisation)s.") % {"organisation": membership.organisation}
    )
    return redirect("accounts:profile")


def invitation_accept(request, token: str):
    invitation = invitation_find_open(raw=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    context = {"invitation": invitation, "has_account": has_account}
    if not request.user.is_authenticated:
        form = InvitationAccountForm(request.POST or None)
        context["account_form"] = None if has_account else form
        if request.method == "POST" and not has_account and form.is_valid():
            try:
                membership = services.invitation_accept_with_account(
                    raw_token=token,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password"],
                    actor=None,
                )
            except InvitationInvalid:
                return render(request, "accounts/invitation_invalid.html", status=410)
            except InvalidInput as exc:
                form.add_error("password", str(exc))
                return render(request, "accounts/invitation_landing.html", context, status=422)
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return _accepted(request, membership)
        status = 422 if request.method == "POST" and form.errors else 200
        return render(request, "accounts/invitation_landing.html", context, status=status)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=request.user, raw_token=token)
        except InvitationInvalid as exc:
            return render(request, "accounts/invitation_invalid.html", {"reason": str(exc)}, status=410)
        except NotAllowed as exc:
            messages.error(request, str(exc))
            return render(request, "accounts/invitation_landing.html", context, status=403)
        return _accepted(request, membership)
    return render(request, "accounts/invitation_landing.html", context)


@login_required
@require_POST
def membership_confirm(request, membership_id: int):
    """Confirm a provisional membership (a colleague of the authority, a coordinator of its networks,
    staff)."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_id
    )
    try:
        services.membership_confirm(actor=request.user, membership=membership)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except (MembershipAlreadyEnded, WrongStatus) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(person)s's membership of %(organisation)s is confirmed: their approvals now count.")
            % {"person": membership.user, "organisation": membership.organisation},
        )
    return redirect(request.POST.get("next") if _safe_next(request) else "accounts:profile")


@login_required
@require_POST
def membership_refuse(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_id
    )
    form = RefusalForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(_("Say why the membership is refused: the person will read it."))
        services.membership_refuse(
            actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except (MembershipAlreadyEnded, WrongStatus, InvalidInput) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(person)s's membership of %(organisation)s was refused and has ended.")
            % {"person": membership.user, "organisation": membership.organisation},
        )
    return redirect(request.POST.get("next") if _safe_next(request) else "accounts:profile")


def _safe_next(request) -> bool:
    target = request.POST.get("next") or ""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
def join_request_create(request, organisation_id: int):
    """Ask to act for an authority of the directory in a role, with a message."""
    organisation = get_object_or_404(Organisation.objects.alive(), pk=organisation_id)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                actor=request.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except (InvalidInput, InvitationRefused) as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(
                request,
                _("Your request to act for %(organisation)s was sent: you will be told of the decision.")
                % {"organisation": organisation},
            )
            return redirect("accounts:profile")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "organisation": organisation}
    return render(request, "accounts/join_request_form.html", context, status=status)


@login_required
@require_POST
def join_request_decide(request, join_request_id: int, decision: str):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("organisation", "user"), pk=join_request_id
    )
    accept = decision == "accept"
    try:
        services.join_request_decide(
            actor=request.user,
            join_request=join_request,
            accept=accept,
            reason=request.POST.get("reason", ""),
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except (WrongStatus, InvalidInput) as exc:
        messages.error(request, str(exc))
    else:
        done = (
            _("%(person)s now acts for %(organisation)s.")
            if accept
            else _("The request of %(person)s to act for %(organisation)s was refused; they are told why.")
        )
        messages.success(
            request, done % {"person": join_request.user, "organisation": join_request.organisation}
        )
    return redirect(reverse("accounts:profile") + "#join-requests")
