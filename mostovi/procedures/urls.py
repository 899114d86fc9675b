"""The procedure board (under /<lang>/procedures/)."""

from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("projects/<int:pk>/", views.board, name="board"),
    path("projects/<int:pk>/documents/", views.document_generate, name="document_generate"),
    path("projects/<int:pk>/convention/approve/", views.convention_approve, name="convention_approve"),
    path("projects/<int:pk>/convention/signed/", views.convention_sign, name="convention_sign"),
    path("projects/<int:pk>/steps/<str:step_id>/", views.step_update, name="step_update"),
]
