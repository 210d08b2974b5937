"""python manage.py export_programme [--output FILE] — the interchange format (INTERCHANGE.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from peernetworks.audit import command_actor, record_export
from reporting.interchange.exporter import programme_export


class Command(BaseCommand):
    help = "Writes the current programme year in the interchange format (stdout by default)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A file to write instead of standard output.")

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, output: str | None, **options):
        data = programme_export()
        text = json.dumps(data, indent=1, ensure_ascii=False)
        records = sum(len(value) for value in data.values() if isinstance(value, list))
        record_export(what="Programme interchange export", hub_id=None, rows=records, fmt="json")
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
