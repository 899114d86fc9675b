"""`manage.py iati_validate`: export the public projects as IATI 2.03 and check the file against the schema.

Exit status 1 when the schema finds any error (or `--file` is not valid), so that CI and people can run it.
"""

from django.core.management.base import BaseCommand, CommandError

from mostovi.opendata import iati, selectors


class Command(BaseCommand):
    help = "Export the public projects as IATI 2.03 activities and validate the file against the schema."

    def add_arguments(self, parser):
        parser.add_argument("--reporting-org", type=int, help="Only the projects led by this authority id.")
        parser.add_argument("--output", help="Also write the exported file here.")
        parser.add_argument("--file", help="Validate this IATI activities file instead of exporting one.")

    def handle(self, *args, **options):
        if options["file"]:
            with open(options["file"], "rb") as handle:
                content = handle.read()
        else:
            projects = selectors.iati_project_chunks(reporting_org=options["reporting_org"])
            content = b"".join(iati.activities_stream(projects))
            if options["output"]:
                with open(options["output"], "wb") as handle:
                    handle.write(content)
        if not options["file"] and b"<iati-activity " not in content:
            # The schema wants one activity at least: an empty platform has nothing to check.
            self.stdout.write("No public project: the file has no activity, nothing to validate.")
            return
        errors = iati.validate(content)
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise CommandError(f"{len(errors)} schema error(s).")
        count = content.count(b"<iati-activity ")
        self.stdout.write(f"Valid IATI {iati.VERSION}: {count} activities.")
