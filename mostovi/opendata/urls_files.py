"""Open-data files at stable addresses outside the language prefix (`/open-data/…`)."""

from django.urls import path

from . import views

app_name = "opendata_files"
urlpatterns = [
    path("iati/activities.xml", views.iati_activities, name="iati_activities"),
    path("<slug:slug>.<str:fmt>", views.export, name="export"),
]
