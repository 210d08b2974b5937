"""python manage.py export_programme [--output FILE] — the interchange format (INTERCHANGE.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from reporting.interchange.exporter import programme_export


class Command(BaseCommand):
    help = "Writes the current programme year in the interchange format (stdout by default)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A file to write instead of standard output.")

    def handle(self, *args, output: str | None, **options):
        text = json.dumps(programme_export(), indent=1, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
