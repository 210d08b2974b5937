"""python manage.py retry_pending_tasks [--parked] — sends tasks kept in the outbox again."""

from django.core.management.base import BaseCommand

from peernetworks.queue import pending_tasks_retry


class Command(BaseCommand):
    help = (
        "Sends background tasks that were kept because the broker was unreachable; with "
        "--parked also the emails that gave up against a failing mail server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--parked",
            action="store_true",
            help="Also send the parked email tasks (after the mail server is mended).",
        )

    def handle(self, *args, parked: bool, **options):
        def say(pending, result) -> None:
            self.stdout.write(f"Sent {pending.task}{tuple(pending.args)} as task {result.id}.")

        sent = pending_tasks_retry(parked=parked, on_sent=say)
        self.stdout.write(f"{sent} task(s) sent.")
