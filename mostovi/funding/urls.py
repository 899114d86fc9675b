from django.urls import include, path

from . import views
from .plans import urls as plan_urls

app_name = "funding"
urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/new/", views.instrument_create, name="instrument_create"),
    path("instruments/<int:pk>/", views.detail, name="detail"),
    path("instruments/<int:pk>/edit/", views.instrument_edit, name="instrument_edit"),
    path("instruments/<int:pk>/rules/new/", views.rule_create, name="rule_create"),
    path("instruments/<int:pk>/propose/", views.proposal_create, name="proposal_create"),
    path("calls/<int:pk>/follow/", views.call_follow, name="call_follow"),
    path("propose/", views.proposal_create, name="proposal_create_new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("projects/<int:project_id>/eligibility/", views.project_eligibility, name="project_eligibility"),
    path(
        "projects/<int:project_id>/eligibility/<int:instrument_id>/",
        views.project_instrument_eligibility,
        name="project_instrument_eligibility",
    ),
    path(
        "authorities/<int:authority_id>/aid-declaration/filed/",
        views.aid_declaration_record,
        name="aid_declaration_record",
    ),
    # Funding plans, transactions and the deadlines calendar.
    path("", include(plan_urls)),
]
