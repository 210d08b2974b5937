"""The core's models: the programme's structure, users and task outbox (`programme`) and the
audit trail (`audit`), all registered under the peernetworks app."""

from .audit import AuditAction, AuditEvent
from .programme import (
    DEFAULT_CHARTER_TEXT,
    HOURS,
    STAFF_SITE_ROLES,
    Cluster,
    GrowthHub,
    HubYear,
    PendingTask,
    ProgrammeYear,
    Role,
    User,
    YearStatus,
)

__all__ = [
    "DEFAULT_CHARTER_TEXT",
    "HOURS",
    "STAFF_SITE_ROLES",
    "AuditAction",
    "AuditEvent",
    "Cluster",
    "GrowthHub",
    "HubYear",
    "PendingTask",
    "ProgrammeYear",
    "Role",
    "User",
    "YearStatus",
]
