"""Group sessions (SPEC §6 SES): the schedule, attendance and quality observations.

By concern: topics (`topics`), the sessions themselves (`session`), attendance and absence
follow-ups (`attendance`), quality observations (`observations`), and what the facilitator
portal records: attendance, notes, action cards, absences, referrals (`attendance`, `notes`,
`support`)."""

from .attendance import (
    ATTENDED_STATUSES,
    AbsenceFollowUp,
    Attendance,
    AttendanceChange,
    AttendanceStatus,
)
from .notes import ActionCard, PresenterNote, ReportBackStatus, SessionNote
from .observations import Observation, ObservationMethod
from .session import Session, SessionStatus
from .support import DisengagementOutcome, DisengagementReport, SupportReferral
from .topics import Topic

__all__ = [
    "ATTENDED_STATUSES",
    "AbsenceFollowUp",
    "ActionCard",
    "Attendance",
    "AttendanceChange",
    "AttendanceStatus",
    "DisengagementOutcome",
    "DisengagementReport",
    "Observation",
    "ObservationMethod",
    "PresenterNote",
    "ReportBackStatus",
    "Session",
    "SessionNote",
    "SessionStatus",
    "SupportReferral",
    "Topic",
]
