"""Writes for carrying on after the programme (Post-Programme Sustainability): members'
consent to stay in touch, given through their personal alumni link, the invitations that
carry it, and the sessions cohorts hold afterwards."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from participants.links import participant_token
from participants.models import Participant
from peernetworks.emails import email_message, site_url

from .. import selectors
from ..models import AlumniConsent, ContinuingSession

ALUMNI = "alumni"  # the personal link's purpose: an alumni link opens no other page


def alumni_token(participant: Participant, cohort: Cohort) -> str:
    return participant_token(participant, ALUMNI, cohort.pk)


def alumni_url(participant: Participant, cohort: Cohort) -> str:
    return reverse("quality:alumni-page", args=[alumni_token(participant, cohort)])


def _check_alumni(cohort: Cohort, participant: Participant) -> None:
    if not selectors.alumni_may_join(cohort, participant):
        raise ValidationError(
            {"participant": "Only members of a cohort that has finished can stay in touch."}
        )


@transaction.atomic
def alumni_opt_in(
    *,
    cohort: Cohort,
    participant: Participant,
    share_email: bool = False,
    share_phone: bool = False,
    other_contact: str = "",
    now: datetime | None = None,
) -> AlumniConsent:
    """Explicit consent to share name, business and the contact details chosen with the other
    members who also opted in. Saving again updates the choices; after a withdrawal it is a
    fresh consent."""
    _check_alumni(cohort, participant)
    now = now or timezone.now()
    consent, _ = AlumniConsent.objects.select_for_update().get_or_create(
        cohort=cohort, participant=participant
    )
    if not consent.is_opted_in:
        consent.opted_in_at, consent.withdrawn_at = now, None
    consent.share_email, consent.share_phone = share_email, share_phone
    consent.other_contact = other_contact.strip()
    consent.full_clean(validate_unique=False)
    consent.save()
    return consent


def alumni_withdraw(
    *, cohort: Cohort, participant: Participant, now: datetime | None = None
) -> bool:
    """Withdraws consent: from this moment nobody sees the member (False: nothing to withdraw).
    The shared contact choices are cleared too, so a later opt-in starts from nothing."""
    return bool(
        AlumniConsent.objects.filter(
            cohort=cohort,
            participant=participant,
            opted_in_at__isnull=False,
            withdrawn_at__isnull=True,
        ).update(
            withdrawn_at=now or timezone.now(),
            share_email=False,
            share_phone=False,
            other_contact="",
        )
    )


def _alumni_email_context(participant: Participant, cohort: Cohort) -> dict:
    return {
        "participant": participant,
        "cohort": cohort,
        "link": site_url(alumni_url(participant, cohort)),
        "hub_name": cohort.hub.name,
    }


def alumni_invitations_send(*, cohort: Cohort, now: datetime | None = None) -> int:
    """Emails every member of an ended cohort their alumni link, once each: the consent row is
    claimed (`invited_at`) before its email goes and released if sending fails."""
    if not selectors.cohort_is_completed(cohort):
        raise ValidationError({"cohort": f"{cohort.name} has not finished yet."})
    now = now or timezone.now()
    members = list(selectors.alumni_members(cohort))
    AlumniConsent.objects.bulk_create(
        [AlumniConsent(cohort=cohort, participant=p) for p in members], ignore_conflicts=True
    )
    pending = AlumniConsent.objects.filter(
        cohort=cohort, participant__in=members, invited_at__isnull=True
    ).select_related("participant")
    sent, connection = 0, get_connection()
    for consent in pending:
        if not AlumniConsent.objects.filter(pk=consent.pk, invited_at__isnull=True).update(
            invited_at=now
        ):
            continue  # another run has it
        participant = consent.participant
        try:
            sent += email_message(
                "alumni_invitation",
                _alumni_email_context(participant, cohort),
                subject=f"Stay in touch with {cohort.name}?",
                to=[participant.email],
                connection=connection,
            ).send()
        except Exception:
            AlumniConsent.objects.filter(pk=consent.pk, invited_at=now).update(invited_at=None)
            raise
    return sent


@transaction.atomic
def continuing_session_record(
    *,
    cohort: Cohort,
    held_on: date,
    topics: str,
    attendees=(),
    attendee_count: int | None = None,
    by=None,
) -> ContinuingSession:
    """A self-facilitated session after the programme: date, who came, topics."""
    completed_on = selectors.cohort_completed_on(cohort)
    if completed_on is None:
        raise ValidationError({"cohort": f"{cohort.name} has not finished yet."})
    if held_on < completed_on:
        raise ValidationError(
            {"held_on": f"{cohort.name} finished on {completed_on:%d %B %Y}: pick a later date."}
        )
    attendees = list(attendees)
    members = {p.pk for p in selectors.alumni_members(cohort)}
    strangers = [str(a) for a in attendees if a.pk not in members]
    if strangers:
        raise ValidationError({"attendees": f"Not members of {cohort}: {', '.join(strangers)}."})
    session = ContinuingSession(
        cohort=cohort,
        held_on=held_on,
        topics=topics.strip(),
        attendee_count=max(attendee_count or 0, len(attendees)),
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    return session
