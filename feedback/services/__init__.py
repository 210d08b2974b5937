"""Writes for feedback and surveys (SPEC §8 SUR): questions, responses, and the emails.

Every email job is idempotent: a row is claimed with an optimistic `update()` before its email
goes, and un-claimed if sending fails, so a re-run or an overlapping run never sends twice.
"""

from .emails import (
    SURVEY_INTROS,
    SURVEY_SUBJECTS,
    feedback_email_context,
    link_url,
    send_participant_email,
    session_day,
    survey_email_context,
)
from .feedback import (
    feedback_may_answer,
    session_feedback_invite,
    session_feedback_links_send,
    session_feedback_submit,
)
from .questions import (
    survey_questions_copy,
    survey_questions_for,
    survey_questions_seed_defaults,
)
from .reminders import (
    ReminderRun,
    reminders_send_due,
)
from .surveys import (
    survey_invitation_send,
    survey_invite,
    survey_may_answer,
    survey_start,
    survey_submit,
)

__all__ = [
    "ReminderRun",
    "SURVEY_INTROS",
    "SURVEY_SUBJECTS",
    "feedback_email_context",
    "feedback_may_answer",
    "link_url",
    "reminders_send_due",
    "send_participant_email",
    "session_day",
    "session_feedback_invite",
    "session_feedback_links_send",
    "session_feedback_submit",
    "survey_email_context",
    "survey_invitation_send",
    "survey_invite",
    "survey_may_answer",
    "survey_questions_copy",
    "survey_questions_for",
    "survey_questions_seed_defaults",
    "survey_start",
    "survey_submit",
]
