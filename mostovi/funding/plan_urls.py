"""Funding plans, exchange rates, transactions and the deadlines calendar (under /<lang>/funding/)."""

from django.urls import path

from . import plan_views

urlpatterns = [
    path("projects/<int:pk>/plan/", plan_views.plan_detail, name="plan_detail"),
    path("projects/<int:pk>/plan/edit/", plan_views.plan_edit, name="plan_edit"),
    path("projects/<int:pk>/plan/approve/", plan_views.plan_approve, name="plan_approve"),
    path("projects/<int:pk>/plan/summary/", plan_views.plan_summary, name="plan_summary"),
    path("projects/<int:pk>/transactions/", plan_views.transaction_add, name="transaction_add"),
    path("rates/", plan_views.plan_rates, name="plan_rates"),
    path("calendar/", plan_views.calendar, name="calendar"),
    path("calendar/address/", plan_views.calendar_token, name="calendar_token"),
    path("calendar/reminders/", plan_views.calendar_reminders, name="calendar_reminders"),
    path("calendar/<str:token>.ics", plan_views.calendar_feed, name="calendar_feed"),
]
