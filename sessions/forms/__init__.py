"""The forms of group sessions, by concern: the schedule, quality observations and the
facilitator portal."""

from .observations import ObservationBookingForm, ObservationCompleteForm
from .portal import (
    AttendanceForm,
    DisengagementDecisionForm,
    DisengagementForm,
    FollowUpCloseForm,
    ReportBackForm,
    SessionNoteForm,
    SupportReferralForm,
)
from .schedule import ScheduleGeneratorForm, SessionForm

__all__ = [
    "AttendanceForm",
    "DisengagementDecisionForm",
    "DisengagementForm",
    "FollowUpCloseForm",
    "ObservationBookingForm",
    "ObservationCompleteForm",
    "ReportBackForm",
    "ScheduleGeneratorForm",
    "SessionForm",
    "SessionNoteForm",
    "SupportReferralForm",
]
