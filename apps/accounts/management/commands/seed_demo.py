from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.demo import DEMO_PASSWORD, demo_logins, demo_seed
from apps.offices.models import Office


class Command(BaseCommand):
    help = "Create the demo accounts of Kecamatan Paringin Selatan (RUKO_DEMO=1 only)."

    def add_arguments(self, parser):
        parser.add_argument("--district", default="63.11.07")
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args, district, quiet_logins, **options):
        if not settings.RUKO_DEMO:
            raise CommandError("Demo data is only created when RUKO_DEMO=1.")
        office = Office.objects.filter(region__code=district).first()
        if office is None:
            raise CommandError(f"No office for {district}: run `manage.py setup_office` first.")
        created = demo_seed(office=office)
        self.stdout.write(f"Demo accounts: {created} created.")
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for username, what in demo_logins(office):
                self.stdout.write(f"  {username:<26} {what}")
