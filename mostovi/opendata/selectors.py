"""Reads of the open-data room: what is public, gathered from the other apps in a fixed number of queries."""

from django.db.models import Count, Max, Prefetch, QuerySet

from mostovi.accounts.selectors import membership_list_active_for
from mostovi.directory.models import Organisation
from mostovi.evaluation.models import Indicator, ReportedValue, Result, ValueStatus
from mostovi.funding.catalogue.selectors import instrument_queryset
from mostovi.funding.models import FundingPlanVersion, Instrument, Transaction
from mostovi.partnerships.models import Partnership
from mostovi.partnerships.selectors import partnership_list
from mostovi.projects.models import Document, Participant, Project, ProjectPartner
from mostovi.projects.selectors import project_list_visible_to

from .models import ExportSize

# Projects are read this many at a time: the IATI file streams in constant memory whatever their number.
CHUNK = 50


def iati_projects(*, reporting_org: int | None = None) -> QuerySet[Project]:
    """Every public project (published, not deleted), with what its IATI activity shows.

    `reporting_org` keeps the projects whose lead partner is that authority (the reporting organisation),
    less the activities imported from another publisher, which stay that publisher's to report (the IATI
    Registry wants one reporting organisation per file).
    """
    qs = project_list_visible_to(user=None)
    if reporting_org is not None:
        qs = qs.filter(partners__authority_id=reporting_org, partners__is_lead=True).exclude(
            iati_imports__kept__has_key="reporting-org"
        )
    return qs.order_by("id").prefetch_related(
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")),
        Prefetch("participants", queryset=Participant.objects.select_related("organisation")),
        "texts",
        "iati_imports",
        Prefetch(
            "documents",
            queryset=Document.objects.alive().prefetch_related("versions").order_by("created_at", "id"),
        ),
        Prefetch(
            "transactions",
            queryset=Transaction.objects.alive()
            .select_related("provider", "receiver", "instrument")
            .order_by("date", "id"),
        ),
        Prefetch(
            "funding_plans",
            queryset=FundingPlanVersion.objects.prefetch_related(
                "lines", "approvals", "sources__instrument__funder_organisation"
            ).order_by("-number"),
        ),
        Prefetch(
            "results",
            queryset=Result.objects.order_by("-level", "id").prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.order_by("id").prefetch_related(
                        "targets",
                        Prefetch(
                            "values",
                            queryset=ReportedValue.objects.filter(status=ValueStatus.APPROVED),
                            to_attr="approved_values",
                        ),
                    ),
                )
            ),
        ),
    )


def iati_project_chunks(*, reporting_org: int | None = None):
    """The public projects one by one, fetched `CHUNK` at a time with their prefetches."""
    return iati_projects(reporting_org=reporting_org).iterator(chunk_size=CHUNK)


def reporting_org_get(pk: int) -> Organisation | None:
    return Organisation.objects.alive().filter(pk=pk).first()


# --- the open exports ------------------------------------------------------------------------------

DIRECTORY_FIELDS = (
    "id", "kind", "level", "country", "code", "code_scheme", "name", "name_latin", "acronym",
    "parent_id", "admin_area", "population", "population_year", "latitude", "longitude", "website",
    "sources", "unverified", "is_demo", "sort_key",
)  # fmt: skip


def directory_rows() -> QuerySet[Organisation]:
    """Every organisation of the directory (reference data and records of users), exported fields only."""
    return Organisation.objects.alive().only(*DIRECTORY_FIELDS).order_by("country", "kind", "sort_key", "id")


def partnership_rows():
    return partnership_list().order_by("id")


def public_project_rows() -> QuerySet[Project]:
    return (
        project_list_visible_to(user=None)
        .order_by("id")
        .prefetch_related(
            Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")), "texts"
        )
    )


def instrument_rows():
    return instrument_queryset().order_by("slug")


def dataset_figures() -> dict[str, tuple[int, object]]:
    """For each export: how many records it holds and when the newest of them changed."""

    def figures(qs, field="updated_at"):
        row = qs.order_by().aggregate(count=Count("id"), latest=Max(field))
        return row["count"], row["latest"]

    projects = project_list_visible_to(user=None)
    return {
        "directory": figures(Organisation.objects.alive()),
        "partnerships": figures(Partnership.objects.alive()),
        "projects": figures(projects),
        "funding": figures(Instrument.objects.alive()),
        "iati": figures(projects),
    }


def iati_reporting_orgs() -> list[Organisation]:
    """The authorities that lead at least one public project: each has its own IATI file."""
    reported = project_list_visible_to(user=None).exclude(iati_imports__kept__has_key="reporting-org")
    lead_ids = ProjectPartner.objects.filter(is_lead=True, project__in=reported).values("authority_id")
    return list(Organisation.objects.alive().filter(pk__in=lead_ids).order_by("sort_key", "id"))


def declarable_authorities(*, user) -> list[Organisation]:
    """The French authorities the user is a member of: each has a yearly aid declaration to prepare."""
    memberships = membership_list_active_for(user=user).filter(
        organisation__country="FR",
        organisation__kind="local_authority",
        organisation__deleted_at__isnull=True,
    )
    return list({m.organisation_id: m.organisation for m in memberships}.values())


def export_sizes() -> dict[str, ExportSize]:
    """The last measured size of every open-data file, by key (`exports.size_key`), in one query."""
    return {record.key: record for record in ExportSize.objects.all()}
