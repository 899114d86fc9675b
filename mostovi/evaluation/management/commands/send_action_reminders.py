"""E-mail the reminders of follow-up actions (run daily by cron); running it twice sends nothing more."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mostovi.evaluation.tasks import send_action_reminders


class Command(BaseCommand):
    help = (
        "Remind owners of follow-up actions due within seven days, and owners and officers of actions past "
        "their due date; each reminder once. Run it once a day, e.g. cron: "
        "0 7 * * * manage.py send_action_reminders"
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
            send_action_reminders.enqueue(today=day)
            self.stdout.write("action reminders enqueued")
            return
        sent = send_action_reminders.call(today=day)
        self.stdout.write(f"{sent} action reminder(s) sent")
