"""What the quality app does when a lower app announces something (connected in apps.py).
Each receiver calls one service."""

from django.dispatch import receiver

from feedback.signals import feedback_submitted

from .services import quality_item_open_for_low_feedback


@receiver(feedback_submitted, dispatch_uid="quality.open_item_for_low_feedback")
def open_item_for_low_feedback(sender, *, feedback, **kwargs) -> None:
    """QM-3: a low satisfaction score opens an item for the hub to review (once)."""
    quality_item_open_for_low_feedback(feedback=feedback)
