"""python manage.py import_programme FILE.json — one programme year, all or nothing
(INTERCHANGE.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peernetworks.audit import command_actor
from reporting.interchange.importer import ImportFailed, programme_import


class Command(BaseCommand):
    help = "Loads a programme interchange file in one transaction: every record or none."

    def add_arguments(self, parser):
        parser.add_argument("file")

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, file: str, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: cannot read a JSON file ({error}).") from error
        except RecursionError as error:
            raise CommandError(
                f"{file}: the JSON is nested too deeply to be a programme."
            ) from error
        try:
            loaded = programme_import(data)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Nothing imported: {len(failure.errors)} error(s) in {file}."
            ) from failure
        summary = ", ".join(f"{count} {kind}" for kind, count in loaded.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {loaded.year.name}: {summary}."))
