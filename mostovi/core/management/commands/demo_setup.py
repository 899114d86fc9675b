"""Create (or refresh) the demo accounts and demo content; existing data is kept."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from mostovi.accounts.demo import DEMO_ACCOUNTS, demo_accounts_ensure
from mostovi.directory.models import Organisation
from mostovi.evaluation.demo import demo_evaluation_ensure
from mostovi.exchange.demo import demo_exchange_ensure
from mostovi.funding.plans.demo import demo_funding_plan_ensure, demo_transactions_ensure
from mostovi.partnerships.demo import demo_partnerships_ensure
from mostovi.procedures.demo import demo_procedures_ensure
from mostovi.profiles.demo import demo_profiles_ensure
from mostovi.projects.demo import demo_projects_ensure, demo_projects_implementation_ensure
from mostovi.themes.models import themes_sync


class Command(BaseCommand):
    help = "Create the demo accounts (password: $DEMO_PASSWORD, default 'mostovi-demo') and demo projects."

    @transaction.atomic
    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        themes_sync()  # the theme rows come with a migration; a flushed database lost them
        keys = {account[2] for account in DEMO_ACCOUNTS if account[2]}
        organisations = {o.ref_key: o for o in Organisation.objects.filter(ref_key__in=keys)}
        users = demo_accounts_ensure(password=password, organisations=organisations, write=self.stdout.write)
        ensures = (
            demo_projects_ensure,
            demo_funding_plan_ensure,
            demo_procedures_ensure,  # before implementation: its gate waits for the steps
            demo_projects_implementation_ensure,
            demo_transactions_ensure,
            demo_evaluation_ensure,
            demo_partnerships_ensure,
            demo_exchange_ensure,
            demo_profiles_ensure,
        )
        for ensure in ensures:
            for line in ensure(users=users, organisations=organisations):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {password}"))
