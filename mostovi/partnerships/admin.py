"""Partnerships in the admin: to look, not to write. Writes go through the services (permissions, events)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Partnership, PartnershipMember


class MemberInline(admin.TabularInline):
    model = PartnershipMember
    fields = ["authority", "source_name"]
    readonly_fields = fields
    raw_id_fields = ["authority"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["id", "kind", "status", "signed_on", "is_demo", "unverified", "ref_key", "deleted_at"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["ref_key", "note", "members__authority__name", "members__authority__name_latin"]
    inlines = [MemberInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
