"""Signals the feedback services send explicitly, for the apps above to act on."""

from django.dispatch import Signal

# A participant's feedback on a session was saved (keyword `feedback`): sent inside the
# transaction that saved it, so whatever a receiver writes commits or rolls back with it.
feedback_submitted = Signal()
