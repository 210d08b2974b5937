"""python manage.py seed_demo [--scale small|national] — a deterministic demo programme."""

from django.core.management.base import BaseCommand
from django.db import transaction

from peernetworks.audit import command_actor
from peernetworks.db_statistics import planner_statistics_refresh
from peernetworks.demo import demo_structure, demo_users


class Command(BaseCommand):
    help = "Loads a deterministic, realistic demo programme (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a programme year.",
        )

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, scale: str, if_empty: bool, **options):
        from peernetworks.models import ProgrammeYear

        if if_empty and ProgrammeYear.objects.exists():
            self.stdout.write("The database already holds a programme; demo not loaded.")
        else:
            with transaction.atomic():
                year, hubs = demo_structure()
                demo_users()  # before the programme: facilitators and providers lead it
                self._seed_programme(year, hubs, scale)
            planner_statistics_refresh()
            self.stdout.write(self.style.SUCCESS(f"Demo programme {year.name} loaded ({scale})."))
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/accounts/login/):")
        for username, password, description in demo_users():
            self.stdout.write(f"  {username:<16} {password:<20} {description}")

    def _seed_programme(self, year, hubs, scale: str) -> None:
        """Each feature adds its demo records here, in dependency order."""
        from cohorts.demo import demo_cohorts
        from one_to_one.demo import demo_one_to_one
        from participants.demo import demo_participants
        from participants.demo_feedback import demo_feedback_and_surveys
        from peernetworks.demo import demo_hub_teams

        if scale == "national":
            demo_hub_teams(hubs)
        demo_participants(year, hubs, scale=scale)
        demo_cohorts(year, hubs, scale=scale)
        demo_one_to_one(year, hubs)
        demo_feedback_and_surveys(year)
