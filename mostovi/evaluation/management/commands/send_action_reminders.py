"""E-mail the reminders of follow-up actions (run daily by cron); running it twice sends nothing more."""

from mostovi.core.management.daily import DailyTaskCommand
from mostovi.evaluation.tasks import send_action_reminders


class Command(DailyTaskCommand):
    help = (
        "Remind owners of follow-up actions due within seven days, and owners and officers of actions past "
        "their due date; each reminder once. Run it once a day, e.g. cron: "
        "0 7 * * * manage.py send_action_reminders"
    )
    task = send_action_reminders
    sent_label = "{count} action reminder(s) sent"
    enqueued_label = "action reminders enqueued"
