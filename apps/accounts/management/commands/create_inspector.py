from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import Role
from apps.accounts.services import password_setup_link, user_create
from apps.core.errors import DomainError
from apps.regions.models import Region, RegionLevel


class Command(BaseCommand):
    help = (
        "Create an inspector who reads every office of a regency (pemantau kabupaten) or of a "
        "whole province (pemantau provinsi), with the offices side by side on the monev page, "
        "and print a one-time link to choose the password."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="Kemendagri code of the regency (63.11) or province (63)")
        parser.add_argument("--username", required=True, help="lowercase letters, digits, . _ -")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", required=True, help="for password resets and notices")
        parser.add_argument("--position", default="", help="e.g. Inspektur Pembantu Wilayah")

    def handle(self, *args, area, **options):
        region = Region.objects.filter(
            code=area, level__in=[RegionLevel.REGENCY, RegionLevel.PROVINCE]
        ).first()
        if region is None:
            raise CommandError(
                f"No regency or province with the code {area}: import the regions first."
            )
        try:
            user = user_create(
                acting=None,
                office=None,
                username=options["username"],
                full_name=options["full_name"],
                email=options["email"],
                role=Role.INSPECTOR,
                regency=region,
                position=options["position"],
            )
        except DomainError as error:
            where = f"{error.field}: " if error.field else ""
            raise CommandError(f"{where}{error.message}") from error
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        self.stdout.write(
            f"{user.username} now reads every office of {region.name}.\n"
            f"Give them this link; it sets the password once, within {days} days:\n"
            f"{password_setup_link(user)}"
        )
