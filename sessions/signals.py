"""Signals the sessions services send explicitly, for the apps above to act on."""

from django.dispatch import Signal

# A session was marked delivered, or its attendance corrected (keyword `session`): sent inside
# the transaction that saved the attendance.
session_delivered = Signal()

# A participant dropped out (keyword `participant`), inside the transaction that recorded it.
participant_dropped_out = Signal()
