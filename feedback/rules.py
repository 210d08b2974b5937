"""Feedback and survey rules as plain functions (SUR-1, SUR-5), and their personal links.

Feedback and survey links are participants' personal links (`participants.links`) made for
one session's feedback or one kind of survey.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Min

from participants.links import LinkInvalid, link_open, participant_token
from participants.models import Participant
from peernetworks.models import ProgrammeYear

from .models import SurveyKind

FEEDBACK = "feedback"
SURVEY = "survey"


@dataclass(frozen=True)
class ReminderLimits:
    """SUR-5: how many reminders, and how far apart (a programme year's
    `survey_reminders_max` and `survey_reminder_gap_days`)."""

    max_reminders: int
    gap: timedelta


def reminder_limits(year: ProgrammeYear) -> ReminderLimits:
    return ReminderLimits(year.survey_reminders_max, timedelta(days=year.survey_reminder_gap_days))


def loosest_reminder_limits() -> ReminderLimits:
    """The most reminders and the shortest gap of any programme year: what the reminder job
    reads rows by, before applying each participant's own year (`reminder_limits`)."""
    found = ProgrammeYear.objects.aggregate(
        most=Max("survey_reminders_max"), shortest=Min("survey_reminder_gap_days")
    )
    default = ProgrammeYear()
    return ReminderLimits(
        found["most"] if found["most"] is not None else default.survey_reminders_max,
        timedelta(days=found["shortest"] or default.survey_reminder_gap_days),
    )


def feedback_token(participant: Participant, session) -> str:
    return participant_token(participant, FEEDBACK, session.pk)


def survey_token(participant: Participant, kind: str) -> str:
    return participant_token(participant, SURVEY, str(kind))


def feedback_link_open(token: str) -> tuple[Participant, int]:
    opened = link_open(token, FEEDBACK, extra_types=(int,))
    return opened.participant, opened.extra[0]


def survey_link_open(token: str, kind: str) -> Participant:
    """The URL's kind must be the one the link was made for: a baseline link opens no other."""
    opened = link_open(token, SURVEY, extra_types=(str,))
    if opened.extra[0] != kind or kind not in SurveyKind.values:
        raise LinkInvalid
    return opened.participant


def feedback_period_open(*, sent_at: datetime | None, now: datetime, lifetime: timedelta) -> bool:
    """SUR-1: feedback on a session is open for the link lifetime from the emailed link (day 14
    still open, day 15 closed). Reminder links close with the first link."""
    return sent_at is not None and now <= sent_at + lifetime


def reminder_due(
    *,
    first_sent_at: datetime | None,
    last_reminded_at: datetime | None,
    reminders_sent: int,
    now: datetime,
    max_reminders: int,
    gap: timedelta,
) -> bool:
    """SUR-5: at most `max_reminders`, each at least `gap` after the previous email."""
    if first_sent_at is None or reminders_sent >= max_reminders:
        return False
    return now - (last_reminded_at or first_sent_at) >= gap
