"""What the admin may do with records that have services: look, not write.

A service checks the permissions, keeps the rules (the gates, continuity when a membership ends) and records
the event; an edit in the admin would bypass all three. The admin of such records is read-only.
"""

from django.contrib import admin

from .models import OutgoingMailFailure


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin: the services write these records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMailFailure)
class OutgoingMailFailureAdmin(admin.ModelAdmin):
    """What the mail server did not take: staff check the server, then tell the people concerned."""

    list_display = ["created_at", "subject", "recipients", "attempts", "gave_up", "sent_at", "error"]
    list_filter = ["gave_up", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipients", "error"]
    readonly_fields = [f.name for f in OutgoingMailFailure._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
