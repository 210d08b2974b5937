"""Personal links for participants: signed, unguessable, no account (SPEC §1)."""

from django.core import signing

from .models import Participant


def participant_token(participant: Participant, purpose: str, *extra) -> str:
    """A token naming one participant (and optionally one more object) for one purpose."""
    return signing.dumps(
        [participant.pk, *extra], salt=f"participant-link:{purpose}", compress=True
    )


class LinkGone(signing.SignatureExpired):
    """A genuine link of a participant whose data was erased (GDPR-3): gone for good (410)."""


def participant_from_token(token: str, purpose: str, *, max_age=None) -> tuple[Participant, list]:
    """The participant a token names, and its extra values. Raises signing.BadSignature
    (tampered), signing.SignatureExpired (too old) or LinkGone (erased, itself a kind of
    SignatureExpired); a removed participant is DoesNotExist."""
    pk, *extra = signing.loads(token, salt=f"participant-link:{purpose}", max_age=max_age)
    participant = Participant.objects.select_related("business__hub", "programme_year").get(pk=pk)
    if participant.is_erased:
        raise LinkGone("This participant's data was erased.")
    return participant, extra
