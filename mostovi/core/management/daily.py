"""The shape of a daily command (run by cron) that hands a day's work to a background task.

`--date YYYY-MM-DD` acts as if that day were today; `--enqueue` hands the work to the task worker instead
of doing it now. The task takes `today` (an ISO date or None) and returns how many e-mails it sent; running
it twice on a day sends nothing more.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError


class DailyTaskCommand(BaseCommand):
    task = None  # a django-tasks task taking `today`
    sent_label = "{count} e-mail(s) sent"
    enqueued_label = "enqueued"

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
            self.task.enqueue(today=day)
            self.stdout.write(self.enqueued_label)
            return
        sent = self.task.call(today=day)
        self.stdout.write(self.sent_label.format(count=sent))
