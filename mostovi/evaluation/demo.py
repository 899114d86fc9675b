"""Demo evaluation of the Lyon–Niš water project, in implementation since January 2026.

- A results framework: an impact, an outcome measured by Niš (network losses), an output measured by Lyon
  (technicians trained), with baselines, targets and values approved by the other partner.
- A Niš officer who was responsible for the project and reported its indicator, then left: the deputy took
  over (the platform's continuity, not a hand-made change).
- After his departure the deputy reports the next value, waiting for Lyon's approval.
- Two joint reviews: the first completed, with a follow-up action done and one overdue; the second being
  scored (Lyon has submitted its scores, Niš not yet, so Lyon's stay hidden from Niš).
- Lessons learned from the first review.

Everything is written through the services, as users would, and only once (a second run changes nothing),
each step at the date of the story (`core.events.story_dates`), so the timeline, the charts and the handover
pack show the history as it happened.
"""

from datetime import date, timedelta

from django.utils import timezone

from mostovi.accounts.models import Membership, Role, User
from mostovi.accounts.services.memberships import (
    membership_create,
    membership_end,
    membership_expected_end_set,
)
from mostovi.core.events import story_dates
from mostovi.projects.demo import WATER_TITLE, _demo, water_lead
from mostovi.projects.models import Phase
from mostovi.projects.selectors import project_get_for_page
from mostovi.projects.services.partners import partner_set_roles

from .actions import services as action_services
from .lessons import services as lesson_services
from .logframe import services
from .models import Criterion, Indicator, Level, Measure, ValueStatus
from .reviews import report as review_report
from .reviews import services as review_services

# A demo person (not one of the sign-in accounts): the Niš officer who left in the autumn of 2026.
FORMER_EMAIL = "former.officer.nis@example.org"
FORMER_SINCE = date(2019, 3, 1)
FORMER_NAME = "Ненад Илић"


def _value(project, indicator, reporter, approver, start, end, value, *, reported_on, approved_on=None):
    """A value reported and submitted on `reported_on`, approved by the other partner on `approved_on`."""
    with story_dates(reported_on):
        reported = services.value_report(
            actor=reporter,
            project=project,
            indicator=indicator,
            period_start=start,
            period_end=end,
            value=value,
        )
        services.value_transition(
            actor=reporter, project=project, reported=reported, to=ValueStatus.SUBMITTED
        )
    if approved_on is not None:
        with story_dates(approved_on):
            services.value_transition(
                actor=approver, project=project, reported=reported, to=ValueStatus.APPROVED
            )
    return reported


def _logframe(project, users, lyon, nis, former) -> tuple[Indicator, Indicator]:
    officer_lyon, officer_nis = users["officer.lyon@example.org"], users["officer.nis@example.org"]
    impact = services.result_create(
        actor=officer_lyon,
        project=project,
        level=Level.IMPACT,
        title="Accès durable à une eau potable sûre pour les habitants de Niš",
        language="fr",
    )
    outcome = services.result_create(
        actor=former,
        project=project,
        level=Level.OUTCOME,
        title="Смањени губици воде у мрежи Ниша",
        language="sr",
        parent_id=impact.pk,
    )
    output = services.result_create(
        actor=officer_lyon,
        project=project,
        level=Level.OUTPUT,
        title="Techniciens de Niš formés à la recherche de fuites",
        language="fr",
        parent_id=outcome.pk,
        actions=["Обука шест техничара"],
    )
    former_membership = Membership.objects.get(user=former, organisation=nis, ended_at__isnull=True)
    losses = services.indicator_create(
        actor=former,
        project=project,
        result=outcome,
        title="Удео изгубљене воде у мрежи",
        measure=Measure.PERCENTAGE,
        unit="%",
        baseline="41",
        baseline_date=date(2025, 12, 31),
        sources="Очитавања водомера ЈКП Наиссус",
        assumptions="Les compteurs de secteur sont posés avant mars 2026.",
        reporting_partner_id=nis.pk,
        reporter_id=former_membership.pk,
    )
    for start, end, target in (
        (date(2026, 1, 1), date(2026, 12, 31), "37"),
        (date(2027, 1, 1), date(2027, 12, 31), "32"),
    ):
        services.target_create(
            actor=officer_lyon,
            project=project,
            indicator=losses,
            period_start=start,
            period_end=end,
            value=target,
        )
    trained = services.indicator_create(
        actor=officer_lyon,
        project=project,
        result=output,
        title="Techniciens formés et certifiés",
        measure=Measure.UNIT,
        unit="personnes",
        baseline="0",
        baseline_date=date(2025, 12, 31),
        sources="Feuilles de présence et attestations de la Métropole de Lyon",
        reporting_partner_id=lyon.pk,
        reporter_id=Membership.objects.get(user=officer_lyon, organisation=lyon, ended_at__isnull=True).pk,
    )
    services.target_create(
        actor=officer_lyon,
        project=project,
        indicator=trained,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        value="6",
    )
    _value(
        project,
        losses,
        former,
        officer_lyon,
        date(2026, 1, 1),
        date(2026, 6, 30),
        "39",
        reported_on=date(2026, 7, 6),
        approved_on=date(2026, 7, 10),
    )
    _value(
        project,
        trained,
        officer_lyon,
        officer_nis,
        date(2026, 1, 1),
        date(2026, 6, 30),
        "4",
        reported_on=date(2026, 7, 3),
        approved_on=date(2026, 7, 8),
    )
    return losses, trained


