"""``python manage.py assess_eligibility FILE.json`` — the ELIG rules in batch (INTERCHANGE.md).

Reads a JSON array of applications and writes exactly one JSON array of decisions to standard
output, in the same order. Each application is assessed with the numbers of the programme year
its application date falls in (else the year staff pages show by default) and the creative SIC
codes; nothing is written to the database.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from participants.eligibility import assess_data
from participants.eligibility.settings import creative_sic_prefixes, thresholds_on
from peernetworks.models import ProgrammeYear


class Command(BaseCommand):
    help = "Assess a JSON array of applications against the ELIG rules; print the decisions."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json", help="a JSON array of applications")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8") as handle:
                applications = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except (ValueError, RecursionError) as error:
            # ValueError covers JSONDecodeError and text that is not UTF-8.
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        if not isinstance(applications, list):
            raise CommandError(f"{path} must hold a JSON array of applications.")

        # PY-5: each application is assessed with the numbers of the year its date falls in.
        years = list(ProgrammeYear.objects.all())
        creative = creative_sic_prefixes()
        decisions = [
            assess_data(
                application,
                thresholds=thresholds_on(_application_date(application), years),
                creative_sic_prefixes=creative,
            ).as_json()
            for application in applications
        ]
        self.stdout.write(json.dumps(decisions))


def _application_date(application):
    """The application's date when it is a well-formed one; the rules report it otherwise."""
    if isinstance(application, dict) and isinstance(application.get("application_date"), str):
        try:
            return parse_date(application["application_date"])
        except ValueError:
            return None
    return None
