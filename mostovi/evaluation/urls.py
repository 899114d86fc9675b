"""The results framework of a project (under /<lang>/evaluation/)."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("projects/<int:pk>/", views.logframe, name="logframe"),
    path("projects/<int:pk>/logframe.xlsx", views.export, name="export"),
    path("projects/<int:pk>/results/", views.result_add, name="result_add"),
    path("projects/<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("projects/<int:pk>/indicators/<int:indicator_id>/targets/", views.target_add, name="target_add"),
    path("projects/<int:pk>/indicators/<int:indicator_id>/values/", views.value_add, name="value_add"),
    path(
        "projects/<int:pk>/indicators/<int:indicator_id>/values/<int:value_id>/<slug:step>/",
        views.value_step,
        name="value_step",
    ),
]
