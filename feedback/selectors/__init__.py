"""Reads for feedback and surveys (SUR): a participant's own page, the jobs' work lists, and the
staff reports. Staff reads go through the one access scope (`scope_to_hub`); every report is
a fixed number of grouped queries, however many cohorts, sessions and responses there are.
"""

from .cohorts import (
    completed_cohort_ids,
    current_cohort,
    participant_exit_due,
)
from .jobs import (
    feedback_invitations_to_remind,
    longest_link_lifetime,
    participants_due_survey,
    sessions_missing_feedback_links,
    survey_responses_to_remind,
)
from .participant import (
    ParticipantPage,
    SessionLine,
    participant_page,
)
from .reports import (
    ANY_YEAR,
    MEANS,
    CohortRates,
    FeedbackOverview,
    Means,
    Series,
    SessionRates,
    cohort_session_rates,
    feedback_comments,
    feedback_for,
    feedback_overview,
    survey_responses_for,
    survey_topic_changes,
)

__all__ = [
    "ANY_YEAR",
    "CohortRates",
    "FeedbackOverview",
    "MEANS",
    "Means",
    "ParticipantPage",
    "Series",
    "SessionLine",
    "SessionRates",
    "cohort_session_rates",
    "completed_cohort_ids",
    "current_cohort",
    "feedback_comments",
    "feedback_for",
    "feedback_invitations_to_remind",
    "feedback_overview",
    "longest_link_lifetime",
    "participant_exit_due",
    "participant_page",
    "participants_due_survey",
    "sessions_missing_feedback_links",
    "survey_responses_for",
    "survey_responses_to_remind",
    "survey_topic_changes",
]
