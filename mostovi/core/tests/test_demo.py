"""`manage.py demo_setup` builds the demo story through the services, and a second run keeps it as it is."""

import io

import pytest
from django.core.management import call_command

from mostovi.accounts.models import Membership, User
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.exchange.models import Post
from mostovi.partnerships.models import Partnership
from mostovi.projects.models import Project

from .demo_world import demo_reference_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    demo_reference_records()


def test_demo_setup_plays_the_story_and_is_idempotent(directory, settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    # The eight sign-in accounts (platform staff among them) and the Niš officer who left (no password).
    assert User.objects.filter(email__endswith="@example.org").count() == 9
    assert User.objects.get(email="staff@example.org").is_staff
    assert User.objects.get(email="officer.nis@example.org").check_password("demo-password-for-tests")
    assert (
        Membership.objects.filter(user__email="coordinator.nalas@example.org", role="coordinator").count()
        == 1
    )
    assert sorted(Project.objects.values_list("phase", flat=True)) == ["implementation", "joint_definition"]
    from mostovi.projects.demo import HERITAGE_TITLE, WATER_TITLE

    water = Project.objects.get(texts__text=WATER_TITLE)
    assert water.phase == "implementation"
    # Water is a competence of the Métropole de Lyon: it leads the project.
    assert water.partners.get(is_lead=True).authority.ref_key == "FR:epci:200046977"
    # The Lyon accounts act for the City and for the Métropole.
    for email in ("officer.lyon@example.org", "elected.lyon@example.org"):
        assert set(
            Membership.objects.filter(user__email=email, ended_at=None).values_list(
                "organisation__ref_key", flat=True
            )
        ) == {"FR:insee:69123", "FR:epci:200046977"}
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
    ) == [("FR:epci:200046977", True), ("RS:city:Niš", False)]
    overdue = FollowUpAction.objects.get(project=project, status="open", due_on__lt=date(2026, 11, 26))
    assert overdue.owner.user.email == "officer.nis@example.org"
    assert overdue.review == reviews[0]
    assert FollowUpAction.objects.filter(project=project, status="done").count() == 1
    assert Lesson.objects.filter(project=project).count() == 2
    assert Document.objects.filter(project=project, category="A07").count() == 1
    elected_lyon = Membership.objects.get(
        user__email="elected.lyon@example.org",
        ended_at__isnull=True,
        organisation__ref_key="FR:epci:200046977",
    )
    assert elected_lyon.expected_end_on is not None
    # Nothing is left without a holder: the platform's own check passes on the demo.
    from mostovi.projects.continuity import unheld_responsibilities

    assert unheld_responsibilities() == []
    call_command("check_responsibilities", stdout=io.StringIO())


# --- the story's dates -------------------------------------------------------------------------------------


def test_events_recorded_inside_story_dates_carry_the_story_date():
    from datetime import date, datetime

    from django.utils import timezone

    from mostovi.core.events import story_dates, story_now
    from mostovi.core.services import event_record

    target = AuthorityFactory()
    with story_dates(date(2025, 10, 20)) as when:
        inside = event_record(actor=None, kind="test.inside", target=target)
        with story_dates(datetime(2026, 1, 20, 9, 30)):
            nested = event_record(actor=None, kind="test.nested", target=target)
        back = event_record(actor=None, kind="test.back", target=target)
    outside = event_record(actor=None, kind="test.outside", target=target)
    assert when == timezone.make_aware(datetime(2025, 10, 20, 12, 0))
    assert timezone.localtime(inside.created_at).date() == date(2025, 10, 20)
    assert timezone.localtime(nested.created_at) == timezone.make_aware(datetime(2026, 1, 20, 9, 30))
    assert timezone.localtime(back.created_at).date() == date(2025, 10, 20)
    assert abs((timezone.now() - outside.created_at).total_seconds()) < 60
    assert story_now() is None
    # What is stored, not only what was returned.
    from mostovi.core.models import Event

    assert Event.objects.get(pk=inside.pk).created_at == inside.created_at


def test_story_dates_gives_the_clock_back_when_the_block_fails():
    from datetime import date

    from django.utils import timezone

    from mostovi.core.events import story_dates

    with pytest.raises(RuntimeError), story_dates(date(2019, 3, 1)):
        raise RuntimeError("boom")
    assert timezone.now().year >= 2026


