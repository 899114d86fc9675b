from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("<int:pk>/", views.console, name="console"),
]
