from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.forms import UserCreateForm
from apps.accounts.models import Role
from apps.accounts.services import password_setup_link, user_create
from apps.core.errors import DomainError
from apps.offices.models import Office

ADMIN_ROLES = [(r.value, r.label) for r in (Role.HEAD, Role.SECRETARY)]


class Command(BaseCommand):
    help = (
        "Create the first camat or secretary of an office (set up with `setup_office`) and "
        "print a one-time link to choose the password. From then on they add their own people "
        "on the Kelola → Pengguna page."
    )

    def add_arguments(self, parser):
        parser.add_argument("district", help="Kemendagri code of the office's kecamatan")
        parser.add_argument("--username", required=True, help="lowercase letters, digits, . _ -")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", required=True, help="for password resets and notices")
        parser.add_argument("--role", required=True, choices=[value for value, _ in ADMIN_ROLES])
        parser.add_argument("--phone", default="", help="WhatsApp number")
        parser.add_argument("--position", default="", help="e.g. Camat, Sekretaris Camat")

    def handle(self, *args, district, **options):
        office = Office.objects.filter(region__code=district).select_related("region").first()
        if office is None:
            raise CommandError(f"No office for {district}: run `manage.py setup_office` first.")
        # The same checks as the user page of the office, for the two roles that manage it.
        form = UserCreateForm(
            {
                "username": options["username"],
                "full_name": options["full_name"],
                "email": options["email"],
                "phone": options["phone"],
                "role": options["role"],
                "position": options["position"],
            },
            office=office,
            roles=ADMIN_ROLES,
        )
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            raise CommandError(problems)
        data = form.cleaned_data
        try:
            user = user_create(
                acting=None,
                office=office,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                role=data["role"],
                position=data["position"],
            )
        except DomainError as error:
            where = f"{error.field}: " if error.field else ""
            raise CommandError(f"{where}{error.message}") from error
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        self.stdout.write(
            f"{user.username} is now {data['role']} of {office.name}.\n"
            f"Give them this link; it sets the password once, within {days} days:\n"
            f"{password_setup_link(user)}"
        )