# Each partner's own scoring of the first review: (score, narrative) per criterion, in its own language.
LYON_SCORES = {
    Criterion.RELEVANCE: (4, "Les pertes d'eau sont la première priorité du plan municipal de Niš."),
    Criterion.COHERENCE: (
        3,
        "Complète le prêt de la BERD ; la coordination avec l'entreprise des eaux reste à formaliser.",
    ),
    Criterion.EFFECTIVENESS: (3, "Quatre techniciens formés sur six ; la sectorisation a commencé."),
    Criterion.EFFICIENCY: (2, "Les compteurs de secteur sont arrivés avec trois mois de retard."),
    Criterion.IMPACT: (2, "Trop tôt pour mesurer un effet sur la facture des habitants."),
    Criterion.SUSTAINABILITY: (
        3,
        "Les équipes formées restent ; le budget d'entretien n'est pas encore voté.",
    ),
}
NIS_SCORES = {
    Criterion.RELEVANCE: (4, "Губици воде су главни проблем ЈКП Наиссус."),
    Criterion.COHERENCE: (3, "Усклађено са програмом ЕБРД; потребан је заједнички план мерења."),
    Criterion.EFFECTIVENESS: (2, "Секторизација касни због набавке водомера."),
    Criterion.EFFICIENCY: (2, "Набавка водомера трајала је дуже од планираног."),
    Criterion.IMPACT: (2, "Први резултати се очекују 2027. године."),
    Criterion.SUSTAINABILITY: (3, "Обучени техничари остају у предузећу."),
}
LYON_SCORES_SECOND = {
    Criterion.RELEVANCE: (4, "Toujours la priorité de Niš."),
    Criterion.COHERENCE: (3, "Le plan de comptage commun est signé."),
    Criterion.EFFECTIVENESS: (3, "Six techniciens formés ; trois secteurs équipés."),
    Criterion.EFFICIENCY: (3, "Le retard des compteurs est rattrapé."),
    Criterion.IMPACT: (2, "Les pertes baissent dans les secteurs équipés."),
    Criterion.SUSTAINABILITY: (3, "Le budget d'entretien 2027 reste à voter."),
}


def _first_review(project, users, lyon, nis, former):
    """The first six months, reviewed together: scored apart, synthesised, approved by both."""
    officer_lyon = users["officer.lyon@example.org"]
    with story_dates(date(2026, 2, 2)):
        review_services.review_schedule_set(
            actor=officer_lyon, project=project, interval_months=6, first_review_on=date(2026, 7, 15)
        )
    with story_dates(date(2026, 7, 15)):
        review = review_services.review_create(
            actor=officer_lyon,
            project=project,
            period_start=date(2026, 1, 15),
            period_end=date(2026, 6, 30),
            summary="Diagnostic du réseau terminé, 12 secteurs délimités ; premier cycle de formation à Niš.",
            language="fr",
        )
    with story_dates(date(2026, 7, 20)):
        review_services.assessment_save(
            actor=officer_lyon, review=review, authority=lyon, scores=LYON_SCORES, language="fr"
        )
        review_services.assessment_submit(actor=officer_lyon, review=review, authority=lyon)
    with story_dates(date(2026, 7, 24)):
        review_services.assessment_save(
            actor=former, review=review, authority=nis, scores=NIS_SCORES, language="sr"
        )
        review_services.assessment_submit(actor=former, review=review, authority=nis)
    with story_dates(date(2026, 7, 28)):
        review = review_services.review_synthesis_update(
            actor=officer_lyon,
            review=review,
            synthesis=(
                "Les deux partenaires jugent le projet pertinent et cohérent avec le programme de la "
                "BERD. Le retard des compteurs de secteur pèse sur l'efficience : Niš les posera d'ici fin "
                "octobre, Lyon forme deux techniciens de plus à la détection acoustique."
            ),
            language="fr",
            version=0,
        )
    with story_dates(date(2026, 7, 30)):
        review_services.review_approve(
            actor=officer_lyon, review=review, authority=lyon, version=review.synthesis_version
        )
    with story_dates(date(2026, 8, 3)):
        review_services.review_approve(
            actor=former, review=review, authority=nis, version=review.synthesis_version
        )
        # The report is stored on the day the review is completed (the task after commit then finds it).
        review_report.review_report_store.call(review_id=review.pk, actor_id=former.pk)
    former_membership = Membership.objects.get(user=former, organisation=nis, ended_at__isnull=True)
    lyon_membership = Membership.objects.get(user=officer_lyon, organisation=lyon, ended_at__isnull=True)
    with story_dates(date(2026, 8, 4)):
        overdue = action_services.action_create(
            actor=officer_lyon,
            project=project,
            review_id=review.pk,
            title="Поставити преостале секторске водомере",
            description="Девет водомера за секторе 4 до 12.",
            language="sr",
            owner_id=former_membership.pk,
            due_on=date(2026, 10, 31),
        )
        done = action_services.action_create(
            actor=officer_lyon,
            project=project,
            review_id=review.pk,
            title="Former deux techniciens de plus à la détection acoustique des fuites",
            language="fr",
            owner_id=lyon_membership.pk,
            due_on=date(2026, 9, 30),
        )
    with story_dates(date(2026, 9, 23)):
        action_services.action_transition(
            actor=officer_lyon,
            action=done,
            to="done",
            evidence="Attestations de formation du 22 septembre 2026 (documents du projet).",
        )
    with story_dates(date(2026, 8, 5)):
        lesson_services.lesson_create(
            actor=former,
            project=project,
            authority_id=nis.pk,
            review_id=review.pk,
            title="Набавку опреме покренути пре обуке",
            text=(
                "Обука без секторских водомера не даје мерљиве резултате; набавка траје најмање шест месеци."
            ),
            language="sr",
        )
        lesson_services.lesson_create(
            actor=officer_lyon,
            project=project,
            authority_id=lyon.pk,
            review_id=review.pk,
            title="Un plan de comptage commun dès la mission d'expertise",
            text="Définir avec l'entreprise des eaux, dès la mission, qui relève quels compteurs et quand.",
            language="fr",
        )
    return review, overdue


