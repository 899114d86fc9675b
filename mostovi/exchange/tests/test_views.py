import re

import pytest
from django.urls import reverse

from mostovi.exchange import services
from mostovi.exchange.models import Interest, InterestStatus, Post, SavedFilter

from .factories import in_days, make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def html_of(response, status=200) -> str:
    assert response.status_code == status, response.content.decode()[:3000]
    return response.content.decode()


def url(name, *args, lang="en", **kwargs):
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"exchange:{name}", args=args, kwargs=kwargs)


def test_browse_shows_the_readers_language_or_the_original_with_its_language(client, world):
    post = make_post(world)
    services.post_translate(
        actor=world.officer_lyon, post=post, language="en", title="Cut water losses", body="b"
    )
    english = html_of(client.get(url("index")))
    assert '<span lang="en">Cut water losses</span>' in english
    bulgarian = html_of(client.get(url("index", lang="bg")))
    assert '<span lang="fr">Réduire les pertes d&#x27;eau</span>' in bulgarian


def test_browse_filters_and_hides_expired_posts(client, world):
    make_post(world, title="Offre eau")
    make_post(
        world,
        actor=world.officer_nis,
        authority=world.nis,
        kind="need",
        title="Потреба",
        language="sr",
        themes=["digital-services"],
        countries_sought=["FR"],
    )
    expired = make_post(world, title="Ancienne offre")
    Post.objects.filter(pk=expired.pk).update(valid_until=in_days(-1))
    page = html_of(client.get(url("index")))
    assert "Offre eau" in page and "Потреба" in page and "Ancienne offre" not in page
    assert "Ancienne offre" in html_of(client.get(url("index"), {"expired": "on"}))
    for params, shown, hidden in [
        ({"kind": "need"}, "Потреба", "Offre eau"),
        ({"theme": "water-sanitation"}, "Offre eau", "Потреба"),
        ({"country": "RS"}, "Потреба", "Offre eau"),
        ({"sought": "MK"}, "Offre eau", "Потреба"),
        ({"language": "sr"}, "Потреба", "Offre eau"),
    ]:
        page = html_of(client.get(url("index"), params))
        assert shown in page and hidden not in page, params


