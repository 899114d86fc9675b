"""Funding plans, exchange rates, transactions and the deadlines calendar (under /<lang>/funding/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("projects/<int:pk>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("projects/<int:pk>/plan/approve/", views.plan_approve, name="plan_approve"),
    path("projects/<int:pk>/plan/summary/", views.plan_summary, name="plan_summary"),
    path("projects/<int:pk>/transactions/", views.transaction_add, name="transaction_add"),
    path("rates/", views.plan_rates, name="plan_rates"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/address/", views.calendar_token, name="calendar_token"),
    path("calendar/reminders/", views.calendar_reminders, name="calendar_reminders"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
