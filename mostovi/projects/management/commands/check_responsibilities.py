"""The platform's own check: responsibilities of live projects left without a holder.

Prints one line per responsibility (project, partner authority, who left or "not named") and exits with
status 1 when there is any, 0 otherwise (for cron or monitoring). Operators' output, in English.
"""

from django.core.management.base import BaseCommand, CommandError

from mostovi.projects.continuity import unheld_responsibilities
from mostovi.projects.selectors import project_text


class Command(BaseCommand):
    help = (
        "List the responsibilities of live projects (not closed, cancelled or deleted) that nobody holds: "
        "a partner's responsible person not named, or whose membership ended. Exit status 1 when any."
    )

    def handle(self, *args, **options):
        rows = unheld_responsibilities()
        for row in rows:
            title = project_text(row.project, "title")
            holder = (
                f"{row.former.user} left on {row.former.ended_at:%Y-%m-%d}" if row.former else "not named"
            )
            self.stdout.write(
                f"project #{row.project.pk} ({title.text if title else ''}) [{row.project.phase}] — "
                f"{row.authority} (#{row.authority.pk}) — {row.responsibility}: {holder}"
            )
        if rows:
            raise CommandError(f"{len(rows)} responsibility(ies) without a holder", returncode=1)
        self.stdout.write("every responsibility has a holder")
