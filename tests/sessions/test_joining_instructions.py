"""SES-5: the scheduled job sends every current member the joining instructions 48-72 hours
before each session, once; late sessions are flagged; the series downloads as iCalendar."""

import re
from datetime import date, datetime, timedelta
from io import StringIO
from unittest import mock
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from cohorts.models import MoveReason
from cohorts.services import cohort_allocate, participant_move
from participants.links import participant_token
from sessions.ics import series_calendar
from sessions.models import Session
from sessions.selectors import LEAD_HOURS, due_sessions, late_instructions
from sessions.services import joining_instructions_send_due, session_save
from sessions.tasks import send_joining_instructions
from tests.cohorts.factories import CohortFactory, cohort_with_members, ready_participant
from tests.peernetworks.factories import ProgrammeYearFactory
from tests.sessions.factories import SessionFactory, fortnightly_schedule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FIRST = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)


def at(delta: timedelta):
    """Freeze the clock `delta` before the first session."""
    return time_machine.travel(FIRST - delta, tick=False)


@pytest.fixture
def cohort(programme_year, hub):
    hub.tech_support_contact = "IT help desk, 0161 555 0100"
    hub.save()
    cohort, _ = cohort_with_members(
        3,
        hub=hub,
        programme_year=programme_year,
        name="Manchester Makers",
        platform="zoom",
        joining_link="https://zoom.example/j/98765",
        dial_in="0203 555 0199, meeting 98765",
        backup_plan="We will phone you and continue by conference call.",
    )
    return cohort


@pytest.fixture
def sessions(cohort):
    return fortnightly_schedule(cohort, first=FIRST)


def member_emails(cohort) -> set[str]:
    return set(
        cohort.memberships.filter(left_at__isnull=True).values_list("participant__email", flat=True)
    )


def sent_at(session) -> datetime | None:
    return Session.objects.get(pk=session.pk).joining_instructions_sent_at


def test_lead_time_is_a_day_before_the_48_hour_deadline():
    assert LEAD_HOURS == 24


def test_it_sends_instructions_71_hours_ahead_to_every_member(cohort, sessions):
    with at(timedelta(hours=71)):
        run = joining_instructions_send_due()

        assert run.sent == [sessions[0].pk]
        assert run.emails == 3
        assert sent_at(sessions[0]) == timezone.now()
    assert all(sent_at(s) is None for s in sessions[1:])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(member_emails(cohort))
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_it_puts_everything_needed_to_join_in_the_email(cohort, sessions):
    with at(timedelta(hours=71)):
        joining_instructions_send_due()

    message = mail.outbox[0]
    participant = cohort.memberships.get(participant__email=message.to[0]).participant
    assert message.subject == "Joining instructions: Peer Networks session 1, 07 September"
    body = message.body
    assert body.startswith(f"Dear {participant.first_name},")
    assert "session 1 with Manchester Makers is on Tuesday 07 September 2021 at 09:30" in body
    assert "lasts 3 hours" in body
    assert "Platform: Zoom" in body
    assert "Joining link: https://zoom.example/j/98765" in body
    assert "Dial-in: 0203 555 0199, meeting 98765" in body
    assert "Technology support: IT help desk, 0161 555 0100" in body
    assert "If the technology fails: We will phone you and continue by conference call." in body
    assert "Add every session to your calendar: http" in body
    assert body.rstrip().endswith("Greater Manchester Growth Hub")


