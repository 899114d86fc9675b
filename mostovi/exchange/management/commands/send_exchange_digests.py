"""Enqueue the e-mail digest of the exchange for every user with a saved search (run daily by cron)."""

from django.core.management.base import BaseCommand

from mostovi.exchange.models import SavedFilter
from mostovi.exchange.tasks import exchange_digest_send


class Command(BaseCommand):
    help = (
        "Enqueue the exchange digest of every user with a saved search; the task worker (db_worker) sends "
        "them. Run it once a day, e.g. cron: 0 7 * * * manage.py send_exchange_digests"
    )

    def handle(self, *args, **options):
        user_ids = sorted(
            set(SavedFilter.objects.filter(user__is_active=True).values_list("user_id", flat=True))
        )
        for user_id in user_ids:
            exchange_digest_send.enqueue(user_id=user_id)
        self.stdout.write(f"{len(user_ids)} digest(s) enqueued")
