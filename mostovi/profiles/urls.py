from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("<int:pk>/profile/", views.detail, name="detail"),
    path("<int:pk>/profile/edit/", views.edit, name="edit"),
    path("<int:pk>/profile/text/", views.text, name="text"),
]
