"""Handover packs (under /<lang>/handover/): a project's or a partnership's, PDF or DOCX."""

from django.urls import path

from . import views

app_name = "handover"

urlpatterns = [
    path("projects/<int:pk>/pack.pdf", views.project_pack, {"fmt": "pdf"}, name="project_pdf"),
    path("projects/<int:pk>/pack.docx", views.project_pack, {"fmt": "docx"}, name="project_docx"),
    path("partnerships/<int:pk>/pack.pdf", views.partnership_pack, {"fmt": "pdf"}, name="partnership_pdf"),
    path("partnerships/<int:pk>/pack.docx", views.partnership_pack, {"fmt": "docx"}, name="partnership_docx"),
]
