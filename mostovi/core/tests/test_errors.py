"""One error vocabulary: every app raises the core's errors, the API answers them in one place."""

import json

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from mostovi.accounts import exceptions as accounts_errors
from mostovi.core import errors
from mostovi.core.api import api
from mostovi.core.http import form_error, page_errors
from mostovi.directory import exceptions as directory_errors
from mostovi.evaluation import exceptions as evaluation_errors
from mostovi.exchange import exceptions as exchange_errors
from mostovi.funding.catalogue import services as funding_services
from mostovi.funding.plans import services as plan_services
from mostovi.partnerships import exceptions as partnership_errors
from mostovi.projects import exceptions as project_errors

APPS = [
    accounts_errors,
    directory_errors,
    evaluation_errors,
    exchange_errors,
    partnership_errors,
    project_errors,
]


@pytest.mark.parametrize("module", APPS, ids=lambda m: m.__name__)
def test_every_app_refuses_with_the_core_words(module):
    assert module.NotAllowed is errors.NotAllowed
    assert issubclass(module.InvalidInput, errors.InvalidInput)


def test_conflicts_are_409_and_one_class_each():
    assert issubclass(project_errors.StaleVersion, errors.Conflict)
    assert issubclass(project_errors.GateNotMet, errors.Conflict)
    assert issubclass(partnership_errors.StaleVersion, errors.Conflict)
    assert issubclass(evaluation_errors.WrongStatus, errors.Conflict)
    assert issubclass(accounts_errors.MembershipAlreadyEnded, errors.Conflict)
    assert funding_services.NotAllowed is errors.NotAllowed
    assert issubclass(plan_services.PlanInvalid, errors.InvalidInput)
    assert {
        cls.status for cls in (errors.NotAllowed, errors.InvalidInput, errors.Conflict, errors.NotFound)
    } == {
        403,
        422,
        409,
        404,
    }


def test_an_error_raised_by_another_app_is_caught_by_its_own_name():
    with pytest.raises(exchange_errors.NotAllowed):
        raise project_errors.NotAllowed("no")
    with pytest.raises(exchange_errors.InvalidInput):
        raise project_errors.InvalidInput("bad")


ERRORS = {
    "forbidden": errors.NotAllowed(""),
    "missing": errors.NotFound("No such thing."),
    "stale": project_errors.StaleVersion("Someone saved first.", current={"a": 1}, submitted={"a": 2}),
    "gate": project_errors.GateNotMet(["First reason.", "Second reason."]),
    "invalid": errors.InvalidInput("Bad value."),
    "reasons": evaluation_errors.InvalidInput("A score must be between 1 and 4."),
}
SCORE = "A score must be between 1 and 4."


@pytest.mark.parametrize(
    ("which", "status", "body"),
    [
        ("forbidden", 403, {"detail": "You are not allowed to do this."}),
        ("missing", 404, {"detail": "No such thing."}),
        ("stale", 409, {"detail": "Someone saved first.", "current": {"a": 1}, "submitted": {"a": 2}}),
        ("gate", 409, {"detail": "First reason.", "errors": ["First reason.", "Second reason."]}),
        ("invalid", 422, {"detail": "Bad value."}),
        ("reasons", 422, {"detail": SCORE, "errors": [SCORE]}),
    ],
)
def test_the_api_answers_each_error_in_one_place(which, status, body):
    with translation.override("en"):
        response = api.on_exception(RequestFactory().get("/api/v1/"), ERRORS[which])
    assert response.status_code == status
    assert json.loads(response.content) == body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [(errors.NotAllowed("Not yours."), 403), (project_errors.GateNotMet(["Closed."]), 409)],
)
def test_pages_answer_refusals_with_the_matching_page(rf, error, status):
    from django.contrib.auth.models import AnonymousUser

    @page_errors
    def view(request):
        raise error

    request = rf.get("/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == status
    assert str(error) in response.content.decode()


def test_pages_answer_not_found_with_404():
    @page_errors
    def view(request):
        raise errors.NotFound("gone")

    with pytest.raises(Http404):
        view(RequestFactory().get("/"))


def test_a_refused_input_shows_beside_its_field():
    from django import forms

    class NameForm(forms.Form):
        name = forms.CharField(required=False)

    form = NameForm({"name": "x"})
    form.is_valid()
    form_error(form, errors.InvalidInput("Too short.", field="name"))
    form_error(form, errors.InvalidInput("Nothing saved."))
    assert form.errors == {"name": ["Too short."], "__all__": ["Nothing saved."]}