def test_the_demo_history_is_recorded_at_the_dates_of_its_story(directory, settings):
    from datetime import date

    from django.utils import timezone

    from mostovi.core.models import Event
    from mostovi.evaluation.demo import FORMER_EMAIL
    from mostovi.evaluation.models import ReportedValue, ReviewApproval
    from mostovi.projects.demo import WATER_TITLE
    from mostovi.projects.models import Document, MissionAcceptance, ProgrammeApproval
    from mostovi.projects.selectors import project_timeline

    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    project = Project.objects.get(texts__text=WATER_TITLE)

    def day(value):
        return timezone.localtime(value).date()

    # The mission of 5–9 October 2025 is accepted by both partners in October 2025.
    accepted = sorted(day(a.accepted_at) for a in MissionAcceptance.objects.filter(mission__project=project))
    assert accepted == [date(2025, 10, 20), date(2025, 10, 24)]
    events = {e.kind: day(e.created_at) for e in project_timeline(project=project).order_by("created_at")}
    assert events["project.created"] == date(2025, 9, 1)
    assert events["mission.accepted"] == date(2025, 10, 24)
    assert sorted(day(a.approved_at) for a in ProgrammeApproval.objects.filter(version__project=project)) == [
        date(2025, 11, 28),
        date(2025, 12, 5),
    ]
    phases = [
        (e.data["new"], day(e.created_at))
        for e in Event.objects.filter(
            kind="project.phase_changed", scope=f"projects.project:{project.pk}"
        ).order_by("created_at", "id")
    ]
    assert phases == [
        ("expertise_mission", date(2025, 9, 4)),
        ("joint_definition", date(2025, 10, 24)),
        ("funding", date(2025, 12, 8)),
        ("implementation", date(2026, 1, 20)),
    ]
    # The funding plan of January 2026, the reviews of the summer, the departure in October.
    assert events["funding_plan.approved"] == date(2026, 1, 19)
    assert sorted(day(a.approved_at) for a in ReviewApproval.objects.filter(review__project=project)) == [
        date(2026, 7, 30),
        date(2026, 8, 3),
    ]
    assert day(Document.objects.get(project=project, category="A07").created_at) == date(2026, 8, 3)
    moved = Event.objects.filter(kind="responsibility.moved", scope=f"projects.project:{project.pk}")
    assert {day(e.created_at) for e in moved} == {date(2026, 10, 15)}
    former = Membership.objects.get(user__email=FORMER_EMAIL)
    assert (former.started_at.year, day(former.ended_at)) == (2019, date(2026, 10, 15))
    assert sorted(
        day(v.reported_at) for v in ReportedValue.objects.filter(indicator__result__project=project)
    ) == [
        date(2026, 7, 3),
        date(2026, 7, 6),
        date(2026, 11, 5),
    ]
    # The timeline reads as the story: no event of the project is dated after the story's last step.
    assert max(events.values()) <= date(2026, 11, 20)


def test_the_demo_feeds_the_open_data(directory, settings):
    """From a fresh demo: the IATI file validates against the schema (the command anyone can run), and Lyon's
    e-APD figures for 2026 show its Lyon–Niš payments under Serbia, in the project's water sectors."""
    from decimal import Decimal

    from django.core.management.base import CommandError

    from mostovi.opendata import iati, selectors
    from mostovi.opendata.declaration import declaration_for
    from mostovi.projects.demo import WATER_TITLE

    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    water = Project.objects.get(texts__text=WATER_TITLE)
    assert water.visibility == "public"

    content = b"".join(iati.activities_stream(selectors.iati_project_chunks()))
    assert content.count(b"<iati-activity ") == 1
    assert iati.validate(content) == []
    out = io.StringIO()
    try:
        call_command("iati_validate", stdout=out, stderr=io.StringIO())
    except CommandError as error:  # pragma: no cover - the message names the schema errors
        raise AssertionError(str(error)) from error
    assert "Valid IATI 2.03: 1 activities." in out.getvalue()

    officer = User.objects.get(email="officer.lyon@example.org")
    lyon = water.partners.get(is_lead=True).authority
    _authority, figures = declaration_for(user=officer, authority_id=lyon.pk, year=2026)
    assert {(row["country"], row["sector"]) for row in figures.rows} == {("RS", "14020"), ("RS", "14010")}
    assert figures.total_eur == figures.oda_eur == Decimal("23400.00")
    # The disbursement to Niš goes through its local government, Lyon's own mission costs through Lyon.
    assert {row["channel"] for row in figures.rows} == {"12002", "11002"}
