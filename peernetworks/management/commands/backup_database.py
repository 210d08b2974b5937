"""python manage.py backup_database [--output FILE] — see docs/operations.md."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from peernetworks.backup import database_backup


class Command(BaseCommand):
    help = "Backs up the database (pg_dump custom format, or a SQLite copy)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Default: backups/peernetworks-<timestamp>.backup")

    def handle(self, *args, output: str | None, **options):
        target = Path(output or f"backups/peernetworks-{datetime.now():%Y%m%d-%H%M%S}.backup")
        database_backup(target)
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target}"))
