from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("memberships/<int:membership_id>/leave/", views.membership_leave, name="membership_leave"),
    path(
        "memberships/<int:membership_id>/expected-end/",
        views.membership_expected_end,
        name="membership_expected_end",
    ),
    path("memberships/<int:membership_id>/approval/", views.membership_approval, name="membership_approval"),
    path("memberships/<int:membership_id>/confirm/", views.membership_confirm, name="membership_confirm"),
    path("memberships/<int:membership_id>/refuse/", views.membership_refuse, name="membership_refuse"),
    path("organisations/<int:organisation_id>/invite/", views.invitation_create, name="invitation_create"),
    path("organisations/<int:organisation_id>/join/", views.join_request_create, name="join_request_create"),
    path(
        "join-requests/<int:join_request_id>/<slug:decision>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
