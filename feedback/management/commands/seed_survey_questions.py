"""python manage.py seed_survey_questions [--year NAME] — default survey questions for a year."""

from django.core.management.base import BaseCommand, CommandError

from feedback.services import survey_questions_seed_defaults
from peernetworks.models import ProgrammeYear


class Command(BaseCommand):
    help = (
        "Gives a programme year (the current one by default) the default baseline, exit and "
        "drop-out questions (SUR-2..4), unless it already has questions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The programme year's name, e.g. 2021/22.")

    def handle(self, *args, year=None, **options):
        programme_year = (
            ProgrammeYear.objects.filter(name=year).first() if year else ProgrammeYear.current()
        )
        if programme_year is None:
            raise CommandError(f"No programme year {year!r}." if year else "No programme year.")
        created = survey_questions_seed_defaults(programme_year)
        if created:
            self.stdout.write(f"{created} question(s) added to {programme_year}.")
        else:
            self.stdout.write(f"{programme_year} already has survey questions; nothing added.")
