"""python manage.py compile_kpi_return --month YYYY-MM [--hub SLUG] [--json]

Exactly the code the monthly beat job runs (reporting.tasks.compile_previous_month).
Contract: ../shared/INTERCHANGE.md.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peernetworks.audit import command_actor
from reporting.kpi import parse_month
from reporting.services import kpi_returns_compile


class Command(BaseCommand):
    help = "Compiles the monthly KPI returns (stored as drafts; submitted returns stay frozen)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--hub", help="A hub's slug; all hubs when omitted.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, month: str, hub: str | None, json: bool, **options):
        try:
            compiled = kpi_returns_compile(month=parse_month(month), hub_slug=hub)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if json:
            self.stdout.write(_dumps(compiled.as_json()))
        else:
            self.stdout.write(
                f"Compiled {len(compiled.hubs)} return(s) for {month}, due {compiled.due_date}."
            )


def _dumps(data) -> str:
    return json.dumps(data)
