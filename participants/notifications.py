"""Emails about registrations (templates/emails/registration_received), through Django's mail
framework only (GDPR-1)."""

from django.urls import reverse

from peernetworks.emails import email_message, site_url
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
    context = {
        "participant": participant,
        "hub": hub,
        "outcome": participant.get_eligibility_outcome_display() or "not assessed",
        "link": site_url(reverse("participants:participant-detail", args=[participant.pk])),
    }
    return email_message(
        "registration_received",
        context,
        subject=f"New Peer Networks registration: {participant.business.name}",
        to=recipients,
    ).send()
