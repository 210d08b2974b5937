"""python manage.py send_survey_reminders — the SUR-5 job the beat scheduler runs daily."""

from django.core.management.base import BaseCommand

from feedback.services import reminders_send_due
from peernetworks.audit import command_actor


class Command(BaseCommand):
    help = (
        "Sends survey invitations now due, any feedback link not yet sent, and reminders of "
        "unanswered feedback and unfinished surveys (SUR-1, SUR-5). Safe to run any time."
    )

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, **options):
        self.stdout.write(str(reminders_send_due()))
