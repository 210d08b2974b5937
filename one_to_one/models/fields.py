"""What the one-to-one models share: their hub scope, and the foreign keys to the participant,
to staff users and to providers."""

from django.conf import settings
from django.db import models

from participants.models import Participant
from peernetworks.models import Role

PARTICIPANT_HUB = "participant__business__hub"


def _participant_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(Participant, on_delete=models.PROTECT, related_name=related_name)


def _user_fk(**kwargs) -> models.ForeignKey:
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(settings.AUTH_USER_MODEL, **kwargs)


PROVIDERS_ONLY = {"role": Role.PROVIDER}
