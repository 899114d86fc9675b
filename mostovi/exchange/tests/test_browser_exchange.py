"""The partner-search exchange, end to end: a need posted in Serbian, a partner found, a project started.

Niš's officer works in Serbian Cyrillic (/sr/…), Lyon's officer in French (/fr/…). The world is built with
factories and services; the story itself goes through the pages only. Texts are those of the French and
Serbian catalogues (`locale/*/LC_MESSAGES/django.po`).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.directory.models import Level, NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.exchange import services
from mostovi.exchange.models import Interest, InterestStatus, Post
from mostovi.projects.models import Project
from mostovi.themes.models import themes_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
WATER_FR = "Eau et assainissement"
WATER_SR = "Водоснабдевање и канализација"
TITLE_SR = "Смањење губитака у водоводној мрежи"
BODY_SR = "Ниш тражи партнера за смањење губитака воде и модернизацију канализације."


def field(scope, label: str):
    """A form field by its whole label (a required field's label ends with an asterisk)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def make_world():
    """Lyon offers know-how on water and shares CEMR with Niš through the national associations.

    Skopje, Sofia, Tirana and two French cities are there so that Niš's first place means something.
    """
    themes_sync()  # the theme rows come with a migration; a flushed database (transactional test) lost them
    cemr = NetworkFactory(name="Council of European Municipalities and Regions", acronym="CEMR")
    skgo = NetworkFactory(name="Stalna konferencija gradova i opština", acronym="SKGO", country="RS")
    afccre = NetworkFactory(name="AFCCRE", acronym="AFCCRE", country="FR")
    NetworkMembership.objects.create(member=skgo, network=cemr)
    NetworkMembership.objects.create(member=afccre, network=cemr)

    lyon = AuthorityFactory(name="Lyon", country="FR", level=Level.MUNICIPALITY, population=522_250)
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", level=Level.CITY, population=249_816)
    skopje = AuthorityFactory(name="Скопје", name_latin="Skopje", country="MK", population=526_502)
    AuthorityFactory(name="Столична", name_latin="Stolichna", country="BG", population=1_309_634)
    AuthorityFactory(name="Tiranë", country="AL", population=557_422)
    AuthorityFactory(name="Grenoble", country="FR", population=158_198)
    AuthorityFactory(name="Annecy", country="FR", population=130_721)
    NetworkMembership.objects.create(member=lyon, network=afccre)
    NetworkMembership.objects.create(member=nis, network=skgo)

    officer_lyon = MembershipFactory(organisation=lyon, role=Role.OFFICER, user__preferred_language="fr").user
    officer_nis = MembershipFactory(organisation=nis, role=Role.OFFICER, user__preferred_language="sr").user
    officer_skopje = MembershipFactory(organisation=skopje, role=Role.OFFICER).user

    valid_until = timezone.localdate() + timedelta(days=120)
    services.post_create(
        actor=officer_lyon,
        authority=lyon,
        kind="offer",
        themes=["water-sanitation"],
        title="Réduire les pertes d’eau",
        body="Nous partageons notre méthode de sectorisation des réseaux d’eau.",
        language="fr",
        valid_until=valid_until,
        countries_sought=["RS", "MK"],
    )
    # Skopje posts too, on another theme: it ranks, below Niš.
    services.post_create(
        actor=officer_skopje,
        authority=skopje,
        kind="need",
        themes=["waste"],
        title="Управување со отпад",
        body="Бараме партнер за управување со отпад.",
        language="mk",
        valid_until=valid_until,
    )
    return lyon, nis, officer_lyon, officer_nis


def test_nis_posts_a_need_lyon_answers_and_they_start_a_project(new_page, sign_in, axe, confirm):
    lyon, nis, officer_lyon, officer_nis = make_world()
    nis_page = new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS")
    lyon_page = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    sign_in(nis_page, officer_nis)
    sign_in(lyon_page, officer_lyon)

    # 1. Niš's officer posts a need, in Serbian Cyrillic.
    nis_page.goto("/sr/exchange/new/")
    expect(nis_page.get_by_role("heading", level=1)).to_have_text("Нова понуда или потреба")
    axe(nis_page)  # the post form
    nis_page.get_by_role("group", name="Врста").get_by_role("radio", name="Потреба").check()
    field(nis_page, "Наслов").fill(TITLE_SR)
    field(nis_page, "Текст").fill(BODY_SR)
    expect(field(nis_page, "Језик наслова и текста")).to_have_value("sr")
    nis_page.get_by_role("group", name=re.compile("^Теме")).get_by_role("checkbox", name=WATER_SR).check()
    field(nis_page, "Важи до").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    languages = nis_page.get_by_role("group", name="Радни језици")
    languages.get_by_role("checkbox", name="Српски (ћирилица)").check()
    languages.get_by_role("checkbox", name="Француски").check()
    nis_page.get_by_role("button", name="Објави").click()
    expect(nis_page.get_by_text("Оглас је објављен.", exact=True)).to_be_visible()
    expect(nis_page.get_by_role("heading", level=1)).to_have_text(TITLE_SR)
    need = Post.objects.get(authority=nis)
    assert need.kind == "need" and need.language == "sr" and need.body == BODY_SR
    assert list(need.themes.values_list("slug", flat=True)) == ["water-sanitation"]
    expect(nis_page).to_have_url(re.compile(rf"/sr/exchange/{need.pk}/$"))
    # On its page, Lyon comes first among who could answer (loaded with HTMX), with the reasons in Serbian.
    answer = nis_page.get_by_role("region", name="Ко би могао да одговори")
    first = answer.get_by_role("listitem").first
    expect(first.get_by_role("link", name="Lyon", exact=True)).to_be_visible()
    expect(first).to_contain_text(f"Понуда одговара овој потреби: {WATER_SR}")

    # 2. Lyon's officer, in French, finds Niš among the partners suggested for Lyon, with the reasons.
    lyon_page.goto(f"/fr/directory/{lyon.pk}/")
    suggested = lyon_page.get_by_role("region", name="Partenaires suggérés")
    first = suggested.get_by_role("listitem").first  # the best suggestion
    expect(first.get_by_role("link", name="Niš", exact=True)).to_be_visible()
    reasons = first.get_by_role("list").get_by_role("listitem")
    expect(reasons).to_have_text(
        [
            f"A besoin de ce que cette collectivité offre{NBSP}: {WATER_FR} (+27)",
            f"Thématiques communes{NBSP}: {WATER_FR} (+18)",
            f"Langue commune{NBSP}: français (+9)",
            re.compile(rf"^Taille comparable{NBSP}: 249\s?816 habitants \(\+9\)$"),
            f"Dans un pays recherché par ses annonces ouvertes{NBSP}: Serbie (+9)",
            f"Réseaux communs par l’intermédiaire d’associations nationales{NBSP}: CEMR (+5)",
        ]
    )
    expect(suggested.get_by_role("link", name="Skopje", exact=True)).to_be_visible()  # ranked, lower
    expect(first.get_by_role("link", name="Manifester un intérêt")).to_have_attribute(
        "href", re.compile(rf"\?to={nis.pk}$")
    )

    # From the suggestion to Niš's page, its open need, and an expression of interest about it.
    first.get_by_role("link", name="Niš", exact=True).click()
    posts = lyon_page.get_by_role("region", name="Offres et besoins sur la bourse aux partenariats")
    posts.get_by_role("link", name=re.compile(re.escape(TITLE_SR))).click()
    expect(lyon_page).to_have_url(re.compile(rf"/fr/exchange/{need.pk}/$"))
    expect(lyon_page.get_by_role("heading", level=1)).to_have_text(TITLE_SR)
    who = lyon_page.get_by_role("region", name="Qui pourrait répondre")
    expect(who.get_by_role("listitem").first).to_contain_text(
        f"Une offre répond à ce besoin{NBSP}: {WATER_FR}"
    )
    lyon_page.get_by_role("button", name="Manifester son intérêt").click()
    expect(lyon_page.get_by_role("heading", level=1)).to_have_text(
        "Manifester votre intérêt auprès de Ниш (Niš)"
    )
    expect(field(lyon_page, "Au nom de")).to_have_value(str(lyon.pk))
    message_fr = (
        "Bonjour, Lyon a sectorisé son réseau d’eau : nous serions heureux de partager notre méthode."
    )
    field(lyon_page, "Message").fill(message_fr)
    lyon_page.get_by_role("button", name="Envoyer").click()
    expect(lyon_page.get_by_text("Votre manifestation d’intérêt a été envoyée.", exact=True)).to_be_visible()
    interest = Interest.objects.get()
    assert (interest.from_authority_id, interest.to_authority_id, interest.post_id) == (
        lyon.pk,
        nis.pk,
        need.pk,
    )
    expect(lyon_page).to_have_url(re.compile(rf"/fr/exchange/interests/{interest.pk}/$"))

    # 3. Niš's officer opens the thread in Serbian, replies, and accepts with a project draft.
    nis_page.goto("/sr/exchange/interests/")
    nis_page.get_by_role("link", name="Lyon → Ниш").click()
    expect(nis_page).to_have_url(re.compile(rf"/sr/exchange/interests/{interest.pk}/$"))
    thread = nis_page.get_by_role("region", name="Поруке")
    expect(thread.get_by_role("listitem")).to_have_count(1)
    expect(thread.get_by_role("listitem")).to_contain_text(message_fr)
    axe(nis_page)  # the thread page, with the forms to answer
    reply_sr = "Хвала! Радо ћемо вас угостити у Нишу."
    field(thread, "Порука").fill(reply_sr)
    thread.get_by_role("button", name="Пошаљи").click()
    expect(thread.get_by_role("listitem")).to_have_count(2)
    expect(thread.get_by_role("listitem").last).to_contain_text(reply_sr)

    decide = nis_page.get_by_role("region", name="Одговор")
    decide.get_by_role("group", name="Направи").get_by_role(
        "radio", name="Нацрт пројекта са оба партнера"
    ).check()
    decide.get_by_role("button", name="Прихвати").click()
    confirm(nis_page)
    expect(nis_page.get_by_text("Изражено интересовање је прихваћено.", exact=True)).to_be_visible()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    project = Project.objects.get()
    assert interest.project_id == project.pk

    # 4. The thread is kept: both messages, then the announcement with the link to the project.
    expect(thread.get_by_role("listitem")).to_have_count(3)
    expect(thread.get_by_role("listitem").nth(0)).to_contain_text(message_fr)
    expect(thread.get_by_role("listitem").nth(1)).to_contain_text(reply_sr)
    announcement = thread.get_by_role("listitem").nth(2)
    expect(announcement).to_contain_text(
        "Изражено интересовање је прихваћено. Направљен је нацрт пројекта са оба партнера:"
    )
    expect(nis_page.get_by_role("region", name="Одговор")).to_have_count(0)
    axe(nis_page)  # the thread page, closed
    announcement.get_by_role("link", name=f"пројекат бр. {project.pk}").click()
    expect(nis_page).to_have_url(re.compile(rf"/sr/projects/{project.pk}/$"))
    expect(nis_page.get_by_role("heading", level=1)).to_have_text(TITLE_SR)
    partners = nis_page.locator("#overview table").first
    expect(partners.get_by_role("rowheader")).to_have_count(2)
    expect(partners.get_by_role("rowheader", name=re.compile("^Ниш"))).to_be_visible()
    expect(partners.get_by_role("rowheader", name=re.compile("^Lyon"))).to_be_visible()

    # Lyon's officer sees the same thread in French, and the project with both partners.
    lyon_page.reload()
    thread = lyon_page.get_by_role("region", name="Messages")
    expect(thread.get_by_role("listitem")).to_have_count(3)
    expect(thread.get_by_role("listitem").nth(1)).to_contain_text(reply_sr)
    expect(thread.get_by_role("listitem").nth(2)).to_contain_text(
        "La manifestation d’intérêt a été acceptée. "
        f"Un projet en préparation avec les deux partenaires a été créé{NBSP}:"
    )
    thread.get_by_role("link", name=f"projet n° {project.pk}").click()
    expect(lyon_page).to_have_url(re.compile(rf"/fr/projects/{project.pk}/$"))
    partners = lyon_page.get_by_role("table").first
    expect(partners.get_by_role("rowheader", name=re.compile("^Ниш Niš"))).to_be_visible()
    expect(partners.get_by_role("rowheader", name=re.compile("^Lyon"))).to_be_visible()
