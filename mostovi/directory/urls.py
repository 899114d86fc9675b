from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="index"),
    path("networks/", views.network_list, name="networks"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
]
