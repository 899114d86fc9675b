"""Accounts in the admin. Memberships, invitations and API tokens are written by the services only (ending a
membership hands its responsibilities on, an invitation is sent, a token is shown once): read-only here. A
person's own record is saved through the services too (a password set by staff revokes the API tokens)."""

import copy

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from simple_history.admin import SimpleHistoryAdmin

from mostovi.core.admin import ReadOnlyAdminMixin

from . import services
from .models import ApiToken, Invitation, Membership, User


class PasswordChangeForm(AdminPasswordChangeForm):
    """A password set by staff goes through the service, which revokes the person's API tokens."""

    actor = None  # the staff member, set per request by UserAdmin.user_change_password

    def save(self, commit=True):
        password = (
            self.cleaned_data["password1"] if self.cleaned_data.get("set_usable_password", True) else None
        )
        services.user_password_set(user=self.user, password=password, actor=self.actor)
        return self.user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = PasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "preferred_language"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        services.user_admin_save(actor=request.user, user=obj, changed=list(form.changed_data))

    def user_change_password(self, request, id, form_url=""):
        # A copy of this admin for the request knows who sets the password; the shared one stays untouched.
        bound = copy.copy(self)
        bound.change_password_form = type(
            "PasswordChangeForm", (PasswordChangeForm,), {"actor": request.user}
        )
        return BaseUserAdmin.user_change_password(bound, request, id, form_url)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "can_approve", "started_at", "ended_at"]
    list_filter = ["role", "ended_at"]
    search_fields = ["user__email", "organisation__name", "organisation__name_latin"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    readonly_fields = ["token_digest"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "token_digest"]
