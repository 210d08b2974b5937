"""Personal links for participants: signed, unguessable, no account (SPEC §1).

A link names one participant and one purpose (their home page, a session's feedback, a survey,
a calendar), and may carry one more value. Opening a link trusts nothing in it but what the
signature covers; it expires after the participant's programme year's `feedback_link_days`,
and every link of an erased participant is gone for good (GDPR-3).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from .models import Participant

HOME = "my"


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


class LinkInvalid(Exception):
    """Tampered, made for another page, or for a record that no longer exists."""


class LinkExpired(LinkInvalid):
    """Genuine, but older than the programme year's link lifetime."""


def link_lifetime(participant: Participant) -> timedelta:
    return timedelta(days=participant.programme_year.feedback_link_days)


def home_token(participant: Participant) -> str:
    return participant_token(participant, HOME)


def _salt(purpose: str) -> str:
    # The salt `participant_token` signs with: a token made for one purpose opens no other.
    return f"participant-link:{purpose}"


@dataclass(frozen=True)
class OpenedLink:
    participant: Participant
    extra: list


def link_open(token: str, purpose: str, *, extra_types: tuple = ()) -> OpenedLink:
    """The participant (with business, hub and programme year) and extra values a link names.

    Raises LinkInvalid for a bad signature, a malformed payload or a removed participant, and
    LinkExpired for a genuine link older than the participant's programme year allows.
    """
    try:
        payload = signing.loads(token, salt=_salt(purpose))
        pk, *extra = payload
        if not isinstance(pk, int) or len(extra) != len(extra_types):
            raise ValueError("unexpected payload")
        if not all(isinstance(v, t) for v, t in zip(extra, extra_types, strict=True)):
            raise ValueError("unexpected payload")
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid from error
    participant = (
        Participant.objects.select_related("business__hub", "programme_year").filter(pk=pk).first()
    )
    if participant is None:
        raise LinkInvalid
    if participant.is_erased:
        raise LinkExpired  # GDPR-3: gone for good, and nothing more is accepted through it
    try:
        signing.loads(token, salt=_salt(purpose), max_age=link_lifetime(participant))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    return OpenedLink(participant, extra)


def home_link_open(token: str) -> Participant:
    return link_open(token, HOME).participant
