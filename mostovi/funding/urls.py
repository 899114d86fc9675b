from django.urls import include, path

from . import plan_urls, views

app_name = "funding"
urlpatterns = [
    path("", views.index, name="index"),
    # Funding plans, transactions and the deadlines calendar.
    path("", include(plan_urls)),
]
