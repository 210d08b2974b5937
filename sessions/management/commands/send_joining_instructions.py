"""python manage.py send_joining_instructions — the SES-5 job the beat scheduler runs hourly."""

from django.core.management.base import BaseCommand

from peernetworks.audit import command_actor
from sessions.services import joining_instructions_send_due


class Command(BaseCommand):
    help = "Sends joining instructions for sessions due them (SES-5). Safe to run any time."

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, **options):
        run = joining_instructions_send_due()
        self.stdout.write(f"{len(run.sent)} session(s), {run.emails} email(s) sent.")
