"""`manage.py worker`: django-tasks' `db_worker`, with a heartbeat that `/readyz` reads."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from mostovi.core.health import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the background-task worker (db_worker's options) and record that it is alive for /readyz."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(worker_id=options["worker_id"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
