"""Participants' personal links (SPEC §1, SUR-1) and the feedback rules as plain functions.

Links are made by `participants.links.participant_token` (Django signing): unguessable, bound
to one purpose, naming one participant and, for feedback, one session; for a survey, its kind.
They expire after the programme year's `feedback_link_days` (14 by default). Opening a link
never trusts anything in it but what the signature covers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Max, Min

from peernetworks.models import ProgrammeYear

from .links import participant_token
from .models import Participant, SurveyKind

HOME = "my"
FEEDBACK = "feedback"
SURVEY = "survey"


class LinkInvalid(Exception):
    """Tampered, made for another page, or for a record that no longer exists."""


class LinkExpired(LinkInvalid):
    """Genuine, but older than the programme year's link lifetime."""


def link_lifetime(participant: Participant) -> timedelta:
    return timedelta(days=participant.programme_year.feedback_link_days)


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


def home_token(participant: Participant) -> str:
    return participant_token(participant, HOME)


def feedback_token(participant: Participant, session) -> str:
    return participant_token(participant, FEEDBACK, session.pk)


def survey_token(participant: Participant, kind: str) -> str:
    return participant_token(participant, SURVEY, str(kind))


def _salt(purpose: str) -> str:
    # The salt `participant_token` signs with: a token made for one purpose opens no other.
    return f"participant-link:{purpose}"


@dataclass(frozen=True)
class OpenedLink:
    participant: Participant
    extra: list


def link_open(token: str, purpose: str, *, extra_types: tuple = ()) -> OpenedLink:
    """The participant (with business, hub and programme year) and extra values a link names.

    Raises LinkInvalid for a bad signature, a malformed payload or a removed participant, and
    LinkExpired for a genuine link older than the participant's programme year allows.
    """
    try:
        payload = signing.loads(token, salt=_salt(purpose))
        pk, *extra = payload
        if not isinstance(pk, int) or len(extra) != len(extra_types):
            raise ValueError("unexpected payload")
        if not all(isinstance(v, t) for v, t in zip(extra, extra_types, strict=True)):
            raise ValueError("unexpected payload")
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid from error
    participant = (
        Participant.objects.select_related("business__hub", "programme_year").filter(pk=pk).first()
    )
    if participant is None:
        raise LinkInvalid
    if participant.is_erased:
        raise LinkExpired  # GDPR-3: gone for good, and nothing more is accepted through it
    try:
        signing.loads(token, salt=_salt(purpose), max_age=link_lifetime(participant))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    return OpenedLink(participant, extra)


def feedback_link_open(token: str) -> tuple[Participant, int]:
    opened = link_open(token, FEEDBACK, extra_types=(int,))
    return opened.participant, opened.extra[0]


def survey_link_open(token: str, kind: str) -> Participant:
    """The URL's kind must be the one the link was made for: a baseline link opens no other."""
    opened = link_open(token, SURVEY, extra_types=(str,))
    if opened.extra[0] != kind or kind not in SurveyKind.values:
        raise LinkInvalid
    return opened.participant


def home_link_open(token: str) -> Participant:
    return link_open(token, HOME).participant


# Rules (plain values in and out) -------------------------------------------------------------


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