def test_the_calendar_link_in_the_email_gives_the_participants_series(client, cohort, sessions):
    with at(timedelta(hours=71)):
        joining_instructions_send_due()
    link = re.search(r"calendar: (\S+)", mail.outbox[0].body).group(1)

    with at(timedelta(hours=70)):
        response = client.get(urlsplit(link).path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 8
    # Like every personal link it expires with the programme year's link lifetime.
    with at(timedelta(hours=71) - timedelta(days=15)):
        assert client.get(urlsplit(link).path).status_code == 410


def test_it_sends_nothing_on_a_second_run(cohort, sessions):
    with at(timedelta(hours=71)) as traveller:
        joining_instructions_send_due()
        first_sent = sent_at(sessions[0])
        traveller.shift(timedelta(hours=1))

        run = joining_instructions_send_due()

    assert run.sent == [] and run.emails == 0
    assert len(mail.outbox) == 3
    assert sent_at(sessions[0]) == first_sent


def test_it_waits_until_72_hours_before(cohort, sessions):
    with at(timedelta(hours=73)) as traveller:
        assert joining_instructions_send_due().sent == []
        assert mail.outbox == []

        traveller.shift(timedelta(minutes=59))
        assert joining_instructions_send_due().sent == []

        traveller.shift(timedelta(minutes=1))  # exactly 72 hours before
        assert joining_instructions_send_due().sent == [sessions[0].pk]
    assert len(mail.outbox) == 3


def test_it_accepts_the_time_as_an_argument(cohort, sessions):
    run = joining_instructions_send_due(now=FIRST - timedelta(hours=50))

    assert run.sent == [sessions[0].pk]
    assert sent_at(sessions[0]) == FIRST - timedelta(hours=50)


def test_it_still_sends_late_instructions_before_the_session(cohort, sessions):
    """A missed run still sends: late is better than never, and the page flags it."""
    run = joining_instructions_send_due(now=FIRST - timedelta(hours=2))

    assert run.sent == [sessions[0].pk]


def test_it_sends_nothing_once_the_session_has_started(cohort, sessions):
    assert joining_instructions_send_due(now=FIRST).sent == []
    assert mail.outbox == []


def test_it_skips_cancelled_and_delivered_sessions(cohort, sessions):
    Session.objects.filter(pk=sessions[0].pk).update(status="cancelled")
    SessionFactory(cohort=cohort, starts_at=FIRST + timedelta(hours=1), status="delivered")

    assert joining_instructions_send_due(now=FIRST - timedelta(hours=60)).sent == []


def test_it_does_not_email_members_who_dropped_out_or_moved_out(
    cohort, sessions, programme_year, hub
):
    dropped, moved, staying = [m.participant for m in cohort.memberships.order_by("seat")]
    dropped.dropped_out_on = date(2021, 8, 20)
    dropped.save()
    elsewhere = CohortFactory(hub=hub, programme_year=programme_year, name="Salford Starters")
    with time_machine.travel(datetime(2021, 8, 25, tzinfo=LONDON), tick=False):
        participant_move(
            participant=moved, to_cohort=elsewhere, reason=MoveReason.PERSONALITY_CONFLICT
        )

    run = joining_instructions_send_due(now=FIRST - timedelta(hours=60))

    assert run.emails == 1
    assert [m.to for m in mail.outbox] == [[staying.email]]


def test_it_emails_a_newcomer_for_the_next_session(cohort, sessions, hub):
    joining_instructions_send_due(now=FIRST - timedelta(hours=60))
    newcomer = ready_participant(hub, email="newcomer@example.org")

    cohort_allocate(cohort=cohort, participant=newcomer)
    mail.outbox.clear()

    run = joining_instructions_send_due(now=sessions[1].starts_at - timedelta(hours=60))

    assert run.sent == [sessions[1].pk]
    assert "newcomer@example.org" in {m.to[0] for m in mail.outbox}
    assert len(mail.outbox) == 4


def test_it_sends_again_after_a_session_is_moved(cohort, sessions):
    joining_instructions_send_due(now=FIRST - timedelta(hours=60))
    session = Session.objects.get(pk=sessions[0].pk)

    session_save(
        cohort=cohort,
        starts_at=FIRST + timedelta(hours=2),
        duration_hours=session.duration_hours,
        session=session,
    )
    run = joining_instructions_send_due(now=FIRST - timedelta(hours=59))

    assert run.sent == [session.pk]
    assert len(mail.outbox) == 6
    assert "at 11:30" in mail.outbox[-1].body


def test_it_never_sends_a_session_another_run_has_claimed(cohort, sessions):
    """The optimistic update: a run holding a stale list skips what another run claimed."""
    now = FIRST - timedelta(hours=60)
    stale = list(due_sessions(now))
    Session.objects.filter(pk=sessions[0].pk).update(joining_instructions_sent_at=now)

    with mock.patch("sessions.services.joining_instructions.due_sessions", return_value=stale):
        run = joining_instructions_send_due(now=now)

    assert run.sent == [] and mail.outbox == []


def test_it_lists_a_session_inside_48_hours_without_instructions_as_late(cohort, sessions):
    now = FIRST - timedelta(hours=47, minutes=59)
    sooner = SessionFactory(cohort=cohort, starts_at=FIRST - timedelta(hours=2))
    SessionFactory(cohort=cohort, starts_at=FIRST - timedelta(hours=1), status="cancelled")
    already = SessionFactory(
        cohort=cohort, starts_at=FIRST - timedelta(hours=3), joining_instructions_sent_at=now
    )
    exactly_48 = SessionFactory(cohort=cohort, starts_at=FIRST + timedelta(minutes=1))

    late = set(late_instructions(Session.objects.all(), now=now).values_list("pk", flat=True))

    assert late == {sessions[0].pk, sooner.pk}
    assert already.pk not in late and exactly_48.pk not in late
    assert sessions[1].pk not in late


def test_it_does_not_list_a_session_exactly_48_hours_away(cohort, sessions):
    late = late_instructions(Session.objects.all(), now=FIRST - timedelta(hours=48))

    assert not late.exists()


def test_it_does_not_list_a_session_that_has_started(cohort, sessions):
    assert not late_instructions(Session.objects.all(), now=FIRST).filter(pk=sessions[0].pk)


def test_the_command_prints_what_it_sent(cohort, sessions):
    out = StringIO()
    with at(timedelta(hours=60)):
        call_command("send_joining_instructions", stdout=out)
        assert out.getvalue().strip() == "1 session(s), 3 email(s) sent."

        out = StringIO()
        call_command("send_joining_instructions", stdout=out)
    assert out.getvalue().strip() == "0 session(s), 0 email(s) sent."


def test_the_task_sends_through_the_same_job(cohort, sessions):
    with at(timedelta(hours=60)):
        result = send_joining_instructions.delay()

    assert result.get() == [sessions[0].pk]
    assert len(mail.outbox) == 3


def test_a_failed_send_unclaims_the_session_for_the_next_run(cohort, sessions):
    with at(timedelta(hours=60)):
        with (
            mock.patch(
                "django.core.mail.backends.locmem.EmailBackend.send_messages",
                side_effect=OSError("SMTP connection refused"),
            ),
            pytest.raises(OSError),
        ):
            joining_instructions_send_due()

        assert sent_at(sessions[0]) is None
        assert mail.outbox == []

        run = joining_instructions_send_due()

    assert run.sent == [sessions[0].pk]
    assert len(mail.outbox) == 3


# The participant's calendar (.ics) from the link in the instructions.


def calendar_url(participant) -> str:
    return f"/my/calendar/{participant_token(participant, 'calendar')}.ics"


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_participant_calendar_is_a_valid_ics_with_every_session(client, cohort, sessions):
    participant = cohort.memberships.first().participant

    response = client.get(calendar_url(participant))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="peer-networks.ics"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.endswith("\r\n")
    lines = unfold(text)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 8
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 8
    assert f"UID:session-{sessions[0].pk}@peernetworks" in uids
    # 09:30 BST is 08:30 UTC; the November sessions are GMT.
    assert "DTSTART:20210907T083000Z" in lines
    assert "DTEND:20210907T113000Z" in lines
    assert "DTSTART:20211102T093000Z" in lines
    assert "SUMMARY:Peer Networks: Manchester Makers\\, session 1" in lines
    assert "LOCATION:https://zoom.example/j/98765" in lines
    assert all(":" in line for line in lines)


def test_the_calendar_marks_a_cancelled_session(client, cohort, sessions):
    Session.objects.filter(pk=sessions[4].pk).update(status="cancelled")
    participant = cohort.memberships.first().participant

    lines = unfold(client.get(calendar_url(participant)).content.decode())

    assert lines.count("STATUS:CANCELLED") == 1
    assert lines.count("STATUS:CONFIRMED") == 7


def test_the_calendar_keeps_its_uids_when_a_session_moves(client, cohort, sessions):
    participant = cohort.memberships.first().participant
    before = [line for line in unfold(client.get(calendar_url(participant)).content.decode())]
    session = Session.objects.get(pk=sessions[2].pk)
    session_save(
        cohort=cohort,
        starts_at=session.starts_at + timedelta(days=1),
        duration_hours=session.duration_hours,
        session=session,
    )

    after = unfold(client.get(calendar_url(participant)).content.decode())

    assert [x for x in before if x.startswith("UID:")] == [x for x in after if x.startswith("UID:")]


def test_a_tampered_calendar_link_is_not_found(client, cohort, sessions):
    token = participant_token(cohort.memberships.first().participant, "calendar")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert client.get(f"/my/calendar/{tampered}.ics").status_code == 404
    assert client.get("/my/calendar/not-a-token.ics").status_code == 404


def test_a_link_for_another_purpose_is_not_a_calendar_link(client, cohort, sessions):
    participant = cohort.memberships.first().participant
    token = participant_token(participant, "survey")

    assert client.get(f"/my/calendar/{token}.ics").status_code == 404


def test_the_calendar_of_someone_without_a_cohort_is_not_found(client, hub, programme_year):
    assert client.get(calendar_url(ready_participant(hub))).status_code == 404


def test_a_moved_participant_gets_the_new_cohorts_calendar(
    client, cohort, sessions, programme_year, hub
):
    participant = cohort.memberships.first().participant
    elsewhere = CohortFactory(hub=hub, programme_year=programme_year, name="Salford Starters")
    fortnightly_schedule(elsewhere, first=FIRST + timedelta(days=1), lengths=[6, 6, 6])
    with time_machine.travel(datetime(2021, 8, 25, tzinfo=LONDON), tick=False):
        participant_move(
            participant=participant, to_cohort=elsewhere, reason=MoveReason.PERSONALITY_CONFLICT
        )

    text = client.get(calendar_url(participant)).content.decode()

    assert text.count("BEGIN:VEVENT") == 3
    assert "Salford Starters" in text


def test_each_session_follows_its_own_years_notice(cohort, sessions, hub):
    """PY-1: a later year with a 72-hour notice does not move the earlier year's sessions."""
    later = ProgrammeYearFactory(
        name="2022/23",
        start=date(2022, 4, 1),
        end=date(2023, 3, 31),
        joining_instructions_notice_hours=72,
    )
    later_cohort = CohortFactory(hub=hub, programme_year=later, name="Later")
    later_first = SessionFactory(
        cohort=later_cohort, number=1, starts_at=FIRST + timedelta(hours=20)
    )
    # The 2021/22 session is due up to 48 + 24 hours ahead, the 2022/23 one up to 72 + 24.
    with at(timedelta(hours=71)):
        due = {session.pk for session in due_sessions(timezone.now())}
    assert sessions[0].pk in due and later_first.pk in due
    with at(timedelta(hours=73)):
        due = {session.pk for session in due_sessions(timezone.now())}
    assert sessions[0].pk not in due and later_first.pk in due


def test_the_calendar_escapes_and_folds_text_typed_by_people(cohort, sessions):
    """RFC 5545: CR and LF are escaped, not written raw (they would start a new property);
    lines are folded at 75 octets; the calendar's name is escaped like any text."""
    cohort.name = "Makers\r\nX-INJECTED:yes; a, b \\ c " + "é" * 60
    cohort.joining_link = ""
    cohort.venue = "Unit 4\rMill Lane\nManchester " + "long " * 40
    body = series_calendar(cohort=cohort, sessions=sessions, now=FIRST)
    raw_lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    assert not any(line.startswith("X-INJECTED") for line in unfold(body))
    assert all("\r" not in line and "\n" not in line for line in raw_lines)
    parsed = Calendar.from_ical(body)
    name = cohort.name.replace("\r\n", "\n")
    assert "X-WR-CALNAME:Peer Networks: Makers\\nX-INJECTED:yes\\; a\\, b" in unfold(body)[4]
    events = parsed.walk("VEVENT")
    assert str(events[0]["LOCATION"]) == cohort.venue.replace("\r", "\n")
    assert str(events[0]["SUMMARY"]) == f"Peer Networks: {name}, session 1"
