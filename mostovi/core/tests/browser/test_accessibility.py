"""axe-core finds no serious or critical violation on the foundation pages."""

import re

import pytest
from playwright.sync_api import expect

from mostovi.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    ["/fr/", "/en/", "/fr/accounts/login/", "/fr/directory/", "/fr/directory/networks/"],
)
def test_no_serious_accessibility_violations(page, axe, path):
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    axe(page)


def test_no_serious_accessibility_violations_on_account_page(page, axe, sign_in):
    sign_in(page, UserFactory())
    response = page.goto("/fr/me/")
    assert response is not None and response.ok
    expect(page).to_have_url(re.compile(r"/fr/me/$"))
    axe(page)


def test_axe_helper_reports_serious_violations(page, axe):
    """The helper itself: a page with an unlabelled image and field must fail with a readable message."""
    page.goto("/fr/")
    page.evaluate(
        """document.querySelector('main').insertAdjacentHTML('beforeend',
             '<img src="/static/none.png" id="no-alt"><input type="text" id="no-label">')"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page)
    message = str(failure.value)
    assert "image-alt [critical]" in message
    assert "#no-alt" in message
