"""What the participants app does when the core announces something (connected in apps.py)."""

from django.dispatch import receiver

from peernetworks.signals import programme_year_started

from .services_feedback import survey_questions_copy


@receiver(programme_year_started, dispatch_uid="participants.copy_survey_questions")
def copy_survey_questions(sender, *, year, from_year, **kwargs) -> None:
    """PY-4: the new year starts with the earlier year's survey questions, for editing."""
    survey_questions_copy(from_year=from_year, to_year=year)
