"""Every write of group sessions, by concern: keyword-only services that validate
(`full_clean`) then save, in a transaction where more than one row changes. The rules they
apply are in sessions/schedule.py and sessions/attendance.py."""

from .attendance import (
    Mark,
    attendance_record,
)
from .disengagement import (
    disengagement_keep,
    disengagement_notify_hub,
    disengagement_report,
    support_referral_acknowledge,
    support_referral_create,
)
from .drop_out import (
    participant_drop_out,
)
from .follow_ups import (
    absence_follow_up_close,
)
from .joining_instructions import (
    JoiningInstructionsRun,
    calendar_url,
    joining_instructions_send_due,
)
from .notes import (
    PresenterEntry,
    action_card_report_back,
    action_cards_report_back,
    action_cards_save,
    session_note_save,
    topics_from_names,
)
from .observations import (
    observation_book,
    observation_complete,
    observation_notify_facilitator,
    observation_random_session,
)
from .schedule import (
    PlannedSession,
    cohort_mark_scheduled,
    cohort_schedule_total,
    schedule_preview,
    schedule_save,
    session_cancel,
    session_rescheduled_notify,
    session_save,
)

__all__ = [
    "JoiningInstructionsRun",
    "Mark",
    "PlannedSession",
    "PresenterEntry",
    "absence_follow_up_close",
    "action_card_report_back",
    "action_cards_report_back",
    "action_cards_save",
    "attendance_record",
    "calendar_url",
    "cohort_mark_scheduled",
    "cohort_schedule_total",
    "disengagement_keep",
    "disengagement_notify_hub",
    "disengagement_report",
    "joining_instructions_send_due",
    "observation_book",
    "observation_complete",
    "observation_notify_facilitator",
    "observation_random_session",
    "participant_drop_out",
    "schedule_preview",
    "schedule_save",
    "session_cancel",
    "session_note_save",
    "session_rescheduled_notify",
    "session_save",
    "support_referral_acknowledge",
    "support_referral_create",
    "topics_from_names",
]
