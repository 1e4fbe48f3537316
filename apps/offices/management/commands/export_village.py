from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.offices.models import Village
from apps.offices.village_export import village_export


class Command(BaseCommand):
    help = (
        "Export everything the office holds about one village (cases with comments and "
        "history, follow-ups, reports, meetings, alerts and incidents, the files) into a ZIP."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the village's Kemendagri code, e.g. 63.11.07.2001")
        parser.add_argument("--output", type=Path, help="the ZIP to write (default: ./<slug>.zip)")

    def handle(self, *args, code, output, **options):
        village = Village.objects.select_related("office", "region").filter(region__code=code)
        village = village.first()
        if village is None:
            raise CommandError(f"no village with the code {code}")
        output = output or Path(f"ekspor-{village.slug}.zip")
        with open(output, "wb") as stream:
            manifest = village_export(actor=None, village=village, stream=stream)
        parts = ", ".join(f"{n} {p['records']}" for n, p in manifest["parts"].items())
        self.stdout.write(f"{output}: {parts}; {len(manifest['files'])} files")
