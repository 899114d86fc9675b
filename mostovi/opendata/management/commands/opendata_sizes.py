"""`manage.py opendata_sizes`: generate every open-data file once and record its size for the open-data page.

Downloads record the size of what they served; this command fills in the files nobody has downloaded yet
(after a deployment, or nightly from a timer) so that the page never has to generate a file to measure it.
"""

from django.core.management.base import BaseCommand

from mostovi.opendata import exports, iati, selectors
from mostovi.opendata.services import export_size_record


def _drain(chunks) -> None:
    for _chunk in chunks:
        pass


class Command(BaseCommand):
    help = "Generate every open-data file (CSV, XLSX, IATI) and record its size for the open-data page."

    def handle(self, *args, **options):
        for dataset in exports.DATASETS.values():
            _drain(exports.measured(exports.csv_stream(dataset), key=exports.size_key(dataset.slug, "csv")))
            with exports.xlsx_file(dataset) as handle:
                export_size_record(key=exports.size_key(dataset.slug, "xlsx"), size=exports.file_size(handle))
        for reporting_org in [None, *(a.pk for a in selectors.iati_reporting_orgs())]:
            chunks = iati.activities_stream(selectors.iati_project_chunks(reporting_org=reporting_org))
            _drain(exports.measured(chunks, key=exports.iati_size_key(reporting_org)))
        for key, record in sorted(selectors.export_sizes().items()):
            self.stdout.write(f"{key}\t{record.size}")
