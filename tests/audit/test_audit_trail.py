"""The audit trail (SPEC §10 GDPR-5): every create, update and delete of the
audited models, bulk paths included, and every export, with who, when and which hub; never a
personal value."""

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse

from feedback.models import SurveyAnswer, SurveyResponse
from participants.models import EqualityData, Participant
from participants.services import participant_assess
from peernetworks import audit
from peernetworks.admin.scoping import ScopedAdmin
from peernetworks.models import AuditAction, AuditEvent
from privacy.services import participant_anonymise
from reporting.models import KpiReturn
from sessions.models import Attendance, Session
from tests.participants.factories import BusinessFactory, ParticipantFactory
from tests.peernetworks.test_admin_scope_every_model import MAKERS
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db


def _equality(hub):
    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    return EqualityData.objects.create(participant=participant, gender="female")


def _answer(hub):
    from feedback.models import SurveyQuestion

    response = MAKERS[SurveyResponse](hub)
    question = SurveyQuestion.objects.create(
        programme_year=response.participant.programme_year,
        kind=response.kind,
        topic="Finance",
        text="How sure are you?",
    )
    return SurveyAnswer.objects.create(
        response=response, question=question, topic="Finance", question_text="?", score=3
    )


# Every audited model, and how to make one row of a given hub.
AUDITED_MAKERS = {model: MAKERS.get(model) for model in audit.audited_models()}
AUDITED_MAKERS[EqualityData] = _equality
AUDITED_MAKERS[SurveyAnswer] = _answer


def events_about(obj) -> list[AuditEvent]:
    label = obj._meta.label_lower
    return [
        event
        for event in AuditEvent.objects.filter(model_label=label).order_by("pk")
        if event.object_id == str(obj.pk) or obj.pk in event.object_ids
    ]


def everything_stored() -> str:
    """Every value of every audit event, as text."""
    return json.dumps(list(AuditEvent.objects.values()), default=str)


def _change_something(obj) -> str:
    """Changes one field that is safe to change on any row; returns its name."""
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.DateTimeField) and value is not None:
            setattr(obj, field.attname, value + timedelta(minutes=5))
            return field.name
        if isinstance(field, models.DateField) and value is not None:
            setattr(obj, field.attname, value + timedelta(days=1))
            return field.name
    for field in obj._meta.concrete_fields:
        if field.choices and getattr(obj, field.attname) is not None:
            other = next(v for v, _ in field.choices if v != getattr(obj, field.attname))
            setattr(obj, field.attname, other)
            return field.name
    raise AssertionError(f"nothing to change on {obj._meta.label}")


def test_every_audited_model_has_the_audited_manager():
    """Bulk writes of any audited model are recorded (AuditedQuerySet), now and later."""
    assert len(audit.audited_models()) >= 19
    for model in audit.audited_models():
        assert isinstance(model._default_manager.all(), audit.AuditedQuerySet), model
        assert isinstance(model.objects.all(), audit.AuditedQuerySet), model
        # Its hub is reached through forward relations ending at the hub (no reverse joins).
        current = model
        for name in model.HUB_SCOPE.split("__"):
            field = current._meta.get_field(name)
            assert field.many_to_one or field.one_to_one, (model, name)
            assert not field.auto_created or field.concrete, (model, name)
            current = field.related_model
        assert current._meta.label == "peernetworks.GrowthHub", model


def test_the_audit_log_is_read_only_in_the_admin():
    model_admin = admin.site._registry[AuditEvent]
    assert isinstance(model_admin, ScopedAdmin)
    assert AuditEvent.HUB_SCOPE == "hub"


@pytest.mark.parametrize("model", list(AUDITED_MAKERS), ids=lambda m: m.__name__)
def test_create_update_and_delete_are_recorded_with_actor_and_hub(
    model, hub, hub_staff, programme_year
):
    with audit.acting_as(user=hub_staff):
        obj = AUDITED_MAKERS[model](hub)
    created = events_about(obj)
    assert created, f"no event for the new {model.__name__}"
    first = created[0]
    assert first.action in (AuditAction.CREATE, AuditAction.BULK_CREATE)
    assert (first.actor, first.actor_label, first.hub) == (hub_staff, "gm-staff", hub)
    assert str(obj.pk) in first.description or first.action == AuditAction.BULK_CREATE

    obj = model.objects.get(pk=obj.pk)
    with audit.acting_as(user=hub_staff):
        name = _change_something(obj)
        obj.save()
    update = events_about(obj)[-1]
    assert (update.action, update.actor, update.hub) == (AuditAction.UPDATE, hub_staff, hub)
    assert update.changed_fields == [name]

    pk = obj.pk
    with audit.acting_as(label="system: test"):
        try:
            obj.delete()
        except ProtectedError:  # other records depend on it: deleting is refused, not recorded
            return
    obj.pk = pk
    deleted = events_about(obj)[-1]
    assert (deleted.action, deleted.actor, deleted.actor_label, deleted.hub) == (
        AuditAction.DELETE,
        None,
        "system: test",
        hub,
    )


