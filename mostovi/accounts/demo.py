"""Demo accounts: who they are and which authority they act for (ref_key of the reference import)."""

from allauth.account.models import EmailAddress

from .models import Membership, User
from .services.memberships import membership_create

DEMO_ACCOUNTS = [
    # e-mail, full name, ref_key of the organisation, role, approval delegated, language of their e-mails
    ("officer.lyon@example.org", "Claire Martin", "FR:insee:69123", "officer", False, "fr"),
    ("elected.lyon@example.org", "Jean Dupont", "FR:insee:69123", "elected", False, "fr"),
    # The same two people also act for the Métropole de Lyon, which holds the water competence.
    ("officer.lyon@example.org", "Claire Martin", "FR:epci:200046977", "officer", False, "fr"),
    ("elected.lyon@example.org", "Jean Dupont", "FR:epci:200046977", "elected", False, "fr"),
    ("officer.nis@example.org", "Милица Петровић", "RS:city:Niš", "officer", False, "sr"),
    ("elected.nis@example.org", "Dragan Jovanović", "RS:city:Niš", "elected", False, "sr-latn"),
    ("officer.sofia@example.org", "Мария Иванова", "BG:nsi:SOF46", "officer", False, "bg"),
    ("coordinator.nalas@example.org", "Elena Stojanovska", "NET:NALAS", "coordinator", False, "en"),
    ("observer@example.org", "Observer", None, "observer", False, "en"),
    # Platform staff (no authority): confirms provisional memberships, decides join requests nobody else can.
    ("staff@example.org", "Platform staff", None, "staff", False, "en"),
]


def demo_accounts_ensure(*, password: str, organisations: dict, write) -> dict[str, User]:
    """Create or refresh the demo accounts and their memberships; returns them by e-mail."""
    users = {}
    for email, full_name, ref_key, role, can_approve, language in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "preferred_language": language}
        )
        if created or not user.check_password(password) or (role == "staff") != user.is_staff:
            user.set_password(password)
            user.is_staff = role == "staff"
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
        line = f"{email:34} {role:12}"
        if ref_key:
            organisation = organisations.get(ref_key)
            if organisation is None:
                write(f"{line} {ref_key} is not in the directory yet")
                continue
            if not Membership.objects.active().filter(user=user, organisation=organisation).exists():
                membership_create(
                    actor=None, user=user, organisation=organisation, role=role, can_approve=can_approve
                )
            line += f" {organisation}"
        write(line)
    return users
