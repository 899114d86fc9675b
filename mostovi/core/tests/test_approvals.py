"""The approval building block on its own: the version check, the partners still missing, approving twice."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from mostovi.core.approvals import (
    ApprovalErrors,
    approval_check_version,
    approval_give,
    approvals_of,
    partners_missing,
)


@pytest.fixture(autouse=True)
def _english():
    """The messages asserted here are the English ones, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


class Stale(Exception):
    def __init__(self, message, *, current=None, submitted=None):
        self.current = current
        self.submitted = submitted
        super().__init__(message)


class Invalid(Exception):
    pass


ERRORS = ApprovalErrors(stale=Stale, invalid=Invalid)
LYON, NIS, SOFIA = (SimpleNamespace(pk=pk, name=name) for pk, name in ((1, "Lyon"), (2, "Niš"), (3, "Sofia")))


def approval(authority, version=1):
    return SimpleNamespace(authority_id=authority.pk, version=version)


def test_the_current_version_passes():
    assert approval_check_version(current=3, read=3, errors=ERRORS) is None


def test_a_stale_version_raises_the_apps_conflict_with_what_is_saved():
    with pytest.raises(Stale) as caught:
        approval_check_version(current=3, read=2, errors=ERRORS, current_content={"text": "v3"})
    error = caught.value
    assert str(error) == "Version 3 was saved after the version 2 you read: read it before approving."
    assert (error.current_version, error.current, error.submitted) == (3, {"text": "v3"}, {"version": 2})


def test_a_stale_version_can_name_the_text():
    with pytest.raises(Stale, match=r"^The programme changed$"):
        approval_check_version(current=3, read=4, errors=ERRORS, stale_message="The programme changed")


@pytest.mark.parametrize("read", [None, "3", 3.0, True])
def test_a_missing_or_malformed_version_is_invalid(read):
    with pytest.raises(Invalid, match=r"Say which version you approve: send the version you read\."):
        approval_check_version(current=3, read=read, errors=ERRORS)


def test_partners_missing_keeps_the_order_of_the_required_authorities():
    assert partners_missing([LYON, NIS, SOFIA], [approval(SOFIA), approval(LYON)]) == [NIS]
    assert partners_missing([LYON, NIS], []) == [LYON, NIS]
    assert partners_missing([LYON], [approval(LYON), approval(NIS)]) == []


def test_approvals_of_keeps_those_of_the_version_named():
    given = [approval(LYON, 1), approval(NIS, 2), approval(SOFIA, 2)]
    assert approvals_of(given, version=2, attribute="version") == given[1:]


def test_approval_give_creates_once_then_returns_the_first_approval():
    created = []

    def create():
        created.append(approval(NIS, 2))
        return created[-1]

    first, new = approval_give(
        current=2, read=2, authority=NIS, approvals=[approval(LYON, 2)], create=create, errors=ERRORS
    )
    assert new is True and first.authority_id == NIS.pk
    again, new = approval_give(
        current=2, read=2, authority=NIS, approvals=[approval(LYON, 2), first], create=create, errors=ERRORS
    )
    assert new is False and again is first and len(created) == 1


def test_approval_give_checks_the_version_before_anything_else():
    def create():
        raise AssertionError("nothing is created for a stale version")

    with pytest.raises(Stale):
        approval_give(current=2, read=1, authority=NIS, approvals=[], create=create, errors=ERRORS)
    with pytest.raises(Stale):  # even an approval already given does not make a stale read pass
        approval_give(
            current=2, read=1, authority=NIS, approvals=[approval(NIS, 2)], create=create, errors=ERRORS
        )
