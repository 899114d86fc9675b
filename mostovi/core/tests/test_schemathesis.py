"""The whole published OpenAPI schema, exercised by schemathesis against the WSGI application.

A bounded, deterministic run: every operation of `/api/v1/openapi.json` gets schemathesis' coverage cases
(boundary and invalid values) and a few generated examples (`derandomize`, so CI sees the same run every
time), as an anonymous caller and as an officer of Lyon, partner of the demo projects, on a database seeded
once with the demo story. Path ids are either generated or taken from the seeded records, so the operations
also answer about real projects, reviews, indicators… Every answer must be no server error, a documented
status code, and a body that matches the schema of that status.

`MOSTOVI_SCHEMATHESIS_EXAMPLES=100` widens the run locally (random instead of derandomized).
"""

import io
import os

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application
from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

EXAMPLES = int(os.environ.get("MOSTOVI_SCHEMATHESIS_EXAMPLES", "0"))

pytestmark = pytest.mark.schemathesis

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    application,
    config=schemathesis.config.SchemathesisConfig.from_dict({"phases": {"stateful": {"enabled": False}}}),
)

# Sets of path parameters → the seeded records they may name (filled by `demo_world`).
KNOWN: dict[frozenset, list[dict]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Keep the generated ids, or name records that exist (a coherent set: the review of that project)."""
    names = set(path_parameters or ())
    matching = [key for key in KNOWN if key <= names and KNOWN[key]]
    if not matching:
        return st.just(path_parameters)
    known = KNOWN[max(matching, key=len)]
    return st.one_of(
        st.just(path_parameters), st.sampled_from(known).map(lambda ids: {**path_parameters, **ids})
    )


def _known_ids(token) -> dict[frozenset, list[dict]]:
    from mostovi.directory.models import Organisation
    from mostovi.evaluation.models import FollowUpAction, Indicator, ReportedValue, Review
    from mostovi.exchange.models import Post
    from mostovi.funding.models import Instrument
    from mostovi.partnerships.models import Partnership
    from mostovi.projects.models import ExpertiseMission, Project, ProjectPartner

    def rows(queryset, **names):
        return [
            {name: row[field] for name, field in names.items()}
            for row in queryset.values(*names.values()).order_by("pk")[:6]
        ]

    review_partners = [
        {"project_id": review.project_id, "review_id": review.pk, "authority_id": partner.authority_id}
        for review in Review.objects.order_by("pk")[:3]
        for partner in ProjectPartner.objects.filter(project_id=review.project_id)
    ]
    known = {
        ("project_id",): rows(Project.objects, project_id="pk"),
        ("project_id", "mission_id"): rows(
            ExpertiseMission.objects, project_id="project_id", mission_id="pk"
        ),
        ("project_id", "indicator_id"): rows(
            Indicator.objects, project_id="result__project_id", indicator_id="pk"
        ),
        ("project_id", "indicator_id", "value_id"): rows(
            ReportedValue.objects,
            project_id="indicator__result__project_id",
            indicator_id="indicator_id",
            value_id="pk",
        ),
        ("project_id", "review_id"): rows(Review.objects, project_id="project_id", review_id="pk"),
        ("project_id", "review_id", "authority_id"): review_partners,
        ("project_id", "action_id"): rows(FollowUpAction.objects, project_id="project_id", action_id="pk"),
        ("authority_id",): rows(Organisation.objects.filter(ref_key__gt=""), authority_id="pk"),
        ("partnership_id",): rows(Partnership.objects, partnership_id="pk"),
        ("post_id",): rows(Post.objects, post_id="pk"),
        ("instrument_id",): rows(Instrument.objects, instrument_id="pk"),
        ("token_id",): [{"token_id": token.pk}],
    }
    return {frozenset(key): value for key, value in known.items()}


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo story (projects in several phases, partnerships, posts, reviews), once for this module."""
    from mostovi.accounts.models import User
    from mostovi.accounts.services import api_token_create

    with django_db_blocker.unblock(), transaction.atomic():
        AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
        AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
        AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
        NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
        call_command("import_funding_catalogue", stdout=io.StringIO())
        call_command("demo_setup", stdout=io.StringIO())
        officer = User.objects.get(email="officer.lyon@example.org")
        token, raw = api_token_create(actor=officer, name="schemathesis")
        KNOWN.update(_known_ids(token))
        yield {"token": raw}
        KNOWN.clear()
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _one_connection_for_the_run():
    """The WSGI calls run inside the test's transaction: like Django's test client, they must not close the
    database connection at the start and end of each request (PostgreSQL would lose the seeded data)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "partner"])
def caller_headers(request, demo_world):
    if request.param == "anonymous":
        return {}
    return {"Authorization": f"Bearer {demo_world['token']}"}


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES or 5,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api(case, caller_headers):
    # Schemathesis fills the bearer scheme with random tokens (always 401): the anonymous caller sends none.
    case.headers = {
        name: value for name, value in (case.headers or {}).items() if name.lower() != "authorization"
    }
    case.call_and_validate(
        headers=caller_headers,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
