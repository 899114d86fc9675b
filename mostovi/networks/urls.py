from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.console, name="console"),
    path("projects/<int:project_pk>/supports/", views.project_support_list, name="project_supports"),
    path(
        "projects/<int:project_pk>/supports/<int:support_pk>/refuse/",
        views.project_support_refuse,
        name="support_refuse",
    ),
]
