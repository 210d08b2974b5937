"""python manage.py seed_demo [--scale small|national] [--years N] [--if-empty]

A deterministic demo programme that is live on the day it runs: the programme year covering
today, mid-flight, and the years before it, closed (SPEC §11, PY-2).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.cohorts import demo_cohorts
from demo.feedback import demo_feedback_and_surveys
from demo.one_to_one import demo_one_to_one
from demo.participants import demo_participants
from demo.reporting import demo_kpi_returns
from demo.sessions import demo_session_records
from demo.structure import demo_hub_teams, demo_structure, demo_users
from peernetworks.audit import command_actor
from peernetworks.db_statistics import planner_statistics_refresh
from peernetworks.models import ProgrammeYear


class Command(BaseCommand):
    help = (
        "Loads a deterministic demo programme: the programme year covering today, mid-flight, "
        "and the years before it, closed (idempotent: safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument(
            "--years",
            type=int,
            default=2,
            help="Programme years to load, ending with the one covering today (default 2).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a programme year.",
        )

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, scale: str, years: int, if_empty: bool, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        if if_empty and ProgrammeYear.objects.exists():
            self.stdout.write("The database already holds a programme; demo not loaded.")
        else:
            # One clock for the whole run: what is delivered, due or overdue follows from it.
            now = timezone.now()
            with transaction.atomic():
                programme_years, hubs = demo_structure(today=timezone.localdate(now), years=years)
                demo_users()  # before the programme: facilitators and providers lead it
                self._seed_programme(programme_years, hubs, scale, now)
            planner_statistics_refresh()
            running = programme_years[-1]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo programme loaded ({scale}): "
                    f"{', '.join(year.name for year in programme_years)}; {running.name} is "
                    f"running ({running.start:%-d %B %Y} to {running.end:%-d %B %Y})."
                )
            )
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/accounts/login/):")
        for username, password, description in demo_users():
            self.stdout.write(f"  {username:<16} {password:<20} {description}")

    def _seed_programme(self, programme_years, hubs, scale: str, now) -> None:
        """Each feature adds its demo records here, year by year (oldest first, so a returning
        business can take part again), in dependency order; the KPI returns come last, compiled
        from everything else."""
        today = timezone.localdate(now)
        if scale == "national":
            demo_hub_teams(hubs)
        for year in programme_years:
            demo_participants(year, hubs, scale=scale, today=today)
            # Each step reads what the one before wrote in bulk: without fresh statistics
            # PostgreSQL plans those reads for empty tables, many times slower (it counts the
            # rows this transaction inserted, so this works before the commit).
            planner_statistics_refresh()
            demo_cohorts(year, hubs, scale=scale, now=now)
            planner_statistics_refresh()
            demo_session_records(year, hubs, scale=scale, now=now)
            demo_one_to_one(year, hubs, today=today)
            demo_feedback_and_surveys(year, scale=scale, today=today)
        planner_statistics_refresh()
        demo_kpi_returns(programme_years, hubs, scale=scale, now=now)
