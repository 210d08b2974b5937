"""The emails participants get from the feedback app: each a pair of templates under
templates/emails/, with the footer every one carries.
"""

from django.urls import reverse

from participants.links import home_token
from participants.models import Participant
from peernetworks.emails import email_message, site_url
from peernetworks.units import LONDON
from sessions.models import Session

from ..models import (
    SurveyKind,
)
from ..rules import (
    feedback_token,
    survey_token,
)


def link_url(name: str, *args) -> str:
    return site_url(reverse(name, args=args))


def session_day(session: Session) -> str:
    return f"{session.starts_at.astimezone(LONDON):%A %-d %B %Y}"


def send_participant_email(
    participant: Participant, subject: str, name: str, context: dict, connection
) -> int:
    """One of the participant emails (templates/emails/<name>), with the footer every one
    carries: the link's lifetime, their own page and their hub."""
    context = {
        "participant": participant,
        "link_days": participant.programme_year.feedback_link_days,
        "home_url": link_url("my:home", home_token(participant)),
        "hub_name": participant.business.hub.name,
        **context,
    }
    message = email_message(
        name, context, subject=subject, to=[participant.email], connection=connection
    )
    return message.send()


def feedback_email_context(session: Session, participant: Participant, *, reminder: bool):
    return {
        "session": session,
        "session_day": session_day(session),
        "reminder": reminder,
        "link": link_url("my:feedback-form", feedback_token(participant, session)),
    }


SURVEY_SUBJECTS = {
    SurveyKind.BASELINE: "Your Peer Networks baseline survey",
    SurveyKind.EXIT: "Your Peer Networks exit survey",
    SurveyKind.DROP_OUT: "Your views on Peer Networks",
}
SURVEY_INTROS = {
    SurveyKind.BASELINE: "As you start Peer Networks, please tell us where your business is "
    "today. Your answers help show what difference the programme makes.",
    SurveyKind.EXIT: "Your cohort has finished its group sessions. Please answer the same "
    "questions as when you started, so we can see what has changed.",
    SurveyKind.DROP_OUT: "We are sorry you have left Peer Networks. A few questions about why "
    "would help us improve the programme for others.",
}


def survey_email_context(participant: Participant, kind: str, *, reminder: bool) -> dict:
    return {
        "intro": SURVEY_INTROS[kind],
        "reminder": reminder,
        "link": link_url("my:survey-form", kind, survey_token(participant, kind)),
    }
