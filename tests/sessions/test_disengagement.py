"""SES-8: a facilitator reports a participant as disengaged, hub staff are emailed once, and
staff confirm the drop-out (date, reason) or keep them on. Plus the referral for deeper
one-to-one support."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import AbsenceFollowUp, DisengagementReport, SupportReferral
from sessions.services import (
    disengagement_notify_hub,
    disengagement_report,
    participant_drop_out,
)
from sessions.tasks import notify_hub_of_disengagement
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory, UserFactory
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort3(programme_year, hub, hub_staff):
    ProviderFactory(username="gm-provider", hub=hub)  # not hub staff: not emailed
    UserFactory(username="gm-former", hub=hub, is_active=False)
    return cohort_in_session(3, hub=hub)


def disengaged_url(cohort, participant) -> str:
    return reverse("facilitator:participant-disengaged", args=[cohort.pk, participant.pk])


def test_it_emails_hub_staff_once(
    client, cohort3, hub, hub_staff, django_capture_on_commit_callbacks
):
    cohort, participants, _ = cohort3
    who = participants[0]
    client.force_login(cohort.lead_facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(disengaged_url(cohort, who), {"reason": "Three weeks silent."})
    assert response.status_code == 302

    report = DisengagementReport.objects.get()
    assert (report.participant, report.cohort, report.reported_by) == (
        who,
        cohort,
        cohort.lead_facilitator,
    )
    assert report.staff_notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([hub_staff.email, hub.contact_email])
    assert who.full_name in message.subject
    assert f"/facilitator/disengagement/{report.pk}/" in message.body

    # Running the job again (a retry, a second worker) sends nothing more.
    assert notify_hub_of_disengagement.delay(report.pk).get() == 0
    assert disengagement_notify_hub(report.pk) == 0
    assert len(mail.outbox) == 1

    # A second report while the first is open is refused, and emails nobody.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(disengaged_url(cohort, who), {"reason": "Still silent."})
    assert response.status_code == 200
    assert DisengagementReport.objects.count() == 1 and len(mail.outbox) == 1


def test_it_sends_nothing_when_the_report_is_rolled_back(
    cohort3, django_capture_on_commit_callbacks
):
    from django.db import transaction

    cohort, participants, _ = cohort3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                disengagement_report(
                    participant=participants[0],
                    cohort=cohort,
                    reason="Gone quiet",
                    by=cohort.lead_facilitator,
                )
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_it_releases_the_claim_when_sending_fails(cohort3, monkeypatch):
    cohort, participants, _ = cohort3
    report = DisengagementReport.objects.create(
        participant=participants[0],
        cohort=cohort,
        reported_by=cohort.lead_facilitator,
        reason="Gone quiet",
    )

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(OSError):
        disengagement_notify_hub(report.pk)
    report.refresh_from_db()
    assert report.staff_notified_at is None  # the task's retry will send it
    monkeypatch.undo()
    assert disengagement_notify_hub(report.pk) == 1


def test_it_confirms_a_drop_out_through_the_service(cohort3, hub_staff):
    cohort, participants, (s1, *_) = cohort3
    who = participants[0]
    record(s1, participants, **{f"p{who.pk}": "absent"})
    report = disengagement_report(
        participant=who, cohort=cohort, reason="Not replying", by=cohort.lead_facilitator
    )

    participant_drop_out(
        participant=who, on=date(2021, 10, 4), reason="Business sold", by=hub_staff
    )
    who.refresh_from_db()
    assert (who.dropped_out_on, who.drop_out_reason) == (date(2021, 10, 4), "Business sold")
    report.refresh_from_db()
    assert (report.outcome, report.resolved_by) == ("dropped_out", hub_staff)
    assert not AbsenceFollowUp.objects.filter(closed_at__isnull=True).exists()

    with pytest.raises(ValidationError, match="already dropped out"):
        participant_drop_out(participant=who, on=date(2021, 10, 5), reason="x", by=hub_staff)


@pytest.mark.parametrize(
    ("on", "reason", "message"),
    [
        (date(2021, 10, 4), "  ", "reason"),
        (date(2021, 3, 31), "Left", "within the programme year"),
        (date(2099, 1, 1), "Left", "future"),
    ],
)
def test_it_refuses_a_drop_out_without_a_reason_or_a_sensible_date(
    cohort3, hub_staff, on, reason, message
):
    who = cohort3[1][0]
    with pytest.raises(ValidationError, match=message):
        participant_drop_out(participant=who, on=on, reason=reason, by=hub_staff)
    who.refresh_from_db()
    assert who.dropped_out_on is None


def test_it_lets_hub_staff_decide_on_the_review_page(client, cohort3, hub_staff, other_hub_staff):
    cohort, participants, _ = cohort3
    who, stays = participants[:2]
    report = disengagement_report(
        participant=who, cohort=cohort, reason="Silent", by=cohort.lead_facilitator
    )
    other = disengagement_report(
        participant=stays, cohort=cohort, reason="Quiet", by=cohort.lead_facilitator
    )
    url = reverse("facilitator:disengagement-review", args=[report.pk])

    client.force_login(cohort.lead_facilitator)
    assert client.get(url).status_code == 403  # facilitators report; staff decide
    client.force_login(other_hub_staff)
    assert client.get(url).status_code == 404

    client.force_login(hub_staff)
    home = client.get(reverse("facilitator:home")).content.decode()
    assert url in home
    response = client.post(url, {"decision": "drop_out", "note": "Sold the business"})
    assert response.status_code == 200  # the date is needed for a drop-out
    response = client.post(
        url, {"decision": "drop_out", "dropped_out_on": "2021-10-04", "note": "Sold the business"}
    )
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.dropped_out_on == date(2021, 10, 4)

    other_url = reverse("facilitator:disengagement-review", args=[other.pk])
    client.post(other_url, {"decision": "staying", "note": "Spoke to them: back next time"})
    other.refresh_from_db()
    assert other.outcome == "staying" and other.resolved_by == hub_staff
    stays.refresh_from_db()
    assert stays.dropped_out_on is None


def test_it_refers_a_participant_for_deeper_support(client, cohort3, hub_staff):
    cohort, participants, _ = cohort3
    who = participants[2]
    url = reverse("facilitator:participant-refer", args=[cohort.pk, who.pk])
    client.force_login(cohort.lead_facilitator)
    assert client.post(url, {"reason": "Needs help with finance"}).status_code == 302
    referral = SupportReferral.objects.get()
    assert (referral.participant, referral.referred_by) == (who, cohort.lead_facilitator)
    assert client.post(url, {"reason": "Again"}).status_code == 200  # one open referral
    assert SupportReferral.objects.count() == 1

    client.force_login(hub_staff)
    assert "Needs help with finance" in client.get(reverse("facilitator:home")).content.decode()
    client.post(reverse("facilitator:referral-acknowledge", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.acknowledged_by == hub_staff


def test_it_reports_only_members_of_the_facilitators_own_cohorts(client, cohort3, hub):
    cohort, participants, _ = cohort3
    stranger = FacilitatorFactory(hub=hub)
    client.force_login(stranger)
    assert client.post(disengaged_url(cohort, participants[0]), {"reason": "x"}).status_code == 404
    assert not DisengagementReport.objects.exists()
