"""The results framework in the admin: to look, not to write (the services check who reports and approves
values, and record the events)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mostovi.core.admin import ReadOnlyAdminMixin

from .models import Indicator, ReportedValue, Result, Target


@admin.register(Result)
class ResultAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "level", "project")
    list_filter = ("level",)
    raw_id_fields = ("project", "parent", "created_by")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "measure", "reporting_partner")
    list_filter = ("measure",)
    raw_id_fields = ("result", "reporting_partner", "reporter", "created_by")


@admin.register(Target)
class TargetAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "period_start", "period_end", "value")
    raw_id_fields = ("indicator", "created_by")


@admin.register(ReportedValue)
class ReportedValueAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "period_end", "value", "status")
    list_filter = ("status",)
    raw_id_fields = ("indicator", "reported_by", "decided_by")
