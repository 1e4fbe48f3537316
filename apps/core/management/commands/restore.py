from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into this installation (migrated, with no people, "
        "offices or files). Every file and each table's row count is checked against the "
        "archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the files of an installation that is not empty",
        )

    def handle(self, *args, archive, force, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            result = backup_restore(archive_path=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {archive}: {result.tables} tables, {result.rows} rows, {result.files} files"
        )
