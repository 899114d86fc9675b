"""Demo projects (marked `is_demo`): never presented as real agreements."""

from datetime import date

from . import services
from .models import Project
from .selectors import project_get_for_page

DEMO_TITLE = "Eau potable et assainissement à Niš — démonstration"


def demo_projects_ensure(*, users: dict, organisations: dict) -> list[str]:
    lyon, nis = organisations.get("FR:insee:69123"), organisations.get("RS:city:Niš")
    if lyon is None or nis is None:
        return ["demo projects skipped: Lyon or Niš is not in the directory"]
    if Project.objects.filter(is_demo=True, texts__text=DEMO_TITLE).exists():
        return ["demo project Lyon–Niš already there"]
    officer_lyon, officer_nis = users["officer.lyon@example.org"], users["officer.nis@example.org"]
    elected_lyon = users["elected.lyon@example.org"]
    project = services.project_create(
        actor=officer_lyon,
        title=DEMO_TITLE,
        language="fr",
        partner_ids=[lyon.pk, nis.pk],
        is_demo=True,
        summary=(
            "Projet de démonstration : réduction des pertes du réseau d'eau "
            "et formation des équipes techniques."
        ),
    )
    services.project_text_set(
        actor=officer_nis,
        project=project,
        field="title",
        language="sr",
        text="Пијаћа вода и канализација у Нишу — демонстрација",
    )
    services.project_transition(actor=officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=officer_lyon,
        project=project,
        title="Mission d'expertise — réseau d'eau de Niš",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        team="2 ingénieurs de la Métropole, 1 chargée de mission",
        places="Niš : station de traitement, quartiers Medijana et Pantelej",
        terms_of_reference="Évaluer les pertes du réseau et les besoins de formation.",
        findings="Pertes estimées élevées sur le réseau ancien ; équipes motivées mais peu outillées.",
        recommendations="Sectoriser le réseau, former six techniciens, installer des compteurs de secteur.",
    )
    services.mission_accept(actor=officer_lyon, project=project, mission=mission)
    services.mission_accept(actor=officer_nis, project=project, mission=mission)
    services.project_transition(actor=officer_nis, project=project, to="joint_definition")
    project = project_get_for_page(pk=project.pk)
    services.programme_update(
        actor=officer_lyon,
        project=project,
        version=0,
        objectives="Réduire les pertes d'eau de Niš et renforcer les compétences des équipes.",
        actions=[
            {
                "title": "Diagnostic et sectorisation du réseau",
                "partner_id": lyon.pk,
                "starts_on": "2027-01-15",
                "ends_on": "2027-06-30",
                "expected_results": "Carte des secteurs, plan de comptage",
            },
            {
                "title": "Обука шест техничара",
                "partner_id": nis.pk,
                "starts_on": "2027-03-01",
                "ends_on": "2027-12-15",
                "expected_results": "6 техничара обучено",
            },
        ],
    )
    services.programme_approve(actor=elected_lyon, project=project)
    return [f"demo project Lyon–Niš created (#{project.pk}, programme v1 approved by Lyon, awaiting Niš)"]
