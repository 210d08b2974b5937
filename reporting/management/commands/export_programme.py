"""python manage.py export_programme [--year NAME] [--output FILE]: one programme year in the
interchange format (INTERCHANGE.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peernetworks.audit import command_actor, record_export
from peernetworks.models import ProgrammeYear
from reporting.interchange.exporter import programme_export


class Command(BaseCommand):
    help = (
        "Writes one programme year in the interchange format (stdout by default): the running "
        "year, else the latest, unless --year names another."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The programme year's name, e.g. 2021/22.")
        parser.add_argument("--output", help="A file to write instead of standard output.")

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, year: str | None, output: str | None, **options):
        chosen = None
        if year is not None:
            # PY-7: any year may be exported, not only the running one.
            chosen = ProgrammeYear.objects.filter(name=year).first()
            if chosen is None:
                names = ", ".join(
                    ProgrammeYear.objects.order_by("start").values_list("name", flat=True)
                )
                raise CommandError(
                    f'--year: no programme year is called "{year}". '
                    + (f"Use one of: {names}." if names else "No programme year is set up yet.")
                )
        data = programme_export(chosen)
        text = json.dumps(data, indent=1, ensure_ascii=False)
        records = sum(len(value) for value in data.values() if isinstance(value, list))
        name = data.get("programme_year", {}).get("name")
        what = f"Programme interchange export {name}" if name else "Programme interchange export"
        record_export(what=what, hub_id=None, rows=records, fmt="json")
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
