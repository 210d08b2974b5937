"""Emails about registrations, through Django's mail framework only (GDPR-1)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from peernetworks.models import Role, User

from .models import Participant


def hub_staff_addresses(hub) -> list[str]:
    addresses = list(
        User.objects.filter(hub=hub, role=Role.HUB_STAFF, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if hub.contact_email:
        addresses.append(hub.contact_email)
    return sorted(set(addresses))


def registration_notify_hub(participant: Participant) -> int:
    """Tells the hub's staff a business leader has registered. No personal data in the email
    beyond the name: the details stay in the system, behind the staff login."""
    hub = participant.business.hub
    recipients = hub_staff_addresses(hub)
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("participants:participant-detail", args=[participant.pk])
    outcome = participant.get_eligibility_outcome_display() or "not assessed"
    return send_mail(
        subject=f"New Peer Networks registration: {participant.business.name}",
        message=(
            f"{participant.full_name} of {participant.business.name} has registered for "
            f"Peer Networks with {hub.name}.\n\nEligibility: {outcome}.\n\nReview it: {link}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
