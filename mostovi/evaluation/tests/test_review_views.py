"""The joint review pages: list and schedule, scoring form, hidden scores, side-by-side table, synthesis,
approvals, the report; refusals (403 / 404 / 409 / 422) that save nothing; query counts."""

from datetime import date

import pytest
from django.urls import reverse

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.evaluation.models import Review, ReviewSchedule, ReviewStatus, Score
from mostovi.evaluation.reviews import report as review_report
from mostovi.evaluation.reviews import services as review_services

from .review_world import all_scores, completed, review_world, score_and_submit, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return review_world()


def url(project, suffix=""):
    return f"/en/evaluation/projects/{project.pk}/reviews/{suffix}"


def test_reviews_page_lists_reviews_and_the_next_due_date(client, setup, django_assert_max_num_queries):
    world, project, review = setup
    review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2027, 7, 1)
    )
    for start, end in ((date(2027, 7, 1), date(2027, 12, 31)), (date(2028, 1, 1), date(2028, 6, 30))):
        review_services.review_create(
            actor=world.officer_nis,
            project=project,
            period_start=start,
            period_end=end,
            summary="",
            language="sr",
        )
    client.force_login(world.officer_nis)
    with django_assert_max_num_queries(18):
        response = client.get(url(project))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="review-{review.pk}"' in html and "1 Jan 2027 – 30 Jun 2027" in html
    assert "A review every 6 months, the first on 1 Jul 2027." in html
    assert "Next review due on 1 Jan 2029" in html and 'data-testid="overdue"' not in html
    assert "Start a review" in html and "Change the schedule" in html


def test_reviews_page_says_overdue(client, setup):
    world, project, review = setup
    review_services.review_delete(actor=world.officer_lyon, review=review)
    review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2026, 1, 1)
    )
    client.force_login(world.officer_nis)
    html = client.get(url(project)).content.decode()
    assert "Next review due on 1 Jan 2026" in html and 'data-testid="overdue">overdue<' in html


def test_observer_reads_without_forms(client, setup):
    world, project, review = setup
    observer = MembershipFactory(organisation=world.lyon, role=Role.OBSERVER).user
    client.force_login(observer)
    html = client.get(url(project)).content.decode()
    assert f'data-testid="review-{review.pk}"' in html and "Start a review" not in html
    page = client.get(url(project, f"{review.pk}/")).content.decode()
    assert "assessment-form-" not in page and "Delete this review" not in page
    response = client.post(url(project, "add/"), {"period_start": "2028-01-01", "period_end": "2028-06-30"})
    assert response.status_code == 403 and Review.objects.count() == 1


def test_reviews_hidden_from_outsiders(client, setup):
    world, project, review = setup
    client.force_login(world.outsider)
    assert client.get(url(project)).status_code == 404
    assert client.get(url(project, f"{review.pk}/")).status_code == 404
    assert client.get(url(project, f"{review.pk}/report/")).status_code == 404
    client.force_login(world.officer_lyon)
    assert client.get(url(project, "999999/")).status_code == 404


def test_schedule_form(client, setup):
    world, project, _review = setup
    client.force_login(world.officer_lyon)
    response = client.post(
        url(project, "schedule/"), {"interval_months": "6", "first_review_on": "2027-07-01"}
    )
    assert response.status_code == 302
    assert ReviewSchedule.objects.get().interval_months == 6
    refused = client.post(
        url(project, "schedule/"), {"interval_months": "0", "first_review_on": "2027-07-01"}
    )
    assert refused.status_code == 422 and 'data-testid="refused"' in refused.content.decode()
    assert ReviewSchedule.objects.get().interval_months == 6


def test_create_a_review_and_refuse_an_overlap(client, setup):
    world, project, _review = setup
    client.force_login(world.officer_nis)
    response = client.post(
        url(project, "add/"), {"period_start": "2027-07-01", "period_end": "2027-12-31", "summary": "Visite"}
    )
    created = Review.objects.get(period_start=date(2027, 7, 1))
    assert response.status_code == 302 and response["Location"] == url(project, f"{created.pk}/")
    assert created.language == "en"
    refused = client.post(
        url(project, "add/"), {"period_start": "2027-06-01", "period_end": "2027-08-31", "summary": "X"}
    )
    assert refused.status_code == 422
    assert "This period overlaps the review of 1 Jan 2027 – 30 Jun 2027" in refused.content.decode()
    assert Review.objects.count() == 2