def test_htmx_gets_the_results_fragment_and_bad_filters_answer_400(client, world):
    make_post(world)
    fragment = html_of(client.get(url("index"), {"kind": "offer"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment and "results-title" in fragment
    page = html_of(client.get(url("index"), {"kind": "gift"}), status=400)
    assert "gift" in page


def test_create_a_post_through_the_form(client, world):
    client.force_login(world.officer_lyon)
    data = {
        "authority": world.lyon.pk,
        "kind": "offer",
        "title": "Mobilité douce",
        "body": "Pistes cyclables",
        "language": "fr",
        "themes": ["mobility"],
        "valid_until": in_days(30).isoformat(),
        "countries_sought": ["RS"],
    }
    response = client.post(url("create"), data)
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", post.pk)
    data["valid_until"] = "2020-01-01"
    assert "in the past" in html_of(client.post(url("create"), data), status=422)
    assert Post.objects.count() == 1


def test_a_coordinator_posts_through_the_form_for_a_member_authority(client, world):
    client.force_login(world.coordinator)
    data = {
        "authority": world.sofia.pk,
        "kind": "need",
        "title": "Need",
        "body": "Text",
        "language": "en",
        "themes": ["youth"],
        "valid_until": in_days(30).isoformat(),
    }
    assert client.post(url("create"), data).status_code == 302
    assert Post.objects.get().on_behalf_of_network == world.network


def test_the_create_page_is_refused_to_people_without_an_authority(client, world):
    client.force_login(world.outsider)
    assert client.get(url("create")).status_code == 403


def test_post_page_edit_translate_close_delete(client, world):
    post = make_post(world)
    assert "Réduire les pertes" in html_of(client.get(url("detail", post.pk)))
    client.force_login(world.officer_nis)
    assert client.get(url("edit", post.pk)).status_code == 403
    client.force_login(world.officer_lyon)
    html_of(client.get(url("edit", post.pk)))
    data = {
        "revision": 1, "kind": "offer", "title": "Titre modifié", "body": "Texte", "language": "fr",
        "themes": ["water-sanitation"], "valid_until": in_days(10).isoformat(),
    }  # fmt: skip
    assert client.post(url("edit", post.pk), data).status_code == 302
    assert "Someone saved" in html_of(client.post(url("edit", post.pk), data), status=409)
    response = client.post(url("translate", post.pk), {"language": "sr", "title": "Наслов", "body": "Текст"})
    assert response.status_code == 302 and post.translations.get().title == "Наслов"
    client.post(url("close", post.pk))
    assert Post.objects.get(pk=post.pk).status == "closed"
    client.post(url("delete", post.pk))
    assert Post.objects.get(pk=post.pk).deleted_at is not None
    html_of(client.get(url("detail", post.pk)))  # still shown to its authority, with Restore
    client.logout()
    assert client.get(url("detail", post.pk)).status_code == 404


def test_demo_posts_carry_a_badge(client, world):
    make_post(world, is_demo=True)
    assert 'class="badge badge-demo"' in html_of(client.get(url("index")))


def test_save_the_current_search(client, world):
    client.force_login(world.officer_nis)
    page = html_of(client.get(url("index"), {"kind": "offer", "country": "FR"}))
    assert 'name="kind" value="offer"' in page
    response = client.post(url("filters"), {"kind": "offer", "country": "FR", "name": "Offres françaises"})
    assert response.status_code == 302
    saved = SavedFilter.objects.get()
    assert saved.params == {"kind": "offer", "country": "FR"} and saved.name == "Offres françaises"
    assert "Offres françaises" in html_of(client.get(url("filters")))
    client.post(url("filters"), {"theme": "nope"})
    assert SavedFilter.objects.count() == 1
    client.force_login(world.officer_lyon)
    assert client.post(url("filter_delete", saved.pk)).status_code == 404
    client.force_login(world.officer_nis)
    client.post(url("filter_delete", saved.pk))
    assert not SavedFilter.objects.exists()


# --- expressions of interest ---------------------------------------------------------------------


def test_express_interest_from_a_post(client, world):
    post = make_post(world)
    client.force_login(world.officer_nis)
    assert f"?to={world.lyon.pk}&amp;post={post.pk}" in html_of(client.get(url("detail", post.pk)))
    new = url("interest_new") + f"?to={world.lyon.pk}&post={post.pk}"
    html_of(client.get(new))
    response = client.post(new, {"from_authority": world.nis.pk, "message": "Здраво"})
    interest = Interest.objects.get()
    assert response.status_code == 302 and interest.post == post and interest.from_authority == world.nis
    assert "Здраво" in html_of(client.get(url("interest_detail", interest.pk)))


def test_express_interest_from_a_suggestion_without_a_post(client, world):
    client.force_login(world.officer_sofia)
    new = url("interest_new") + f"?to={world.nis.pk}"
    response = client.post(new, {"from_authority": world.sofia.pk, "message": "Hello"})
    assert response.status_code == 302
    assert Interest.objects.get().post is None


def test_a_thread_is_404_for_anyone_but_the_two_authorities(client, world):
    interest = services.interest_open(
        actor=world.officer_nis, from_authority=world.nis, to_authority=world.lyon, message="Secret"
    )
    detail = url("interest_detail", interest.pk)
    for user in (world.officer_sofia, world.coordinator, world.observer_lyon, world.outsider):
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.post(detail, {"body": "intrusion"}).status_code == 404
        assert (
            client.post(
                url("interest_accept", interest.pk), {"create": "partnership", "kind": "mou"}
            ).status_code
            == 404
        )
        assert "Secret" not in client.get(url("interests")).content.decode()
    client.logout()
    assert client.get(detail).status_code == 302  # to sign in
    for user in (world.officer_nis, world.technical_lyon):
        client.force_login(user)
        assert "Secret" in html_of(client.get(detail))
    assert interest.messages.count() == 1


def test_accept_into_a_partnership_from_the_thread(client, world):
    interest = services.interest_open(
        actor=world.officer_nis, from_authority=world.nis, to_authority=world.lyon, message="Bonjour"
    )
    client.force_login(world.officer_nis)
    assert "Accept" not in html_of(client.get(url("interest_detail", interest.pk)))
    assert (
        client.post(url("interest_accept", interest.pk), {"create": "partnership", "kind": "mou"}).status_code
        == 403
    )
    client.force_login(world.officer_lyon)
    page = html_of(
        client.post(url("interest_accept", interest.pk), {"create": "partnership", "kind": ""}), 422
    )
    assert "Choose the kind of partnership" in page
    response = client.post(url("interest_accept", interest.pk), {"create": "partnership", "kind": "mou"})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED and interest.partnership is not None
    page = html_of(client.get(url("interest_detail", interest.pk)))
    assert "A partnership record was created" in page and "This thread is closed" in page
    page = html_of(client.post(url("interest_detail", interest.pk), {"body": "encore"}), status=422)
    assert "This thread is closed" in page and interest.messages.filter(body="encore").count() == 0


def test_accept_into_a_project_links_to_it(client, world):
    post = make_post(world, actor=world.officer_nis, authority=world.nis, title="Вода", language="sr")
    interest = services.interest_open(
        actor=world.officer_lyon,
        from_authority=world.lyon,
        to_authority=world.nis,
        post=post,
        message="Bonjour",
    )
    client.force_login(world.officer_nis)
    client.post(url("interest_accept", interest.pk), {"create": "project"})
    interest.refresh_from_db()
    assert interest.project is not None
    page = html_of(client.get(url("interest_detail", interest.pk)))
    assert reverse("projects:detail", kwargs={"pk": interest.project_id}) in page


def test_decline_from_the_thread(client, world):
    interest = services.interest_open(
        actor=world.officer_nis, from_authority=world.nis, to_authority=world.lyon, message="Bonjour"
    )
    client.force_login(world.officer_lyon)
    assert client.post(url("interest_decline", interest.pk), {"reason": "Pas cette année"}).status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED


def test_the_authority_page_section(world, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    make_post(world, title="Offre visible")
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("exchange/_authority_posts.html", {"authority": world.lyon, "user": request.user})
    assert "Offre visible" in html
    assert re.search(r'<span lang="fr">Offre visible</span>', html)
    html = render_to_string("exchange/_authority_posts.html", {"authority": world.nis, "user": request.user})
    assert "no open offer or need" in html


def test_suggestions_load_after_the_authority_page_and_alone_without_javascript(client):
    from mostovi.directory.tests.factories import AuthorityFactory

    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS")
    AuthorityFactory(name="Lyon", country="FR")
    page = client.get(f"/en/directory/{nis.pk}/").content.decode()
    assert f'hx-get="/en/exchange/authorities/{nis.pk}/suggestions/"' in page
    fragment = client.get(f"/en/exchange/authorities/{nis.pk}/suggestions/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "Lyon" in fragment.content.decode()
    full = client.get(f"/en/exchange/authorities/{nis.pk}/suggestions/")
    assert "<html" in full.content.decode()
    assert client.get("/en/exchange/authorities/999999/suggestions/").status_code == 404


def test_a_coordinator_posts_for_an_indirect_member(client, world):
    """NALAS has associations as members, not authorities: its coordinator posts for their members."""
    from mostovi.directory.models import NetworkMembership
    from mostovi.directory.tests.factories import NetworkFactory

    skgo = NetworkFactory(acronym="SKGO", country="RS")
    NetworkMembership.objects.create(member=skgo, network=world.network)
    NetworkMembership.objects.create(member=world.nis, network=skgo)
    client.force_login(world.coordinator)
    assert client.get(url("create")).status_code == 200
    data = {
        "authority": world.nis.pk,
        "kind": "need",
        "title": "Need",
        "body": "Text",
        "language": "en",
        "themes": ["youth"],
        "valid_until": in_days(30).isoformat(),
    }
    assert client.post(url("create"), data).status_code == 302
    post = Post.objects.get()
    assert (post.authority, post.on_behalf_of_network) == (world.nis, world.network)
    client.force_login(world.officer_lyon)
    data["authority"] = world.nis.pk
    assert client.post(url("create"), data).status_code in (403, 422)