def test_a_save_that_changes_nothing_records_nothing(hub, programme_year):
    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    before = AuditEvent.objects.count()
    Participant.objects.get(pk=participant.pk).save()
    assert AuditEvent.objects.count() == before


def test_personal_values_are_never_stored(hub, hub_staff, programme_year):
    """The event lists "email" as changed, never the address (PERSONAL_FIELDS)."""
    with audit.acting_as(user=hub_staff):
        participant = ParticipantFactory(
            business=BusinessFactory(hub=hub, name="Quillfeather Forge Ltd"),
            first_name="Zenobia",
            last_name="Quillfeather",
            email="zenobia@quillfeather.example",
            phone="07700 900123",
        )
        participant = Participant.objects.get(pk=participant.pk)
        participant.email = "zq-new@quillfeather.example"
        participant.dropped_out_on = date(2021, 11, 1)
        participant.drop_out_reason = "Zenobia moved to Quillfeather Farm"
        participant.save()
        Participant.objects.filter(pk=participant.pk).update(
            job_title="Chief Quillfeather", evaluation_consent=True
        )

    update = events_about(participant)[-2]
    assert update.action == AuditAction.UPDATE
    assert update.description == f"Participant #{participant.pk}"
    assert sorted(update.changed_fields) == sorted(["dropped_out_on", "drop_out_reason", "email"])
    assert update.changes == {"dropped_out_on": [None, "2021-11-01"]}
    bulk = events_about(participant)[-1]
    assert bulk.action == AuditAction.BULK_UPDATE
    assert bulk.changed_fields == ["evaluation_consent", "job_title"]
    assert bulk.changes == {"evaluation_consent": [None, True]}
    stored = everything_stored()
    for value in ("Zenobia", "Quillfeather", "zenobia@", "zq-new@", "07700", "Forge"):
        assert value not in stored


def test_a_bulk_update_is_one_event_with_the_count_and_ids(hub, other_hub, programme_year):
    mine = [ParticipantFactory(business=BusinessFactory(hub=hub)) for _ in range(3)]
    theirs = ParticipantFactory(business=BusinessFactory(hub=other_hub))
    before = AuditEvent.objects.count()
    with audit.acting_as(label="system: test"):
        changed = Participant.objects.filter(pk__in=[p.pk for p in [*mine, theirs]]).update(
            evaluation_consent=True
        )
    assert changed == 4
    events = AuditEvent.objects.order_by("pk")[before:]
    by_hub = {event.hub_id: event for event in events}
    assert len(events) == 2  # one per model and hub
    assert by_hub[hub.pk].count == 3
    assert sorted(by_hub[hub.pk].object_ids) == sorted(p.pk for p in mine)
    assert by_hub[other_hub.pk].object_ids == [theirs.pk]
    assert {e.action for e in events} == {AuditAction.BULK_UPDATE}


def test_a_bulk_update_to_a_related_record_stores_its_key(hub, programme_year):
    from tests.peernetworks.factories import ProgrammeYearFactory

    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    later = ProgrammeYearFactory(name="2099/00", start=date(2099, 4, 1), end=date(2100, 3, 31))
    Participant.objects.filter(pk=participant.pk).update(programme_year=later)
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.BULK_UPDATE
    assert event.changed_fields == ["programme_year"]
    assert event.changes == {"programme_year": [None, later.pk]}


def test_a_bulk_update_that_matches_nothing_records_nothing(hub, programme_year):
    before = AuditEvent.objects.count()
    assert Participant.objects.filter(pk=-1).update(evaluation_consent=True) == 0
    assert AuditEvent.objects.count() == before


def test_a_queryset_delete_with_its_cascade_is_recorded_in_bulk(hub, programme_year):
    cohort, participants, schedule = cohort_in_session(3, hub=hub)
    record(schedule[0], participants)
    before = AuditEvent.objects.count()
    with audit.acting_as(label="system: test"):
        Session.objects.filter(pk__in=[s.pk for s in schedule[:2]]).delete()
    events = {e.model_label: e for e in AuditEvent.objects.order_by("pk")[before:]}
    assert set(events) == {"programme_sessions.session", "programme_sessions.attendance"}
    assert events["programme_sessions.session"].action == AuditAction.BULK_DELETE
    assert events["programme_sessions.session"].count == 2
    assert events["programme_sessions.attendance"].count == 3
    assert {e.hub for e in events.values()} == {hub}