def test_scoring_form_has_a_fieldset_per_criterion_with_its_question(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    html = client.get(url(project, f"{review.pk}/")).content.decode()
    form = html[html.index(f'data-testid="assessment-form-{world.lyon.pk}"') :]
    assert form.count("<fieldset") == 6 and form.count("<legend>") == 6
    assert "Is the intervention doing the right things?" in form and "Will the benefits last?" in form
    assert form.count('type="radio" name="score_relevance"') == 4
    assert f'data-testid="assessment-form-{world.nis.pk}"' not in html


def test_scores_saved_from_the_form_and_refused_when_out_of_range(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    post = {"score_relevance": "3", "narrative_relevance": "Bien", "action": "save"}
    assert client.post(url(project, f"{review.pk}/assessments/{world.lyon.pk}/"), post).status_code == 302
    assert Score.objects.get().score == 3
    for bad in ("0", "5", "x"):
        response = client.post(
            url(project, f"{review.pk}/assessments/{world.lyon.pk}/"),
            {"score_relevance": bad, "score_impact": "2", "action": "save"},
        )
        assert response.status_code == 422
        assert "A score must be between 1 and 4." in response.content.decode()
    assert list(Score.objects.values_list("criterion", "score")) == [("relevance", 3)]


def test_scoring_for_the_other_partner_is_forbidden(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    response = client.post(
        url(project, f"{review.pk}/assessments/{world.nis.pk}/"), {"score_relevance": "3", "action": "save"}
    )
    assert response.status_code == 403 and not Score.objects.exists()


def test_other_partner_scores_hidden_until_both_submitted(client, setup):
    world, project, review = setup
    score_and_submit(review, world.lyon, world.officer_lyon, 4, "Secret lyonnais")
    client.force_login(world.officer_nis)
    html = client.get(url(project, f"{review.pk}/")).content.decode()
    assert "Secret lyonnais" not in html and f'data-testid="hidden-{world.lyon.pk}"' in html
    assert 'data-testid="side-by-side"' not in html
    report = client.get(url(project, f"{review.pk}/report/")).content.decode()
    assert "Secret lyonnais" not in report
    client.force_login(world.elected_lyon)
    assert "Secret lyonnais" in client.get(url(project, f"{review.pk}/")).content.decode()
    score_and_submit(review, world.nis, world.officer_nis, 2, "Наша оцена")
    client.force_login(world.officer_nis)
    html = client.get(url(project, f"{review.pk}/")).content.decode()
    assert "Secret lyonnais" in html and "Наша оцена" in html and 'data-testid="side-by-side"' in html
    assert f'data-testid="score-relevance-{world.lyon.pk}">4<' in html
    assert 'data-testid="gap-relevance">2<' in html


def test_submit_from_the_form_moves_to_synthesis_when_last(client, setup):
    world, project, review = setup
    score_and_submit(review, world.lyon, world.officer_lyon)
    client.force_login(world.officer_nis)
    post = {f"score_{c}": str(s) for c, (s, _n) in all_scores(2).items()} | {"action": "submit"}
    response = client.post(url(project, f"{review.pk}/assessments/{world.nis.pk}/"), post)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SYNTHESIS


def test_incomplete_submission_keeps_the_saved_scores(client, setup):
    world, project, review = setup
    client.force_login(world.officer_nis)
    response = client.post(
        url(project, f"{review.pk}/assessments/{world.nis.pk}/"), {"score_relevance": "2", "action": "submit"}
    )
    assert response.status_code == 422
    assert "Score every criterion before submitting." in response.content.decode()
    assert Score.objects.get().score == 2


def test_approving_before_both_scored_is_409(client, setup):
    world, project, review = setup
    client.force_login(world.elected_lyon)
    response = client.post(url(project, f"{review.pk}/approvals/{world.lyon.pk}/"), {"version": "0"})
    assert response.status_code == 409


def test_synthesis_and_approvals_complete_the_review(client, setup, django_capture_on_commit_callbacks):
    world, project, review = setup
    scored(world, review)
    client.force_login(world.officer_nis)
    response = client.post(
        url(project, f"{review.pk}/synthesis/"), {"synthesis": "Nous retenons ceci.", "version": "0"}
    )
    assert response.status_code == 302
    html = client.get(url(project, f"{review.pk}/")).content.decode()
    assert (
        f'data-testid="approve-{world.nis.pk}"' in html
        and f'data-testid="approve-{world.lyon.pk}"' not in html
    )
    client.post(url(project, f"{review.pk}/approvals/{world.nis.pk}/"), {"version": "1"})
    client.force_login(world.elected_lyon)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(project, f"{review.pk}/approvals/{world.lyon.pk}/"), {"version": "1"})
        assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED
    assert project.documents.filter(category="A07").count() == 1


def test_follow_up_links_when_those_pages_exist(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    html = client.get(url(project, f"{review.pk}/")).content.decode()
    action = reverse("evaluation:action_add", kwargs={"pk": project.pk})
    assert f'href="{action}?review={review.pk}"' in html


def test_review_page_query_count(client, setup, django_assert_max_num_queries):
    world, project, review = setup
    completed(world, review)
    client.force_login(world.officer_nis)
    # (+1: the partners' translations of the synthesis)
    with django_assert_max_num_queries(20):
        response = client.get(url(project, f"{review.pk}/"))
    assert response.status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get(url(project, f"{review.pk}/report/")).status_code == 200


def test_report_page_and_pdf(client, setup):
    world, project, review = setup
    completed(world, review)
    client.force_login(world.officer_nis)
    html = client.get(url(project, f"{review.pk}/report/")).content.decode()
    assert "Evaluation report (IATI document category A07)" in html
    assert "Les partenaires retiennent la sectorisation du réseau." in html
    assert "Réseau mieux connu" in html and "Мрежа боље позната" in html
    if review_report.report_pdf_available():
        pdf = client.get(url(project, f"{review.pk}/report.pdf"))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")


def test_delete_from_the_page(client, setup):
    world, project, review = setup
    client.force_login(world.officer_nis)
    assert client.post(url(project, f"{review.pk}/delete/")).status_code == 302
    assert not Review.objects.alive().exists()


def test_project_timeline_never_shows_scores(client, setup):
    world, project, review = setup
    score_and_submit(review, world.lyon, world.officer_lyon, 4, "Secret lyonnais")
    client.force_login(world.officer_nis)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "Secret lyonnais" not in html
    events = client.get(f"/api/v1/projects/{project.pk}/timeline", headers={"Accept-Language": "en"})
    assert events.status_code == 200 and "assessment_submitted" in events.content.decode()
    assert "Secret lyonnais" not in events.content.decode()
