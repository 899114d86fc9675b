"""The Lyon–Niš demo project read by Niš's officer in both Serbian scripts.

In Serbian Latin no Cyrillic letter is left in the pages' main content (authority and person names, texts the
partners wrote in Cyrillic); in Serbian Cyrillic the Serbian texts known to be written in Latin (a person's
name typed in Latin) read in Cyrillic, and no "(Niš)" reading doubles a Cyrillic name. French texts stay
French.
"""

import re

import pytest

from mostovi.accounts.models import User
from mostovi.core.tests.demo_world import demo_water_project
from mostovi.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _demo(settings) -> Project:
    return demo_water_project(settings)


def _pages(project: Project, language: str) -> list[str]:
    return [
        f"/{language}/projects/{project.pk}/",
        f"/{language}/projects/{project.pk}/timeline/",
        f"/{language}/evaluation/projects/{project.pk}/",
        f"/{language}/evaluation/projects/{project.pk}/reviews/",
        f"/{language}/evaluation/projects/{project.pk}/actions/",
        f"/{language}/exchange/",
    ]


def test_nis_officer_reads_the_project_in_either_serbian_script(new_page, sign_in, settings):
    project = _demo(settings)
    officer = User.objects.get(email="officer.nis@example.org")
    # A Serbian colleague whose name was typed in Latin: shown in Cyrillic to Cyrillic readers.
    colleague = User.objects.get(email="elected.nis@example.org")
    colleague.full_name, colleague.preferred_language = "Dragan Jovanović", "sr-latn"
    colleague.save(update_fields=["full_name", "preferred_language"])
    page = sign_in(new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS"), officer)

    for path in _pages(project, "sr-latn"):
        page.goto(path)
        text = page.locator("main").inner_text()
        assert not CYRILLIC.findall(text), (path, re.findall(r"\S*[\u0400-\u04ff]+\S*", text)[:12])
        if path == f"/sr-latn/projects/{project.pk}/":
            assert "Niš" in text and "Milica Petrović" in text and "Dragan Jovanović" in text

    for path in _pages(project, "sr"):
        page.goto(path)
        text = page.locator("main").inner_text()
        for latin in ("Milica", "Petrović", "Dragan Jovanović", "Ниш (Niš)"):
            assert latin not in text, (path, latin)
        if path == f"/sr/projects/{project.pk}/":
            assert "Ниш" in text and "Милица Петровић" in text and "Драган Јовановић" in text
