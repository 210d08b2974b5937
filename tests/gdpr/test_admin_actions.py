"""GDPR-2, GDPR-3 in the admin: hub staff of the participant's hub only, exports logged,
erasure only after confirmation."""

import csv
import io
import json

import pytest
from django.urls import reverse

from participants.models import Participant
from privacy.services import erased_email
from reporting.models import ExportLog

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:participants_participant_changelist"


def run(client, action, participant, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [participant.pk], "index": 0, **extra},
    )


def test_hub_staff_download_the_json_export_and_it_is_logged(staff_client, subject, hub_staff):
    response = run(staff_client, "subject_access_json", subject)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    export = json.loads(response.content)
    assert export["participant_id"] == subject.pk
    assert subject.email in response.content.decode()
    log = ExportLog.objects.get()
    assert (log.by, log.hub, log.format) == (hub_staff, subject.business.hub, "json")
    assert log.rows == sum(len(rows) for rows in export["tables"].values())
    assert str(subject.pk) in log.what


def test_hub_staff_download_the_csv_export_and_it_is_logged(staff_client, subject):
    response = run(staff_client, "subject_access_csv", subject)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"table", "id", "field", "value"} == set(rows[0])
    assert subject.email in {r["value"] for r in rows}
    log = ExportLog.objects.get()
    assert (log.format, log.rows) == ("csv", len(rows))


def test_erasure_asks_for_confirmation_first(staff_client, subject):
    response = run(staff_client, "anonymise_participant", subject)
    assert response.status_code == 200
    assert b"confirm_erasure" in response.content
    subject.refresh_from_db()
    assert subject.email != erased_email(subject)


def test_erasure_after_confirmation(staff_client, subject):
    response = run(staff_client, "anonymise_participant", subject, confirm_erasure="yes")
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.email == erased_email(subject)
    assert subject.first_name == "Erased"


def test_exactly_one_participant_is_required(staff_client, subject, hub):
    from tests.participants.factories import BusinessFactory, ParticipantFactory

    second = ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=subject.programme_year
    )
    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "subject_access_json", "_selected_action": [subject.pk, second.pk]},
    )
    assert response.status_code == 302
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("action", ["subject_access_json", "subject_access_csv"])
def test_another_hubs_staff_get_nothing(client, other_hub_staff, subject, action):
    client.force_login(other_hub_staff)
    response = run(client, action, subject)
    assert response.status_code in (302, 404)
    assert subject.email not in response.content.decode()
    assert not ExportLog.objects.exists()


def test_another_hubs_staff_cannot_erase(client, other_hub_staff, subject):
    client.force_login(other_hub_staff)
    run(client, "anonymise_participant", subject, confirm_erasure="yes")
    assert Participant.objects.get(pk=subject.pk).email == subject.email


@pytest.mark.parametrize(
    "action", ["subject_access_json", "subject_access_csv", "anonymise_participant"]
)
def test_the_national_coordinator_cannot_run_the_actions(
    client, national_coordinator, subject, action
):
    client.force_login(national_coordinator)
    response = run(client, action, subject, confirm_erasure="yes")
    assert response.status_code == 403
    assert Participant.objects.get(pk=subject.pk).email == subject.email
    assert not ExportLog.objects.exists()


def test_the_actions_are_offered_to_hub_staff(staff_client, subject):
    response = staff_client.get(reverse(CHANGELIST))
    for name in ("subject_access_json", "subject_access_csv", "anonymise_participant"):
        assert name.encode() in response.content
