from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError
from apps.offices.services import office_setup
from apps.regions.models import Region
from apps.regions.services import regions_import

BALANGAN_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_balangan.csv"


class Command(BaseCommand):
    help = (
        "Create (or complete) the office of a kecamatan with its default sections, problem "
        "categories, regency agencies and villages. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "district",
            nargs="?",
            default="63.11.07",
            help="Kemendagri code of the kecamatan (default: Paringin Selatan)",
        )
        parser.add_argument(
            "--regions",
            type=Path,
            default=BALANGAN_CSV,
            help="CSV to import first when the kecamatan is not known yet",
        )

    def handle(self, *args, district, regions, **options):
        try:
            if not Region.objects.filter(code=district).exists():
                result = regions_import(path=regions)
                self.stdout.write(f"Regions: {result.created} created from {regions.name}.")
            region = Region.objects.filter(code=district).first()
            if region is None:
                raise CommandError(f"Kecamatan {district} is not in {regions}.")
            office = office_setup(region=region)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{office.name}: {office.sections.count()} sections, "
            f"{office.categories.count()} categories, {office.agencies.count()} agencies, "
            f"{office.villages.count()} villages; tracking numbers {office.case_prefix}-…"
        )
        if not office.villages.exists():
            self.stdout.write(
                self.style.WARNING(
                    f"{district} has no villages in the database yet: import them "
                    "(manage.py import_regions data/wilayah_indonesia.csv.gz) and run "
                    "setup_office again."
                )
            )
