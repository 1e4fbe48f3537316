from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.privacy import person_erase


class Command(BaseCommand):
    help = (
        "Remove one person's personal data (name, username, e-mail, phone, password): the "
        "account is deactivated and anonymised, its sessions and API tokens end, and the "
        "audit trail keeps pointing to the same (now anonymous) account."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="do it (it cannot be undone)")

    def handle(self, *args, username, yes, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no person with the username {username}")
        if not yes:
            raise CommandError("this cannot be undone: run again with --yes")
        facts = person_erase(acting=None, user=user)
        self.stdout.write(f"{username} is now terhapus-{user.pk}: {facts}")
