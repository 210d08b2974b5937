"""Two-factor sign-in for staff accounts: who must use it and its enforcement (`middleware`),
their devices and backup codes (`devices`), and the pages (`forms`, `views`, `urls`)."""

from .devices import BACKUP_CODE_COUNT, mfa_backup_codes_issue
from .middleware import OPEN_NAMESPACES, OPEN_VIEWS, StaffTwoFactorMiddleware, mfa_required_for

__all__ = [
    "BACKUP_CODE_COUNT",
    "OPEN_NAMESPACES",
    "OPEN_VIEWS",
    "StaffTwoFactorMiddleware",
    "mfa_backup_codes_issue",
    "mfa_required_for",
]
