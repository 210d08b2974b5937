"""python manage.py restore_database FILE — replaces the database with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peernetworks.backup import database_restore
from peernetworks.db_statistics import planner_statistics_refresh


class Command(BaseCommand):
    help = "Restores a backup made by backup_database, replacing the current data."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file: str, yes: bool, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        if not yes and input(f"Replace the database with {source}? [y/N] ").lower() != "y":
            raise CommandError("Not restored.")
        database_restore(source)
        planner_statistics_refresh()
        self.stdout.write(self.style.SUCCESS(f"Restored {source}"))
