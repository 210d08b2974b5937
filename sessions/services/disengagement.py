"""Writes for disengagement (SES-8) and referrals for deeper support: the facilitator reports
a participant, hub staff are emailed and decide; a referral waits until hub staff acknowledge it.

The facilitator portal and the admin call these; nothing important happens in signals or
`save()`.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.models import Cohort, CohortMembership
from participants.models import Participant
from participants.notifications import hub_staff_addresses
from peernetworks.emails import email_message, site_url
from peernetworks.queue import enqueue_on_commit

from ..models import DisengagementOutcome, DisengagementReport, SupportReferral


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def _current_member(participant: Participant, cohort: Cohort) -> None:
    if not CohortMembership.objects.filter(
        cohort=cohort, participant=participant, left_at__isnull=True
    ).exists():
        raise ValidationError({"participant": f"{participant} is not in {cohort}."})


@transaction.atomic
def disengagement_report(
    *, participant: Participant, cohort: Cohort, reason: str, by
) -> DisengagementReport:
    """SES-8: the facilitator reports a participant as disengaged. Hub staff are emailed once
    the report is saved; they then confirm a drop-out or keep the participant on."""
    _current_member(participant, cohort)
    if participant.dropped_out_on:
        raise ValidationError({"participant": f"{participant} has already dropped out."})
    if not reason.strip():
        raise ValidationError({"reason": "Say what you have seen and tried."})
    open_report = DisengagementReport.objects.filter(
        participant=participant, outcome=DisengagementOutcome.OPEN
    ).first()
    if open_report is not None:
        raise ValidationError(
            {
                "participant": f"{participant} was reported on "
                f"{_day(timezone.localdate(open_report.reported_at))}; hub staff have "
                "been told and will decide."
            }
        )
    report = DisengagementReport(
        participant=participant, cohort=cohort, reason=reason.strip(), reported_by=by
    )
    report.full_clean()
    report.save()
    # The tasks module sends through these services, so it is imported when needed.
    from ..tasks import notify_hub_of_disengagement

    enqueue_on_commit(notify_hub_of_disengagement, report.pk)
    return report


def disengagement_notify_hub(report_id: int) -> int:
    """Emails the hub's staff about a disengagement report, once (SES-8). The conditional
    update claims the report, so running the job again sends nothing more; a failed send
    releases the claim for the task's retry. Only names go by email; the details stay behind
    the staff login (GDPR-1)."""
    now = timezone.now()
    if not DisengagementReport.objects.filter(pk=report_id, staff_notified_at__isnull=True).update(
        staff_notified_at=now
    ):
        return 0
    report = DisengagementReport.objects.select_related(
        "participant__business", "cohort__hub", "reported_by"
    ).get(pk=report_id)
    recipients = hub_staff_addresses(report.cohort.hub)
    if not recipients:
        return 0
    context = {
        "participant": report.participant,
        "cohort": report.cohort,
        "reporter": report.reported_by.get_full_name() or report.reported_by.username,
        "link": site_url(reverse("facilitator:disengagement-review", args=[report.pk])),
    }
    try:
        return email_message(
            "disengagement_reported",
            context,
            subject=f"Peer Networks: {report.participant.full_name} reported as disengaged",
            to=recipients,
        ).send()
    except Exception:
        DisengagementReport.objects.filter(pk=report_id, staff_notified_at=now).update(
            staff_notified_at=None
        )
        raise


@transaction.atomic
def disengagement_keep(
    *, report: DisengagementReport, note: str, by, now: datetime | None = None
) -> DisengagementReport:
    """Hub staff decide the participant stays on the programme."""
    if report.outcome != DisengagementOutcome.OPEN:
        raise ValidationError({"outcome": "This report has already been decided."})
    if not note.strip():
        raise ValidationError({"note": "Say why the participant is staying."})
    report.outcome = DisengagementOutcome.STAYING
    report.resolved_at = now or timezone.now()
    report.resolved_by = by
    report.resolution_note = note.strip()
    report.full_clean()
    report.save(update_fields=["outcome", "resolved_at", "resolved_by", "resolution_note"])
    return report


def support_referral_create(
    *, participant: Participant, cohort: Cohort, reason: str, by
) -> SupportReferral:
    """The facilitator flags a participant as needing deeper one-to-one support; hub
    staff see it on their lists until they acknowledge it."""
    _current_member(participant, cohort)
    if not reason.strip():
        raise ValidationError({"reason": "Say what support the participant seems to need."})
    if SupportReferral.objects.filter(
        participant=participant, acknowledged_at__isnull=True
    ).exists():
        raise ValidationError(
            {"participant": f"{participant} is already referred; hub staff will pick it up."}
        )
    referral = SupportReferral(
        participant=participant, cohort=cohort, reason=reason.strip(), referred_by=by
    )
    referral.full_clean()
    referral.save()
    return referral


def support_referral_acknowledge(
    *, referral: SupportReferral, by, now: datetime | None = None
) -> SupportReferral:
    if referral.acknowledged_at is None:
        referral.acknowledged_at = now or timezone.now()
        referral.acknowledged_by = by
        referral.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return referral
