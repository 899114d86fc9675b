"""The funding catalogue in the admin: to look, not to write. Instruments, rules and change proposals are
written by the services (validated rule parameters, permissions, events) and the catalogue import."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mostovi.core.admin import ReadOnlyAdminMixin

from .models import Call, ChangeProposal, Instrument, Rule


class RuleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Rule
    extra = 0
    fields = ("position", "kind", "params", "text", "source", "checked_on", "verified")


class CallInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Call
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "funder", "kind", "is_active", "checked_on")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "funder", "slug")
    inlines = [RuleInline, CallInline]


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("instrument", "kind", "verified", "checked_on")
    list_filter = ("kind", "verified")


@admin.register(ChangeProposal)
class ChangeProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "instrument", "proposed_by", "status", "created_at")
    list_filter = ("status",)