def _second_review(project, users, lyon):
    """The second period: Lyon has scored and submitted, Niš not yet (Lyon's scores stay hidden from Niš)."""
    officer_lyon = users["officer.lyon@example.org"]
    with story_dates(date(2026, 11, 18)):
        review = review_services.review_create(
            actor=officer_lyon,
            project=project,
            period_start=date(2026, 7, 1),
            period_end=date(2026, 11, 15),
            summary=(
                "Trois secteurs équipés de compteurs ; second cycle de formation ; comité de pilotage à Niš."
            ),
            language="fr",
        )
    with story_dates(date(2026, 11, 20)):
        review_services.assessment_save(
            actor=officer_lyon, review=review, authority=lyon, scores=LYON_SCORES_SECOND, language="fr"
        )
        review_services.assessment_submit(actor=officer_lyon, review=review, authority=lyon)
    return review


def demo_evaluation_ensure(*, users: dict, organisations: dict) -> list[str]:
    project = _demo(WATER_TITLE)
    if project is None:
        return []
    if project.results.exists():
        return ["demo evaluation of Lyon–Niš already there"]
    if project.phase != Phase.IMPLEMENTATION:
        return [f"demo evaluation skipped: Lyon–Niš is in phase {project.phase}"]
    lyon, nis = water_lead(organisations), organisations["RS:city:Niš"]
    officer_nis = users["officer.nis@example.org"]
    # The former officer: responsible for Niš on the project, with the Niš officer as deputy.
    former, _created = User.objects.get_or_create(
        email=FORMER_EMAIL, defaults={"full_name": FORMER_NAME, "preferred_language": "sr"}
    )
    former.set_unusable_password()
    former.save()
    with story_dates(FORMER_SINCE) as since:
        former_membership = membership_create(actor=None, user=former, organisation=nis, role=Role.OFFICER)
        Membership.objects.filter(pk=former_membership.pk).update(started_at=since)
    project = project_get_for_page(pk=project.pk)
    with story_dates(date(2026, 1, 21)):
        partner_set_roles(
            actor=officer_nis,
            project=project,
            authority_id=nis.pk,
            responsible_id=former_membership.pk,
            deputy_id=Membership.objects.get(user=officer_nis, organisation=nis, ended_at__isnull=True).pk,
        )
    project = project_get_for_page(pk=project.pk)
    with story_dates(date(2026, 2, 2)):
        _logframe(project, users, lyon, nis, former)
    _first_review(project, users, lyon, nis, former)
    # He leaves: what he held (the project, the indicator, the overdue action) moves to the deputy, with a
    # notification and a history entry each.
    with story_dates(date(2026, 10, 15)):
        membership_end(actor=former, membership=former_membership)
    project = project_get_for_page(pk=project.pk)
    _second_review(project, users, lyon)
    # The deputy, now responsible, reports the losses of the second half-year: Lyon has to approve them.
    losses = Indicator.objects.get(result__project=project, reporting_partner=nis)
    _value(
        project,
        losses,
        officer_nis,
        None,
        date(2026, 7, 1),
        date(2026, 10, 31),
        "36",
        reported_on=date(2026, 11, 5),
    )
    # Lyon's elected deputy expects to leave within three months: the partners see a banner.
    elected_lyon = users["elected.lyon@example.org"]
    membership_expected_end_set(
        actor=elected_lyon,
        membership=Membership.objects.get(user=elected_lyon, organisation=lyon, ended_at__isnull=True),
        expected_end_on=timezone.localdate() + timedelta(days=45),
    )
    return [
        f"demo evaluation of Lyon–Niš created (#{project.pk}): logframe, two reviews, follow-up actions "
        "(one overdue), lessons, a departed officer replaced by the deputy"
    ]
