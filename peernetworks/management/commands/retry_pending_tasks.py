"""python manage.py retry_pending_tasks — sends tasks kept while the broker was down."""

from django.core.management.base import BaseCommand

from peernetworks.queue import pending_tasks_retry


class Command(BaseCommand):
    help = "Sends background tasks that were kept because the broker was unreachable."

    def handle(self, *args, **options):
        self.stdout.write(f"{pending_tasks_retry()} task(s) sent.")
