"""`manage.py demo_setup` builds the demo story through the services, and a second run keeps it as it is."""

import io

import pytest
from django.core.management import call_command

from mostovi.accounts.models import Membership, User
from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.exchange.models import Post
from mostovi.partnerships.models import Partnership
from mostovi.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
    call_command("import_funding_catalogue", stdout=io.StringIO())


def test_demo_setup_plays_the_story_and_is_idempotent(directory, settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    # The seven sign-in accounts and the Niš officer who left (no password).
    assert User.objects.filter(email__endswith="@example.org").count() == 8
    assert User.objects.get(email="officer.nis@example.org").check_password("demo-password-for-tests")
    assert (
        Membership.objects.filter(user__email="coordinator.nalas@example.org", role="coordinator").count()
        == 1
    )
    assert sorted(Project.objects.values_list("phase", flat=True)) == ["implementation", "joint_definition"]
    from mostovi.projects.demo import HERITAGE_TITLE, WATER_TITLE

    assert Project.objects.get(texts__text=WATER_TITLE).phase == "implementation"
    assert Project.objects.get(texts__text=HERITAGE_TITLE).phase == "joint_definition"
    assert Project.objects.filter(is_demo=False).count() == 0
    assert Partnership.objects.filter(is_demo=True).count() == 2
    assert Post.objects.filter(is_demo=False).count() == 0
    assert Post.objects.filter(is_demo=True).exists()


def test_demo_evaluation_the_departed_officer_handed_over_to_the_deputy(
    directory, settings, django_capture_on_commit_callbacks
):
    from datetime import date

    from mostovi.evaluation.demo import FORMER_EMAIL
    from mostovi.evaluation.models import FollowUpAction, Indicator, Lesson, ReportedValue, Review
    from mostovi.projects.demo import WATER_TITLE
    from mostovi.projects.models import Document, ProjectPartner

    # After commit: the reviews' A07 reports are stored, the notifications go out.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    project = Project.objects.get(texts__text=WATER_TITLE)
    former = Membership.objects.get(user__email=FORMER_EMAIL)
    assert former.ended_at is not None
    assert not User.objects.get(email=FORMER_EMAIL).has_usable_password()
    nis = ProjectPartner.objects.get(project=project, authority__ref_key="RS:city:Niš")
    assert nis.responsible.user.email == "officer.nis@example.org"
    assert nis.deputy is None
    losses = Indicator.objects.get(result__project=project, reporting_partner__ref_key="RS:city:Niš")
    assert losses.reporter.user.email == "officer.nis@example.org"
    assert list(
        ReportedValue.objects.filter(indicator__result__project=project).values_list("status", flat=True)
    ) == ["approved", "approved", "submitted"]
    reviews = list(Review.objects.filter(project=project).order_by("period_start"))
    assert [(r.status, r.period_end.isoformat()) for r in reviews] == [
        ("completed", "2026-06-30"),
        ("scoring", "2026-11-15"),
    ]
    # The second review: Lyon has submitted, Niš not yet.
    assert sorted(
        (a.authority.ref_key, a.submitted_at is not None) for a in reviews[1].assessments.all()
    ) == [("FR:insee:69123", True), ("RS:city:Niš", False)]
    overdue = FollowUpAction.objects.get(project=project, status="open", due_on__lt=date(2026, 11, 26))
    assert overdue.owner.user.email == "officer.nis@example.org"
    assert overdue.review == reviews[0]
    assert FollowUpAction.objects.filter(project=project, status="done").count() == 1
    assert Lesson.objects.filter(project=project).count() == 2
    assert Document.objects.filter(project=project, category="A07").count() == 1
    elected_lyon = Membership.objects.get(user__email="elected.lyon@example.org", ended_at__isnull=True)
    assert elected_lyon.expected_end_on is not None
    # Nothing is left without a holder: the platform's own check passes on the demo.
    from mostovi.projects.continuity import unheld_responsibilities

    assert unheld_responsibilities() == []
    call_command("check_responsibilities", stdout=io.StringIO())
