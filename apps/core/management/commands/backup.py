from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded file into one dated archive "
        "(ruko-backup-YYYYMMDD-HHMMSS.tar) with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="folder for the archive (default: var/backups)",
        )

    def handle(self, *args, output_dir, **options):
        try:
            result = backup_create(directory=output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.path}: {result.tables} tables, {result.rows} rows, {result.files} files"
        )
