"""The results framework of a project (under /<lang>/evaluation/)."""

from django.urls import path

from .actions import views as action_views
from .lessons import views as lesson_views
from .logframe import views
from .logframe.export_pdf import logframe_pdf
from .reviews import views as review_views

app_name = "evaluation"

urlpatterns = [
    path("projects/<int:pk>/", views.logframe, name="logframe"),
    path("projects/<int:pk>/summary/", views.project_summary, name="project_summary"),
    path("projects/<int:pk>/logframe.xlsx", views.export, name="export"),
    path("projects/<int:pk>/logframe.pdf", logframe_pdf, name="export_pdf"),
    path("projects/<int:pk>/results/", views.result_add, name="result_add"),
    path("projects/<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("projects/<int:pk>/indicators/<int:indicator_id>/targets/", views.target_add, name="target_add"),
    path("projects/<int:pk>/indicators/<int:indicator_id>/values/", views.value_add, name="value_add"),
    path(
        "projects/<int:pk>/indicators/<int:indicator_id>/values/<int:value_id>/<slug:step>/",
        views.value_step,
        name="value_step",
    ),
    path("projects/<int:pk>/reviews/", review_views.reviews, name="reviews"),
    path("projects/<int:pk>/reviews/schedule/", review_views.schedule_set, name="review_schedule"),
    path("projects/<int:pk>/reviews/add/", review_views.review_add, name="review_add"),
    path("projects/<int:pk>/reviews/<int:review_id>/", review_views.review, name="review"),
    path("projects/<int:pk>/reviews/<int:review_id>/edit/", review_views.review_edit, name="review_edit"),
    path(
        "projects/<int:pk>/reviews/<int:review_id>/delete/", review_views.review_delete, name="review_delete"
    ),
    path(
        "projects/<int:pk>/reviews/<int:review_id>/assessments/<int:authority_id>/",
        review_views.assessment_save,
        name="assessment_save",
    ),
    path(
        "projects/<int:pk>/reviews/<int:review_id>/synthesis/",
        review_views.synthesis_update,
        name="review_synthesis",
    ),
    path(
        "projects/<int:pk>/reviews/<int:review_id>/approvals/<int:authority_id>/",
        review_views.review_approve,
        name="review_approve",
    ),
    path("projects/<int:pk>/reviews/<int:review_id>/report/", review_views.report, name="review_report"),
    path(
        "projects/<int:pk>/reviews/<int:review_id>/report.pdf",
        review_views.report_pdf,
        name="review_report_pdf",
    ),
    path("projects/<int:pk>/actions/", action_views.actions_project, name="actions_project"),
    path("projects/<int:pk>/actions/new/", action_views.action_add, name="action_add"),
    path("projects/<int:pk>/actions/<int:action_id>/edit/", action_views.action_edit, name="action_edit"),
    path(
        "projects/<int:pk>/actions/<int:action_id>/status/", action_views.action_status, name="action_status"
    ),
    path(
        "projects/<int:pk>/actions/<int:action_id>/delete/", action_views.action_delete, name="action_delete"
    ),
    path("authorities/<int:pk>/actions/", action_views.actions_authority, name="actions_authority"),
    path("projects/<int:pk>/lessons/new/", lesson_views.lesson_add, name="lesson_add"),
    path("lessons/", lesson_views.lessons, name="lessons"),
]
