"""`manage.py restore PATH`: put a backup archive back into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mostovi.core.backup import BackupError, archive_verify, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the database of DATABASE_URL and MEDIA_ROOT. "
        "Both must be empty unless --force; the archive's checksums and migrations are checked first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database and MEDIA_ROOT that are not empty."
        )
        parser.add_argument(
            "--check", action="store_true", help="Only verify the archive (checksums, migrations)."
        )

    def handle(self, *args, **options):
        progress = self.stdout.write if options["verbosity"] >= 1 else (lambda _m: None)
        path = Path(options["path"])
        try:
            if options["check"]:
                manifest = archive_verify(path, progress=progress)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"The archive is whole: {len(manifest['counts'])} tables, "
                        f"{len(manifest['media'])} files, taken {manifest['created_at']}."
                    )
                )
                return
            report = backup_restore(path, force=options["force"], progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for table, count in sorted(report.counts.items()):
            self.stdout.write(f"{table:50} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(report.counts.values())} rows in {len(report.counts)} tables "
                f"and {report.files} files."
            )
        )
        if report.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.pending_migrations)} migration(s) of this version are not applied yet: "
                    "run `manage.py migrate`."
                )
            )
