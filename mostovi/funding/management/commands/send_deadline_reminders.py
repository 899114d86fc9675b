"""E-mail the deadline reminders of the day (run daily by cron); running it twice a day sends nothing more."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mostovi.funding.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Send the deadline reminders of the day to every user who asked for them (calendar page). "
        "Idempotent per day. Run it once a day, e.g. cron: 0 7 * * * manage.py send_deadline_reminders"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to act as today (YYYY-MM-DD); default: today.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead of doing it now."
        )

    def handle(self, *args, **options):
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        if options.get("enqueue"):
            send_deadline_reminders.enqueue(today=day)
            self.stdout.write("reminders enqueued")
            return
        sent = send_deadline_reminders.call(today=day)
        self.stdout.write(f"{sent} deadline reminder(s) sent")
