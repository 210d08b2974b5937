"""What the feedback app does when a lower app announces something (connected in apps.py).
Each receiver calls one service."""

from django.dispatch import receiver

from peernetworks.signals import programme_year_started
from sessions.signals import participant_dropped_out, session_delivered

from .models import SurveyKind
from .services import session_feedback_invite, survey_invite, survey_questions_copy


@receiver(programme_year_started, dispatch_uid="feedback.copy_survey_questions")
def copy_survey_questions(sender, *, year, from_year, **kwargs) -> None:
    """PY-4: the new year starts with the earlier year's survey questions, for editing."""
    survey_questions_copy(from_year=from_year, to_year=year)


@receiver(session_delivered, dispatch_uid="feedback.invite_attendees")
def invite_attendees(sender, *, session, **kwargs) -> None:
    """SUR-1: every attendee gets their feedback link once."""
    session_feedback_invite(session=session)


@receiver(participant_dropped_out, dispatch_uid="feedback.invite_to_drop_out_survey")
def invite_to_drop_out_survey(sender, *, participant, **kwargs) -> None:
    """SUR-4: a participant who drops out is asked why, in the drop-out survey."""
    survey_invite(participant=participant, kind=SurveyKind.DROP_OUT)
