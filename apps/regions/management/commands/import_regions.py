import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError
from apps.regions.services import regions_import


class Command(BaseCommand):
    help = "Import Kemendagri region codes from a CSV (kode,nama,tingkat,kode_induk), .csv or .gz."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        try:
            result = regions_import(path=path)
        except DomainError as error:
            raise CommandError(error.message) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Regions from {path.name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({result.total} rows, {elapsed:.1f} s)."
        )
