"""python manage.py retention_report [--anonymise --yes] — GDPR-4.

Lists participants whose programme year ended more than its retention period ago. With
--anonymise and --yes (the confirmation) it erases them by anonymisation (GDPR-3), one
transaction each; KPI returns and aggregates stay intact.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peernetworks.audit import command_actor
from privacy.selectors import records_past_retention
from privacy.services import participant_anonymise


class Command(BaseCommand):
    help = "Reports participants past their programme year's retention period (GDPR-4)."

    def add_arguments(self, parser):
        parser.add_argument("--anonymise", action="store_true", help="Erase them by anonymisation.")
        parser.add_argument("--yes", action="store_true", help="Confirm the erasure.")

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, anonymise: bool, yes: bool, **options):
        if anonymise and not yes:
            raise CommandError("Erasure cannot be undone: add --yes to confirm.")
        due = list(
            records_past_retention(timezone.localdate()).select_related(
                "programme_year", "business__hub"
            )
        )
        for participant in due:
            year = participant.programme_year
            self.stdout.write(
                f"{participant.pk}\t{participant.business.hub.slug}\t{year.name}\t"
                f"ended {year.end}, kept {year.retention_years} years"
            )
        if anonymise:
            for participant in due:
                participant_anonymise(participant=participant)
            self.stdout.write(self.style.SUCCESS(f"{len(due)} participant(s) anonymised."))
        else:
            self.stdout.write(f"{len(due)} participant(s) past the retention period.")
