"""python manage.py start_programme_year --from 2025/26 --name 2026/27 --start … --end …

PY-4: creates the next programme year from an earlier one, copying every number, the charter
text, survey questions and each hub's target for editing. The earlier year is not touched.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from peernetworks.audit import command_actor
from peernetworks.models import ProgrammeYear
from peernetworks.services import programme_year_start


def _date(option: str, text: str | None):
    if text is None:
        return None
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise CommandError(f"--{option} must be a date as YYYY-MM-DD (got {text!r}).")
    return value


class Command(BaseCommand):
    help = "Starts a new programme year from an earlier one (numbers, charter, targets copied)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_year", required=True, help="e.g. 2025/26")
        parser.add_argument("--name", required=True, help="e.g. 2026/27")
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--registration-opens", help="YYYY-MM-DD; registration opens at the start if omitted"
        )

    @command_actor  # GDPR-5: its changes say "command: <name>"
    def handle(self, *args, from_year, name, start, end, registration_opens, **options):
        source = ProgrammeYear.objects.filter(name=from_year).first()
        if source is None:
            raise CommandError(f'--from: no programme year is called "{from_year}".')
        try:
            year = programme_year_start(
                from_year=source,
                name=name,
                start=_date("start", start),
                end=_date("end", end),
                registration_opens_on=_date("registration-opens", registration_opens),
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {message}"
                    for field, messages in error.message_dict.items()
                    for message in messages
                )
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme year {year.name} started ({year.start:%-d %B %Y} to "
                f"{year.end:%-d %B %Y}), with {source.name}'s numbers, charter and "
                f"{year.hub_years.count()} hub targets to review in the admin."
            )
        )