def test_attendance_for_eleven_is_one_bulk_event(client, hub, programme_year):
    cohort, participants, schedule = cohort_in_session(11, hub=hub)
    client.force_login(cohort.lead_facilitator)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("facilitator:session-attendance", args=[schedule[0].pk]),
        {"mark_all_present": "on"},
    )
    assert response.status_code == 302
    events = list(AuditEvent.objects.order_by("pk")[before:])
    rows = [e for e in events if e.model_label == "programme_sessions.attendance"]
    assert len(rows) == 1
    assert (rows[0].action, rows[0].count, rows[0].hub) == (AuditAction.BULK_CREATE, 11, hub)
    assert sorted(rows[0].object_ids) == sorted(
        Attendance.objects.filter(session=schedule[0]).values_list("pk", flat=True)
    )
    # The request is the actor: the facilitator, the page, the method.
    assert rows[0].actor == cohort.lead_facilitator
    assert rows[0].request_method == "POST"
    assert rows[0].request_path == response.request["PATH_INFO"]
    session_event = next(e for e in events if e.model_label == "programme_sessions.session")
    assert session_event.changes == {"status": ["planned", "delivered"]}


def test_the_evaluator_export_is_recorded(client, hub, hub_staff, programme_year):
    ParticipantFactory(business=BusinessFactory(hub=hub), evaluation_consent=True)
    client.force_login(hub_staff)
    response = client.get(reverse("reporting:evaluator-export", args=["csv"]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.hub, event.count) == (hub_staff, hub, 1)
    assert event.description.startswith("Evaluator export") and event.description.endswith("(csv)")
    assert event.request_method == "GET"


def test_the_subject_access_export_and_erasure_are_recorded(client, hub, hub_staff, programme_year):
    participant = ParticipantFactory(
        business=BusinessFactory(hub=hub), first_name="Ottoline", email="otto@line.example"
    )
    participant_assess(participant=participant)
    client.force_login(hub_staff)
    response = client.post(
        reverse("admin:participants_participant_changelist"),
        {"action": "subject_access_json", "_selected_action": [participant.pk]},
    )
    assert response.status_code == 200
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (export.actor, export.hub) == (hub_staff, hub)
    assert f"participant {participant.pk}" in export.description

    with audit.acting_as(user=hub_staff):
        tables = participant_anonymise(participant=participant, by=hub_staff)
    erased = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert (erased.actor, erased.hub, erased.object_id) == (hub_staff, hub, str(participant.pk))
    assert erased.changed_fields == sorted(tables)
    # The erasure's own bulk changes are recorded, by field name only.
    bulk = AuditEvent.objects.filter(
        action=AuditAction.BULK_UPDATE, model_label="participants.participant"
    ).get()
    assert "email" in bulk.changed_fields and "email" not in bulk.changes
    assert "Ottoline" not in everything_stored() and "otto@" not in everything_stored()


def test_a_command_is_the_actor_of_its_changes(hub, programme_year, tmp_path):
    ParticipantFactory(business=BusinessFactory(hub=hub), registered_on=date(2021, 10, 4))
    call_command("compile_kpi_return", "--month", "2021-10", stdout=io.StringIO())
    event = AuditEvent.objects.get(model_label="reporting.kpireturn")
    assert (event.action, event.actor, event.actor_label) == (
        AuditAction.BULK_CREATE,
        None,
        "command: compile_kpi_return",
    )
    assert event.object_ids == list(KpiReturn.objects.values_list("pk", flat=True))

    call_command("export_programme", "--output", str(tmp_path / "programme.json"))
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor_label == "command: export_programme"
    assert export.count >= 1


def test_a_background_task_is_the_actor_of_its_changes(hub, programme_year):
    from reporting.tasks import compile_previous_month

    ParticipantFactory(business=BusinessFactory(hub=hub))
    with time_machine.travel(datetime(2021, 11, 1, 7, tzinfo=UTC), tick=False):
        compile_previous_month.delay()  # eager in tests: the same signals as on a worker
    event = AuditEvent.objects.get(model_label="reporting.kpireturn")
    assert event.actor_label == "system: reporting.tasks.compile_previous_month"
    # Once the task is over, changes are no longer attributed to it.
    participant = Participant.objects.first()
    participant.evaluation_consent = not participant.evaluation_consent
    participant.save()
    assert events_about(participant)[-1].actor_label == "system"


def test_hub_lookups_are_cached_within_a_request_or_job(hub, programme_year):
    cohort, participants, schedule = cohort_in_session(2, hub=hub)
    rows = [
        Attendance(session_id=schedule[0].pk, participant=p, status="present") for p in participants
    ]
    with audit.acting_as(label="system: test") as context:
        assert audit.hub_ids(rows, context) == [hub.pk, hub.pk]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert audit.hub_ids(rows, context) == [hub.pk, hub.pk]
        assert len(queries) == 0


def test_fixtures_loaded_raw_are_not_recorded(hub, programme_year):
    """Restores and loaddata bring history back as it was: no new events."""
    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    before = AuditEvent.objects.count()
    from django.db.models.signals import post_save

    post_save.send(
        sender=Participant, instance=participant, created=True, raw=True, using="default"
    )
    assert AuditEvent.objects.count() == before
