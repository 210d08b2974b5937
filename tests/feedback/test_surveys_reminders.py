"""SUR-5: the daily job invites participants to the surveys due and reminds them of unanswered
feedback and unfinished surveys: at most the programme year's number of reminders (two by
default), its number of days apart (three), never feedback reminders to someone who dropped
out, nothing twice."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from feedback.models import SurveyResponse
from feedback.rules import ReminderLimits, loosest_reminder_limits, reminder_due, reminder_limits
from feedback.services import (
    reminders_send_due,
    session_feedback_links_send,
    session_feedback_submit,
    survey_questions_for,
    survey_submit,
)
from peernetworks.models import ProgrammeYear
from tests.feedback.factories import LONDON, completed_cohort, delivered_session
from tests.peernetworks.factories import GrowthHubFactory, ProgrammeYearFactory

pytestmark = pytest.mark.django_db

DAY0 = datetime(2021, 9, 7, 18, 0, tzinfo=LONDON)


def run_on(day: int, hours: int = 0):
    with time_machine.travel(DAY0 + timedelta(days=day, hours=hours), tick=False):
        return reminders_send_due()


def subjects(mailoutbox, start: str) -> list[str]:
    return [m.to[0] for m in mailoutbox if m.subject.startswith(start)]


@pytest.fixture
def links_sent(hub, mailoutbox):
    session, participants = delivered_session(hub=hub, members=3)
    with time_machine.travel(DAY0, tick=False):
        session_feedback_links_send(session_id=session.pk)
    return session, participants


def test_it_reminds_of_unanswered_feedback_at_most_twice_three_days_apart(links_sent, mailoutbox):
    session, (ann, bob, carl) = links_sent
    with time_machine.travel(DAY0 + timedelta(days=1), tick=False):
        session_feedback_submit(
            participant=ann, session=session, satisfaction=5, relevance=5, facilitation=5
        )
    reminders = [run_on(day).feedback_reminders for day in (1, 2, 3)]
    assert reminders == [0, 0, 2]
    assert run_on(3, hours=1).feedback_reminders == 0  # the same day again: nothing
    assert run_on(5).feedback_reminders == 0  # under three days since the first reminder
    assert run_on(6).feedback_reminders == 2
    assert [run_on(day).feedback_reminders for day in (9, 12, 14)] == [0, 0, 0]
    sent = subjects(mailoutbox, "Reminder: your feedback")
    assert sorted(sent) == sorted([bob.email, carl.email] * 2)
    assert ann.email not in sent


def test_it_never_reminds_a_dropped_out_participant_of_feedback(links_sent, mailoutbox):
    _, (ann, bob, carl) = links_sent
    bob.dropped_out_on = date(2021, 9, 8)
    bob.save()
    run_on(3)
    run_on(6)
    sent = subjects(mailoutbox, "Reminder: your feedback")
    assert bob.email not in sent
    assert sorted(sent) == sorted([ann.email, carl.email] * 2)


def test_it_sends_no_feedback_reminder_after_the_feedback_period(links_sent, mailoutbox):
    assert run_on(15).feedback_reminders == 0
    assert subjects(mailoutbox, "Reminder: your feedback") == []


def test_it_invites_to_the_baseline_survey_once_and_reminds_twice(hub, mailoutbox):
    _, (ann, bob) = delivered_session(hub=hub, members=2)
    first = run_on(0)
    assert first.survey_invitations == 2
    assert run_on(0, hours=2).survey_invitations == 0
    questions = survey_questions_for(ann.programme_year, "baseline")
    with time_machine.travel(DAY0 + timedelta(days=1), tick=False):
        survey_submit(
            participant=ann,
            kind="baseline",
            answers={q.pk: 3 for q in questions},
            employees=5,
            turnover_gbp=200_000,
        )
    assert [run_on(day).survey_reminders for day in (2, 3, 4, 6, 9)] == [0, 1, 0, 1, 0]
    invited = subjects(mailoutbox, "Your Peer Networks baseline survey")
    assert sorted(invited) == sorted([ann.email, bob.email])
    assert subjects(mailoutbox, "Reminder: Your Peer Networks baseline survey") == [bob.email] * 2
    assert SurveyResponse.objects.get(participant=bob).reminders_sent == 2


def test_it_switches_a_dropped_out_participant_to_the_drop_out_survey(hub, mailoutbox):
    _, (ann,) = delivered_session(hub=hub, members=1)
    run_on(0)
    ann.dropped_out_on = date(2021, 9, 8)
    ann.save()
    run = run_on(3)
    assert (run.survey_invitations, run.survey_reminders) == (1, 0)
    assert subjects(mailoutbox, "Your views on Peer Networks") == [ann.email]
    assert run_on(6).survey_reminders == 1
    assert subjects(mailoutbox, "Reminder: Your views on Peer Networks") == [ann.email]
    assert subjects(mailoutbox, "Reminder: Your Peer Networks baseline survey") == []


def test_it_invites_to_the_exit_survey_when_the_cohort_completes(hub, mailoutbox):
    _, (ann, bob) = completed_cohort(hub=hub)
    run_on(10)
    assert sorted(subjects(mailoutbox, "Your Peer Networks exit survey")) == sorted(
        [ann.email, bob.email]
    )


def test_it_emails_nobody_from_a_programme_year_that_has_ended(hub, mailoutbox):
    delivered_session(hub=hub, members=2)
    with time_machine.travel(datetime(2022, 6, 1, 9, 0, tzinfo=LONDON), tick=False):
        run = reminders_send_due()
    assert (run.survey_invitations, run.survey_reminders, run.feedback_links) == (0, 0, 0)
    assert mailoutbox == []


def test_it_runs_as_a_management_command(hub, mailoutbox):
    delivered_session(hub=hub, members=1)
    out = StringIO()
    with time_machine.travel(DAY0, tick=False):
        call_command("send_survey_reminders", stdout=out)
        call_command("send_survey_reminders", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    assert first.startswith("1 feedback link(s), 1 survey invitation(s)")
    assert second.startswith("0 feedback link(s), 0 survey invitation(s)")


def test_it_bounds_reminders_as_plain_values():
    sent = DAY0
    three = timedelta(days=3)
    limits = {"max_reminders": 2, "gap": three}
    assert not reminder_due(
        first_sent_at=None, last_reminded_at=None, reminders_sent=0, now=sent, **limits
    )
    assert not reminder_due(
        first_sent_at=sent, last_reminded_at=None, reminders_sent=0, now=sent + three / 2, **limits
    )
    assert reminder_due(
        first_sent_at=sent, last_reminded_at=None, reminders_sent=0, now=sent + three, **limits
    )
    assert not reminder_due(
        first_sent_at=sent,
        last_reminded_at=sent + three,
        reminders_sent=1,
        now=sent + 2 * three - timedelta(seconds=1),
        **limits,
    )
    assert not reminder_due(
        first_sent_at=sent,
        last_reminded_at=sent + three,
        reminders_sent=2,
        now=sent + 9 * three,
        **limits,
    )


def test_it_takes_the_limits_as_values():
    sent = DAY0
    assert not reminder_due(
        first_sent_at=sent,
        last_reminded_at=None,
        reminders_sent=0,
        now=sent + timedelta(days=9),
        max_reminders=0,
        gap=timedelta(days=3),
    )
    assert reminder_due(
        first_sent_at=sent,
        last_reminded_at=sent + timedelta(days=1),
        reminders_sent=2,
        now=sent + timedelta(days=2),
        max_reminders=3,
        gap=timedelta(days=1),
    )


def test_the_default_limits_are_two_reminders_three_days_apart():
    assert reminder_limits(ProgrammeYear()) == ReminderLimits(2, timedelta(days=3))


def test_it_reminds_as_the_participants_programme_year_says(mailoutbox):
    """SUR-5: a year with one reminder, two days apart."""
    ProgrammeYearFactory(survey_reminders_max=1, survey_reminder_gap_days=2)
    hub = GrowthHubFactory(slug="gm")
    session, participants = delivered_session(hub=hub, members=2)
    with time_machine.travel(DAY0, tick=False):
        session_feedback_links_send(session_id=session.pk)
    runs = [run_on(day) for day in (1, 2, 3, 4, 6)]
    assert [run.feedback_reminders for run in runs] == [0, 2, 0, 0, 0]
    assert [run.survey_invitations for run in runs] == [2, 0, 0, 0, 0]
    assert [run.survey_reminders for run in runs] == [0, 0, 2, 0, 0]


def test_it_reads_rows_by_the_loosest_year_and_reminds_by_each_participants_own(mailoutbox):
    ProgrammeYearFactory(survey_reminders_max=2, survey_reminder_gap_days=3)
    ProgrammeYearFactory(
        name="2020/21",
        start=date(2020, 4, 1),
        end=date(2021, 3, 31),
        survey_reminders_max=4,
        survey_reminder_gap_days=1,
    )
    assert loosest_reminder_limits() == ReminderLimits(4, timedelta(days=1))
    hub = GrowthHubFactory(slug="gm")
    session, participants = delivered_session(hub=hub, members=1)
    with time_machine.travel(DAY0, tick=False):
        session_feedback_links_send(session_id=session.pk)
    # 2021/22's participant: three days apart, twice, despite 2020/21's looser numbers.
    reminders = [run_on(day).feedback_reminders for day in (1, 2, 3, 4, 5, 6, 9)]
    assert reminders == [0, 0, 1, 0, 0, 1, 0]
