"""``python manage.py assess_eligibility FILE.json`` — the ELIG rules in batch (INTERCHANGE.md).

Reads a JSON array of applications and writes exactly one JSON array of decisions to standard
output, in the same order. Reads the programme year and creative SIC codes; writes nothing to
the database.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from participants.eligibility import assess_data
from participants.eligibility_settings import current_eligibility_settings


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

        thresholds, creative_sic_prefixes = current_eligibility_settings()
        decisions = [
            assess_data(
                application,
                thresholds=thresholds,
                creative_sic_prefixes=creative_sic_prefixes,
            ).as_json()
            for application in applications
        ]
        self.stdout.write(json.dumps(decisions))
