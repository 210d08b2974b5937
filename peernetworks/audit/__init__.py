"""The audit trail (SPEC §10 GDPR-5): the one place that records AuditEvents.

- Who is acting (`context`): `acting_as(...)`, the request middleware, the Celery task signals
  and `command_actor` for management commands; outside all of them the actor is "system".
- What is recorded (`recording`): receivers for the models that declare `AUDITED = True`
  (peernetworks.personal_data), one event per create, update and delete, and AuditedQuerySet
  for the bulk paths; `record_export` / `record_erasure` for exports and erasures.
- What may be stored (`values`): no personal values ever, only the names of the fields that
  changed and the values of fields that are not personal data.
- Which hub (`hubs`): each event's hub, through the model's HUB_SCOPE path.

The receivers are connected by the app's ready() (`connect`). The audit trail page is `views`.
"""

from ..personal_data import audited_models
from .context import (
    AuditActorMiddleware,
    AuditContext,
    acting_as,
    command_actor,
    task_finished,
    task_started,
)
from .hubs import hub_ids
from .recording import (
    AuditedManager,
    AuditedQuerySet,
    connect,
    record_erasure,
    record_export,
)
from .values import describe, value_is_storable

__all__ = [
    "AuditActorMiddleware",
    "AuditContext",
    "AuditedManager",
    "AuditedQuerySet",
    "acting_as",
    "audited_models",
    "command_actor",
    "connect",
    "describe",
    "hub_ids",
    "record_erasure",
    "record_export",
    "task_finished",
    "task_started",
    "value_is_storable",
]
