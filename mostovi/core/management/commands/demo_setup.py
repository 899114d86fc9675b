"""Create (or refresh) the demo accounts; existing data is kept."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from mostovi.accounts.demo import DEMO_ACCOUNTS
from mostovi.accounts.models import Membership, User
from mostovi.accounts.services import membership_create
from mostovi.directory.models import Organisation


class Command(BaseCommand):
    help = (
        "Create the demo accounts (password: $DEMO_PASSWORD, default 'mostovi-demo') and their memberships."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        for email, full_name, ref_key, role, can_approve in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            line = f"{email:34} {role:12}"
            if ref_key:
                organisation = Organisation.objects.filter(ref_key=ref_key).first()
                if organisation is None:
                    self.stdout.write(self.style.WARNING(f"{line} {ref_key} is not in the directory yet"))
                    continue
                if not Membership.objects.active().filter(user=user, organisation=organisation).exists():
                    membership_create(
                        actor=None, user=user, organisation=organisation, role=role, can_approve=can_approve
                    )
                line += f" {organisation}"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {password}"))
