from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="index"),
    path("networks/", views.networks, name="networks"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mandate/", views.mandate_update, name="mandate_update"),
]
