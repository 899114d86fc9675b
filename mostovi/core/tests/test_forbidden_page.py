"""A refused page says why and offers a way onward: whom to ask, another account, the home page."""

import re

import pytest
from django.urls import reverse

from mostovi.accounts.tests.factories import UserFactory
from mostovi.directory.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db


def onward(response) -> str:
    html = response.content.decode()
    section = re.search(r'<section[^>]*data-testid="way-onward".*?</section>', html, re.S)
    assert section, "the 403 page offers no way onward"
    return section.group(0)


def test_a_refused_invitation_names_the_authority_to_ask_and_offers_another_account(client):
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS")
    client.force_login(UserFactory(full_name="Claire Martin"))
    path = f"/en/me/organisations/{nis.pk}/invite/"
    response = client.get(path)
    assert response.status_code == 403
    section = onward(response)
    assert f'<a href="{reverse("directory:detail", args=[nis.pk])}">Ниш</a>' in section
    assert f'action="{reverse("account_logout")}"' in section
    assert f'name="next" value="{reverse("account_login")}?next={path}"' in section
    assert "Sign in as another person" in section
    assert 'href="/en/"' in section


def test_the_403_page_for_a_visitor_offers_to_sign_in(client, rf):
    from mostovi.core.views import error_403

    request = rf.get("/en/me/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_403(request)
    section = onward(response)
    assert f'href="{reverse("account_login")}?next=/en/me/"' in section
    assert "Ask the members" not in section
