from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError
from apps.offices.models import Office, Village
from apps.offices.services import office_setup, offices_setup_many
from apps.regions.models import Region, RegionLevel
from apps.regions.services import regions_import

BALANGAN_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_balangan.csv"


class Command(BaseCommand):
    help = (
        "Create (or complete) the office of a kecamatan with its default sections, problem "
        "categories, regency agencies and villages. Idempotent. Given a regency or a province "
        "(or several codes), every kecamatan in it, the new offices in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes",
            nargs="*",
            default=["63.11.07"],
            metavar="CODE",
            help="Kemendagri code of a kecamatan, or of a regency or province for all its "
            "kecamatan (default: 63.11.07, Paringin Selatan)",
        )
        parser.add_argument(
            "--regions",
            type=Path,
            default=BALANGAN_CSV,
            help="CSV to import first when a code is not known yet",
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="offices per transaction in bulk (100)"
        )

    def handle(self, *args, codes, regions, batch, **options):
        try:
            if Region.objects.filter(code__in=codes).count() < len(set(codes)):
                result = regions_import(path=regions)
                self.stdout.write(f"Regions: {result.created} created from {regions.name}.")
            districts = self._districts(codes, regions)
            if len(districts) == 1 and districts[0].code in codes:
                self._one(office_setup(region=districts[0]), districts[0].code)
                return
            self.stdout.write(f"{len(districts):,} kecamatan")
            created = offices_setup_many(
                regions=districts,
                batch_size=batch,
                progress=lambda done, total: self.stdout.write(f"  {done:,}/{total:,}"),
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        offices = Office.objects.filter(region__in=districts)
        villages = Village.objects.filter(office__in=offices).count()
        prefixes = offices.order_by("region__code").values_list("case_prefix", flat=True)
        self.stdout.write(
            f"{offices.count():,} offices ({created:,} new), {villages:,} villages; "
            f"tracking numbers {', '.join(prefixes[:5])}…"
        )

    def _districts(self, codes, regions) -> list[Region]:
        districts = {}
        for code in codes:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"{code} is not in {regions}.")
            if region.level == RegionLevel.DISTRICT:
                districts[region.pk] = region
                continue
            inside = Region.objects.filter(
                code__startswith=f"{code}.", level=RegionLevel.DISTRICT
            ).order_by("code")
            if not inside.exists():
                raise CommandError(f"{code} ({region.name}) holds no kecamatan.")
            districts.update((r.pk, r) for r in inside)
        return sorted(districts.values(), key=lambda r: r.code)

    def _one(self, office, district):
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
