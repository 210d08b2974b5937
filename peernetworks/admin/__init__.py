"""The core's admin pages. Django's admin autodiscovery imports this package only, so each
module is imported here for its `@admin.register` (and the two-factor devices' registration) to
run. Other apps build their admin pages on `peernetworks.admin.scoping.ScopedAdmin`."""

from . import (
    audit,  # the audit trail, read-only (GDPR-5)
    mfa,  # two-factor devices: reset by the national coordinator
    outbox,  # tasks kept for later: system administrators
    programme,  # programme years, hubs, clusters and users
    scoping,  # ScopedAdmin, the base of every scoped admin page
)

__all__ = ["audit", "mfa", "outbox", "programme", "scoping"]
