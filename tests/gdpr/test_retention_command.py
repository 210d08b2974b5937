"""GDPR-4: the retention report, and erasure only with confirmation."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from privacy.services import is_anonymised
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import ProgrammeYearFactory

pytestmark = pytest.mark.django_db
# The 2021/22 year ends 2022-03-31 and keeps records 7 years: due from 2029-04-01.
AFTER = datetime(2029, 4, 2, 9, tzinfo=ZoneInfo("Europe/London"))


def run(*args) -> str:
    out = StringIO()
    call_command("retention_report", *args, stdout=out)
    return out.getvalue()


def test_it_lists_participants_past_retention_without_changing_them():
    participant = ParticipantFactory(programme_year=ProgrammeYearFactory())
    with time_machine.travel(date(2029, 3, 31), tick=False):
        assert "0 participant(s)" in run()
    with time_machine.travel(AFTER, tick=False):
        report = run()
    assert f"{participant.pk}\t" in report and "1 participant(s) past" in report
    participant.refresh_from_db()
    assert not is_anonymised(participant)


def test_it_anonymises_only_when_confirmed():
    participant = ParticipantFactory(programme_year=ProgrammeYearFactory())
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(CommandError, match="--yes"):
            run("--anonymise")
        participant.refresh_from_db()
        assert not is_anonymised(participant)
        assert "1 participant(s) anonymised" in run("--anonymise", "--yes")
    participant.refresh_from_db()
    assert is_anonymised(participant)
