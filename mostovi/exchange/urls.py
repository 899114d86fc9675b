from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.post_create, name="create"),
    path("searches/", views.filters, name="filters"),
    path("searches/<int:pk>/delete/", views.filter_delete, name="filter_delete"),
    path("interests/", views.interest_list, name="interests"),
    path("interests/new/", views.interest_new, name="interest_new"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("interests/<int:pk>/accept/", views.interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", views.interest_decline, name="interest_decline"),
    path("authorities/<int:pk>/suggestions/", views.authority_suggestions, name="authority_suggestions"),
    path(
        "authorities/<int:pk>/suggestions/<int:suggested>/dismiss/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path("<int:pk>/suggestions/", views.post_suggestions, name="post_suggestions"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit/", views.post_edit, name="edit"),
    path("<int:pk>/translations/", views.post_translate, name="translate"),
    path("<int:pk>/close/", views.post_close, name="close"),
    path("<int:pk>/reopen/", views.post_reopen, name="reopen"),
    path("<int:pk>/delete/", views.post_delete, name="delete"),
    path("<int:pk>/restore/", views.post_restore, name="restore"),
]
