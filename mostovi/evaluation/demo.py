"""Demo evaluation of the Lyon–Niš water project, in implementation since January 2026.

- A results framework: an impact, an outcome measured by Niš (network losses), an output measured by Lyon
  (technicians trained), with baselines, targets and values approved by the other partner.
- A Niš officer who was responsible for the project and reported its indicator, then left: the deputy took
  over (the platform's continuity, not a hand-made change).
- Two joint reviews: the first completed, with a follow-up action done and one overdue; the second being
  scored (Lyon has submitted its scores, Niš not yet, so Lyon's stay hidden from Niš).
- Lessons learned from the first review.

Everything is written through the services, as users would, and only once (a second run changes nothing).
"""

from datetime import date

from django.utils import timezone

from mostovi.accounts.models import Membership, Role, User
from mostovi.accounts.services import membership_create, membership_end
from mostovi.projects.demo import WATER_TITLE, _demo
from mostovi.projects.models import Phase
from mostovi.projects.selectors import project_get_for_page
from mostovi.projects.services import partner_set_roles

from . import services
from .models import Indicator, Level, Measure, ValueStatus

# A demo person (not one of the sign-in accounts): the Niš officer who left in the autumn of 2026.
FORMER_EMAIL = "former.officer.nis@example.org"
FORMER_NAME = "Ненад Илић"


def _value(project, indicator, reporter, approver, start, end, value, *, approve=True):
    reported = services.value_report(
        actor=reporter, project=project, indicator=indicator, period_start=start, period_end=end, value=value
    )
    services.value_transition(actor=reporter, project=project, reported=reported, to=ValueStatus.SUBMITTED)
    if approve:
        services.value_transition(actor=approver, project=project, reported=reported, to=ValueStatus.APPROVED)
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
    _value(project, losses, former, officer_lyon, date(2026, 1, 1), date(2026, 6, 30), "39")
    _value(project, trained, officer_lyon, officer_nis, date(2026, 1, 1), date(2026, 6, 30), "4")
    return losses, trained


def demo_evaluation_ensure(*, users: dict, organisations: dict) -> list[str]:
    project = _demo(WATER_TITLE)
    if project is None:
        return []
    if project.results.exists():
        return ["demo evaluation of Lyon–Niš already there"]
    if project.phase != Phase.IMPLEMENTATION:
        return [f"demo evaluation skipped: Lyon–Niš is in phase {project.phase}"]
    lyon, nis = organisations["FR:insee:69123"], organisations["RS:city:Niš"]
    officer_nis = users["officer.nis@example.org"]
    # The former officer: responsible for Niš on the project, with the Niš officer as deputy.
    former, _created = User.objects.get_or_create(
        email=FORMER_EMAIL, defaults={"full_name": FORMER_NAME, "preferred_language": "sr"}
    )
    former.set_unusable_password()
    former.save()
    former_membership = membership_create(actor=None, user=former, organisation=nis, role=Role.OFFICER)
    Membership.objects.filter(pk=former_membership.pk).update(started_at=timezone.now().replace(year=2019))
    project = project_get_for_page(pk=project.pk)
    partner_set_roles(
        actor=officer_nis,
        project=project,
        authority_id=nis.pk,
        responsible_id=former_membership.pk,
        deputy_id=Membership.objects.get(user=officer_nis, organisation=nis, ended_at__isnull=True).pk,
    )
    project = project_get_for_page(pk=project.pk)
    _logframe(project, users, lyon, nis, former)
    # He leaves: what he held moves to the deputy, with a notification and a history entry.
    membership_end(actor=former, membership=former_membership)
    return [f"demo evaluation of Lyon–Niš created (#{project.pk}): logframe, a departed officer"]
