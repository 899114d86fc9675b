"""Projects in the admin: to look, not to write. Every write goes through the services, which check the
permissions, keep the gates and record the events; an admin edit would bypass all three."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mostovi.core.admin import ReadOnlyAdminMixin

from .models import (
    Activity,
    Comment,
    Document,
    DocumentVersion,
    ExpertiseMission,
    MissionAcceptance,
    Notification,
    Participant,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
)

ReadOnlyMixin = ReadOnlyAdminMixin


class TextInline(ReadOnlyMixin, admin.TabularInline):
    model = ProjectText
    fields = ["field", "language", "text", "is_original", "revision"]
    extra = 0


class PartnerInline(ReadOnlyMixin, admin.TabularInline):
    model = ProjectPartner
    fields = ["authority", "is_lead", "responsible", "deputy"]
    extra = 0


class ParticipantInline(ReadOnlyMixin, admin.TabularInline):
    model = Participant
    fields = ["organisation", "role"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["pk", "phase", "visibility", "is_demo", "updated_at", "deleted_at"]
    list_filter = ["phase", "visibility", "is_demo"]
    search_fields = ["texts__text"]
    inlines = [TextInline, PartnerInline, ParticipantInline]


@admin.register(ExpertiseMission)
class MissionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "project", "starts_on", "ends_on", "revision", "deleted_at"]
    search_fields = ["title"]


@admin.register(MissionAcceptance)
class MissionAcceptanceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["mission", "authority", "accepted_by", "accepted_at", "mission_revision"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["project", "number", "created_by", "created_at"]


@admin.register(ProgrammeApproval)
class ProgrammeApprovalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "authority", "approved_by", "approved_at"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "project", "partner", "starts_on", "ends_on", "status", "is_milestone"]
    list_filter = ["status", "is_milestone"]
    search_fields = ["title"]


class VersionInline(ReadOnlyMixin, admin.TabularInline):
    model = DocumentVersion
    fields = ["number", "filename", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    extra = 0


@admin.register(Document)
class DocumentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "project", "category", "language", "created_at", "deleted_at"]
    list_filter = ["category"]
    search_fields = ["title"]
    inlines = [VersionInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["project", "author", "created_at", "deleted_at"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "project", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
