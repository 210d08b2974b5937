"""The pages of group sessions, by concern: hub staff's cohort pages (`cohorts`), the schedule
(`schedule`), quality observations (`observations`), the calendar downloads (`calendar`) and
the facilitator portal (`portal`)."""

from .calendar import cohort_calendar, participant_calendar
from .cohorts import cohort_allocate, cohort_detail, cohort_list
from .observations import observation_book_view, observation_complete_view
from .portal import (
    disengagement_review,
    follow_up_close,
    participant_disengaged,
    participant_refer,
    portal_cohort,
    portal_home,
    referral_acknowledge,
    session_attendance_save,
    session_detail,
    session_notes_save,
    session_report_back_save,
)
from .schedule import (
    cohort_schedule_confirm,
    schedule_generate,
    session_cancel_view,
    session_edit,
)

__all__ = [
    "cohort_allocate",
    "cohort_calendar",
    "cohort_detail",
    "cohort_list",
    "cohort_schedule_confirm",
    "disengagement_review",
    "follow_up_close",
    "observation_book_view",
    "observation_complete_view",
    "participant_calendar",
    "participant_disengaged",
    "participant_refer",
    "portal_cohort",
    "portal_home",
    "referral_acknowledge",
    "schedule_generate",
    "session_attendance_save",
    "session_cancel_view",
    "session_detail",
    "session_edit",
    "session_notes_save",
    "session_report_back_save",
]
