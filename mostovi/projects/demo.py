"""Demo projects (marked `is_demo`): never presented as real agreements.

Lyon–Niš (water) goes through every gate: expertise mission, programme approved by both, funding (its plan is
added by `funding.plans.demo`), then the signed convention and implementation. Lyon–Sofia (heritage) waits for
Sofia's approval of its programme, to show a decision in progress.

Each step is recorded at the date of the story (`core.events.story_dates`): the mission of October 2025 is
accepted in October 2025, the project enters implementation in January 2026.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from mostovi.accounts.models import Membership
from mostovi.core.events import story_dates

from . import services
from .models import Phase, Project, Visibility
from .selectors import project_get_for_page

WATER_TITLE = "Eau potable et assainissement à Niš — démonstration"
HERITAGE_TITLE = "Patrimoine et tourisme culturel Lyon–Sofia — démonstration"
# A minimal valid PDF standing for the signed convention of a demo project.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo(title: str) -> Project | None:
    return Project.objects.filter(is_demo=True, texts__text=title).first()


def _name_roles(project, users, authority, city: str) -> None:
    """The officer is responsible for the authority, the elected official is the deputy."""

    officer, elected = users[f"officer.{city}@example.org"], users[f"elected.{city}@example.org"]
    roles = {
        m.user_id: m.pk
        for m in Membership.objects.active().filter(organisation=authority, user__in=[officer, elected])
    }
    services.partner_set_roles(
        actor=officer,
        project=project,
        authority_id=authority.pk,
        responsible_id=roles.get(officer.pk),
        deputy_id=roles.get(elected.pk),
    )


# Drinking water and sanitation are competences of the Métropole de Lyon (art. L3641-1 of the Code général
# des collectivités territoriales; grandlyon.com, "L'eau potable"), not of the City of Lyon: the Métropole
# leads the water project. Without the Métropole in the directory (a partial import), the City stands in.
WATER_LEAD = "FR:epci:200046977"


def water_lead(organisations: dict):
    """The French partner of the water project: the Métropole de Lyon (the City of Lyon if it is absent)."""
    return organisations.get(WATER_LEAD) or organisations.get("FR:insee:69123")


def _water(users, lyon, nis) -> str:
    if _demo(WATER_TITLE):
        return "demo project Lyon–Niš already there"
    officer_lyon, officer_nis = users["officer.lyon@example.org"], users["officer.nis@example.org"]
    with story_dates(date(2025, 9, 1)):
        project = services.project_create(
            actor=officer_lyon,
            title=WATER_TITLE,
            language="fr",
            partner_ids=[lyon.pk, nis.pk],
            is_demo=True,
            summary=(
                "Projet de démonstration : réduction des pertes du réseau d'eau "
                "et formation des équipes techniques."
            ),
        )
    with story_dates(date(2025, 9, 3)):
        services.project_text_set(
            actor=officer_nis,
            project=project,
            field="title",
            language="sr",
            text="Пијаћа вода и канализација у Нишу — демонстрација",
            revision=0,
        )
        services.project_update(
            actor=officer_lyon,
            project=project,
            revision=project.revision,
            dac_sectors=["14020", "14010"],
            themes=["water-sanitation", "public-administration"],
            planned_start=date(2026, 1, 15),
            planned_end=date(2027, 12, 15),
            working_languages=["fr", "sr", "en"],
            # Published: the open-data page and the IATI file show it (a demo, marked as such).
            visibility=Visibility.PUBLIC,
        )
    with story_dates(date(2025, 9, 4)):
        _name_roles(project, users, lyon, "lyon")
        _name_roles(project, users, nis, "nis")
        services.project_transition(actor=officer_lyon, project=project, to="expertise_mission")
    with story_dates(date(2025, 10, 13)):
        mission = services.mission_record(
            actor=officer_lyon,
            project=project,
            title="Mission d'expertise — réseau d'eau de Niš",
            starts_on=date(2025, 10, 5),
            ends_on=date(2025, 10, 9),
            team="2 ingénieurs de la Métropole, 1 chargée de mission",
            places="Niš : station de traitement, quartiers Medijana et Pantelej",
            terms_of_reference="Évaluer les pertes du réseau et les besoins de formation.",
            findings="Pertes estimées élevées sur le réseau ancien ; équipes motivées mais peu outillées.",
            recommendations=(
                "Sectoriser le réseau, former six techniciens, installer des compteurs de secteur."
            ),
        )
    with story_dates(date(2025, 10, 20)):
        services.mission_accept(
            actor=officer_lyon, project=project, mission=mission, revision=mission.revision
        )
    with story_dates(date(2025, 10, 24)):
        services.mission_accept(
            actor=officer_nis, project=project, mission=mission, revision=mission.revision
        )
        services.project_transition(actor=officer_nis, project=project, to="joint_definition")
    with story_dates(date(2025, 11, 14)):
        services.programme_update(
            actor=officer_lyon,
            project=project,
            version=0,
            objectives="Réduire les pertes d'eau de Niš et renforcer les compétences des équipes.",
            actions=[
                {
                    "title": "Diagnostic et sectorisation du réseau",
                    "partner_id": lyon.pk,
                    "starts_on": "2026-01-15",
                    "ends_on": "2026-06-30",
                    "expected_results": "Carte des secteurs, plan de comptage",
                },
                {
                    "title": "Обука шест техничара",
                    "partner_id": nis.pk,
                    "starts_on": "2026-03-01",
                    "ends_on": "2026-12-15",
                    "expected_results": "6 техничара обучено",
                },
            ],
        )
    with story_dates(date(2025, 11, 28)):
        services.programme_approve(actor=users["elected.lyon@example.org"], project=project, version=1)
    with story_dates(date(2025, 12, 5)):
        services.programme_approve(actor=users["elected.nis@example.org"], project=project, version=1)
    with story_dates(date(2025, 12, 8)):
        services.project_transition(actor=officer_lyon, project=project, to="funding")
    with story_dates(date(2025, 12, 10)):
        for title, partner, start, end, milestone in (
            ("Diagnostic du réseau", lyon, date(2026, 1, 15), date(2026, 6, 30), False),
            ("Обука техничара — први циклус", nis, date(2026, 3, 1), date(2026, 7, 15), False),
            ("Comité de pilotage à Niš", nis, date(2026, 9, 20), date(2026, 9, 20), True),
        ):
            activity = services.activity_create(
                actor=officer_lyon if partner == lyon else officer_nis,
                project=project,
                title=title,
                partner_id=partner.pk,
                starts_on=start,
                ends_on=end,
                is_milestone=milestone,
            )
            if not milestone:
                # The diagnostic and the first training cycle were done (the first review says so); the
                # steering committee's milestone is left for the partners to bring up to date.
                with story_dates(end):
                    services.activity_status_set(
                        actor=officer_lyon if partner == lyon else officer_nis,
                        activity=activity,
                        status="done",
                    )
    return f"demo project Lyon–Niš created (#{project.pk}, programme approved by both, in funding)"


def _heritage(users, lyon, sofia) -> str:
    if _demo(HERITAGE_TITLE):
        return "demo project Lyon–Sofia already there"
    officer_lyon, officer_sofia = users["officer.lyon@example.org"], users["officer.sofia@example.org"]
    with story_dates(date(2026, 6, 15)):
        project = services.project_create(
            actor=officer_lyon,
            title=HERITAGE_TITLE,
            language="fr",
            partner_ids=[lyon.pk, sofia.pk],
            is_demo=True,
        )

        sofia_officer = Membership.objects.active().filter(user=officer_sofia, organisation=sofia).first()
        services.partner_set_roles(
            actor=officer_sofia,
            project=project,
            authority_id=sofia.pk,
            responsible_id=sofia_officer.pk if sofia_officer else None,
            deputy_id=None,
        )
        services.project_text_set(
            actor=officer_sofia,
            project=project,
            field="title",
            language="bg",
            text="Културно наследство и културен туризъм Лион–София — демонстрация",
            revision=0,
        )
    with story_dates(date(2026, 7, 1)):
        services.project_transition(actor=officer_lyon, project=project, to="expertise_mission")
    with story_dates(date(2026, 9, 21)):
        mission = services.mission_record(
            actor=officer_sofia,
            project=project,
            title="Експертна мисия — културно наследство",
            starts_on=date(2026, 9, 14),
            ends_on=date(2026, 9, 17),
            findings="Богато наследство, слабо представено пред посетителите.",
            recommendations="Общ маршрут, обучение на екскурзоводи, обмен между музеите.",
        )
    with story_dates(date(2026, 9, 25)):
        services.mission_accept(
            actor=officer_lyon, project=project, mission=mission, revision=mission.revision
        )
    with story_dates(date(2026, 9, 29)):
        services.mission_accept(
            actor=officer_sofia, project=project, mission=mission, revision=mission.revision
        )
        services.project_transition(actor=officer_sofia, project=project, to="joint_definition")
    with story_dates(date(2026, 10, 20)):
        services.programme_update(
            actor=officer_sofia,
            project=project,
            version=0,
            objectives="Mettre en valeur le patrimoine des deux villes.",
            actions=[
                {"title": "Parcours patrimonial commun", "partner_id": lyon.pk},
                {"title": "Обучение на екскурзоводи", "partner_id": sofia.pk},
            ],
        )
    with story_dates(date(2026, 11, 3)):
        services.programme_approve(actor=users["elected.lyon@example.org"], project=project, version=1)
    return f"demo project Lyon–Sofia created (#{project.pk}, programme v1 approved by Lyon, awaiting Sofia)"


def demo_projects_ensure(*, users: dict, organisations: dict) -> list[str]:
    lyon, nis, sofia = (organisations.get(k) for k in ("FR:insee:69123", "RS:city:Niš", "BG:nsi:SOF46"))
    if lyon is None or nis is None:
        return ["demo projects skipped: Lyon or Niš is not in the directory"]
    lines = [_water(users, water_lead(organisations), nis)]
    if sofia is not None:
        lines.append(_heritage(users, lyon, sofia))
    return lines


def demo_projects_implementation_ensure(*, users: dict, organisations: dict) -> list[str]:
    """Once its funding plan is approved, the signed convention moves Lyon–Niš to implementation."""
    project = _demo(WATER_TITLE)
    if project is None:
        return []
    notes = []
    if project.visibility != Visibility.PUBLIC:
        # A demo set up before the project was published: publish it now.
        services.project_update(
            actor=users["officer.lyon@example.org"],
            project=project,
            revision=project.revision,
            visibility=Visibility.PUBLIC,
        )
        project = _demo(WATER_TITLE)
        notes.append(f"demo project Lyon–Niš published (#{project.pk})")
    if project.phase != Phase.FUNDING:
        return [*notes, f"demo project Lyon–Niš in phase {project.phase}"]
    lyon, nis = water_lead(organisations), organisations["RS:city:Niš"]
    officer_lyon = users["officer.lyon@example.org"]
    with story_dates(date(2026, 1, 20)):
        services.document_upload(
            actor=officer_lyon,
            project=project_get_for_page(pk=project.pk),
            category="A09",
            title="Convention de partenariat Lyon–Niš (démonstration)",
            language="fr",
            uploaded=SimpleUploadedFile("convention-lyon-nis-demo.pdf", DEMO_PDF),
            signatures={lyon.pk: date(2026, 1, 8), nis.pk: date(2026, 1, 12)},
        )
        services.project_transition(actor=officer_lyon, project=project, to="implementation")
    return [*notes, f"demo project Lyon–Niš moved to implementation (#{project.pk})"]
