"""E-mail the deadline reminders of the day (run daily by cron); running it twice a day sends nothing more."""

from mostovi.core.management.daily import DailyTaskCommand
from mostovi.funding.tasks import send_deadline_reminders


class Command(DailyTaskCommand):
    help = (
        "Send the deadline reminders of the day to every user who asked for them (calendar page). "
        "Idempotent per day. Run it once a day, e.g. cron: 0 7 * * * manage.py send_deadline_reminders"
    )
    task = send_deadline_reminders
    sent_label = "{count} deadline reminder(s) sent"
    enqueued_label = "reminders enqueued"
