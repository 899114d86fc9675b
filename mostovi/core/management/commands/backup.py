"""`manage.py backup --output PATH`: one archive with the database, the uploaded files and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mostovi.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (database dump, MEDIA_ROOT, manifest with migrations, row counts and checksums). "
        "Safe while the servers run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Path of the archive to write (.tar.gz).")

    def handle(self, *args, **options):
        progress = self.stdout.write if options["verbosity"] >= 1 else (lambda _m: None)
        output = Path(options["output"])
        try:
            manifest = backup_create(output, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {len(manifest['counts'])} tables, {rows} rows, "
                f"{len(manifest['media'])} files, {len(manifest['migrations'])} migrations."
            )
        )
