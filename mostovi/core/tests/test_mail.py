"""E-mails leave through one background task with retries; a failure never fails the request and is recorded
for staff (docs/SECURITY.md)."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from mostovi.accounts.models import Invitation, Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.mail import mail_enqueue
from mostovi.core.models import OutgoingMailFailure

pytestmark = pytest.mark.django_db


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server does not answer")


class FlakyBackend(EmailBackend):
    """Fails the first time it is asked, then delivers."""

    calls = 0

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls == 1:
            raise ConnectionRefusedError("not yet")
        return super().send_messages(messages)


@pytest.fixture
def broken_mail(settings):
    settings.EMAIL_BACKEND = "mostovi.core.tests.test_mail.BrokenBackend"


def test_an_invitation_with_a_broken_mail_server_succeeds_and_the_failure_is_recorded(
    client, broken_mail, settings, django_capture_on_commit_callbacks
):
    officer = MembershipFactory(role=Role.OFFICER)
    client.force_login(officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/me/organisations/{officer.organisation.pk}/invite/",
            {"email": "new@example.org", "role": Role.TECHNICAL},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="new@example.org").count() == 1
    failure = OutgoingMailFailure.objects.get()
    assert failure.recipients == ["new@example.org"]
    assert failure.subject.startswith("Invitation to join")
    assert failure.attempts == len(settings.MAIL_RETRY_SECONDS) + 1
    assert failure.gave_up is True
    assert failure.sent_at is None
    assert failure.error == "ConnectionRefusedError: the mail server does not answer"


def test_a_password_reset_with_a_broken_mail_server_succeeds_and_the_failure_is_recorded(client, broken_mail):
    UserFactory(email="claire@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "claire@example.org"})
    assert response.status_code == 302
    assert OutgoingMailFailure.objects.get().recipients == ["claire@example.org"]


def test_a_mail_that_fails_once_is_sent_on_retry_and_the_record_says_so(settings):
    settings.EMAIL_BACKEND = "mostovi.core.tests.test_mail.FlakyBackend"
    FlakyBackend.calls = 0
    mail_enqueue(to=["claire@example.org"], subject="Hello", body="Body", html="<p>Body</p>")
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert mail.outbox[0].alternatives[0].content == "<p>Body</p>"
    failure = OutgoingMailFailure.objects.get()
    assert (failure.attempts, failure.gave_up, failure.sent_at is not None) == (2, False, True)


def test_a_mail_that_leaves_leaves_no_failure_record():
    mail_enqueue(to=["claire@example.org"], subject="Hello", body="Body")
    assert len(mail.outbox) == 1
    assert not OutgoingMailFailure.objects.exists()


def test_staff_see_the_failures_in_the_admin(client, broken_mail):
    mail_enqueue(to=["claire@example.org"], subject="Hello", body="Body")
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    response = client.get("/admin/core/outgoingmailfailure/")
    assert response.status_code == 200
    assert "claire@example.org" in response.content.decode()
