from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("new/authorities/", views.authority_search, name="authority_search"),
    path("organisations/", views.organisation_search, name="organisation_search"),
    path("deleted/", views.project_deleted_list, name="deleted"),
    path("notifications/", views.notifications, name="notifications"),
    path("unheld-responsibilities/", views.unheld_responsibilities, name="unheld"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/translations/", views.project_translate, name="translate"),
    path("<int:pk>/phase/", views.project_transition, name="transition"),
    path("<int:pk>/delete/", views.project_delete, name="delete"),
    path("<int:pk>/restore/", views.project_restore, name="restore"),
    path("<int:pk>/partners/", views.partner_add, name="partner_add"),
    path("<int:pk>/partners/<int:authority_pk>/roles/", views.partner_roles, name="partner_roles"),
    path("<int:pk>/partners/<int:authority_pk>/invite/", views.partner_invite, name="partner_invite"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("<int:pk>/mission/", views.mission_save, name="mission_save"),
    path("<int:pk>/mission/accept/", views.mission_accept, name="mission_accept"),
    path("<int:pk>/programme/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/programme/approve/", views.programme_approve, name="programme_approve"),
    path("<int:pk>/programme/compare/", views.programme_compare, name="programme_compare"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/activities/<int:activity_pk>/status/", views.activity_status, name="activity_status"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/versions/",
        views.document_version_add,
        name="document_version_add",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/v<int:number>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:pk>/discussion/", views.comment_post, name="comment_post"),
    path("<int:pk>/timeline/", views.project_timeline, name="timeline"),
    path("<int:pk>/told/", views.decision_told, name="told"),
]
