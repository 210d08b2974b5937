"""SES-7 on the portal: the whole register on one page, "mark all present" then exceptions,
one transaction that marks the session delivered, edits audited, future sessions refused."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import AbsenceFollowUp, Attendance, AttendanceChange
from sessions.selectors import session_roll
from sessions.services import Mark, attendance_record, participant_drop_out
from tests.sessions.factories import cohort_in_session, future_session, record

pytestmark = pytest.mark.django_db

# However many members: session and user; the session, roll and rows for the form; then in
# one transaction (two savepoint statements) the locked session, roll and rows, one insert of
# the rows, one of their history, the follow-ups looked up and opened, and the session marked
# delivered; the audit trail (GDPR-5): the cohort's hub, one event for the rows, one for the
# session. Asserted at 11 members and at 3.
SAVE_QUERIES = 18


def page(session) -> str:
    return reverse("facilitator:session-detail", args=[session.pk])


def save_url(session) -> str:
    return reverse("facilitator:session-attendance", args=[session.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def eleven(programme_year, hub):
    return cohort_in_session(11, hub=hub)


def test_it_records_eleven_with_mark_all_present_and_two_exceptions(
    client, eleven, django_assert_max_num_queries
):
    cohort, participants, schedule = eleven
    session = schedule[0]
    late, absent = participants[3], participants[7]
    client.force_login(cohort.lead_facilitator)

    form = client.get(page(session)).context["attendance_form"]
    assert len(form.roll) == 11
    assert form["mark_all_present"].value() is True  # nothing recorded yet

    with django_assert_max_num_queries(SAVE_QUERIES):
        response = client.post(
            save_url(session),
            {
                "mark_all_present": "on",
                f"status_{late.pk}": "late",
                f"minutes_{late.pk}": "150",
                f"status_{absent.pk}": "absent",
            },
        )
    assert response.status_code == 302

    rows = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    assert len(rows) == 11
    assert rows[late.pk].status == "late" and rows[late.pk].minutes_attended == 150
    assert rows[absent.pk].status == "absent"
    assert {a.status for pk, a in rows.items() if pk not in (late.pk, absent.pk)} == {"present"}
    assert {a.recorded_by_id for a in rows.values()} == {cohort.lead_facilitator.pk}
    session.refresh_from_db()
    assert session.status == "delivered"
    assert AttendanceChange.objects.filter(attendance__session=session, old_status="").count() == 11
    assert list(AbsenceFollowUp.objects.values_list("attendance__participant", flat=True)) == [
        absent.pk
    ]


def test_it_saves_a_small_cohort_in_as_many_queries(
    client, programme_year, django_assert_max_num_queries
):
    cohort, participants, schedule = cohort_in_session(3)
    client.force_login(cohort.lead_facilitator)
    with django_assert_max_num_queries(SAVE_QUERIES):
        client.post(save_url(schedule[0]), {"mark_all_present": "on"})
    assert Attendance.objects.count() == 3


def test_it_needs_a_status_for_everyone_without_mark_all_present(client, eleven):
    cohort, participants, schedule = eleven
    client.force_login(cohort.lead_facilitator)
    response = client.post(save_url(schedule[0]), {f"status_{participants[0].pk}": "present"})
    assert response.status_code == 200
    assert response.context["attendance_form"].errors
    assert not Attendance.objects.exists()
    schedule[0].refresh_from_db()
    assert schedule[0].status == "planned"


def test_it_refuses_minutes_for_an_absence_and_beyond_the_session(client, eleven):
    cohort, participants, schedule = eleven
    client.force_login(cohort.lead_facilitator)
    one, two = participants[:2]
    response = client.post(
        save_url(schedule[0]),
        {
            "mark_all_present": "on",
            f"status_{one.pk}": "absent",
            f"minutes_{one.pk}": "30",
            f"minutes_{two.pk}": "181",  # a 3-hour session
        },
    )
    errors = response.context["attendance_form"].errors
    assert f"minutes_{one.pk}" in errors and f"minutes_{two.pk}" in errors
    assert not Attendance.objects.exists()


def test_it_refuses_to_deliver_a_session_in_the_future(client, eleven):
    cohort, participants, _ = eleven
    session = future_session(cohort)
    client.force_login(cohort.lead_facilitator)

    response = client.get(page(session))
    assert "once it has started" in response.content.decode()
    assert not response.context["recordable"]

    response = client.post(save_url(session), {"mark_all_present": "on"})
    assert any("future cannot be marked delivered" in m for m in messages_of(response))
    assert not Attendance.objects.exists()
    session.refresh_from_db()
    assert session.status == "planned"

    with pytest.raises(ValidationError, match="future cannot be marked delivered"):
        attendance_record(
            session=session, marks={p.pk: Mark("present") for p in participants}, by=None
        )


def test_it_refuses_a_cancelled_session(eleven):
    cohort, participants, schedule = eleven
    schedule[2].status = "cancelled"
    schedule[2].save()
    with pytest.raises(ValidationError, match="cancelled"):
        record(schedule[2], participants)


def test_it_refuses_someone_outside_the_cohort(eleven, programme_year):
    cohort, participants, schedule = eleven
    _, strangers, _ = cohort_in_session(1, sessions=1, hub=cohort.hub)
    marks = {p.pk: Mark("present") for p in participants + strangers}
    with pytest.raises(ValidationError, match="Only the cohort's members"):
        attendance_record(session=schedule[0], marks=marks, by=None)


def test_it_audits_an_edit_later(client, eleven, hub_staff):
    cohort, participants, schedule = eleven
    session = schedule[0]
    record(session, participants)
    changed = participants[5]
    before = Attendance.objects.get(session=session, participant=changed)

    # Hub staff correct it later, from the same page (their hub's session).
    client.force_login(hub_staff)
    form = client.get(page(session)).context["attendance_form"]
    assert form["mark_all_present"].value() is False  # editing: statuses are shown
    data = {f"status_{p.pk}": "present" for p in participants}
    data[f"status_{changed.pk}"] = "left_early"
    data[f"minutes_{changed.pk}"] = "90"
    assert client.post(save_url(session), data).status_code == 302

    after = Attendance.objects.get(pk=before.pk)
    assert (after.status, after.minutes_attended) == ("left_early", 90)
    assert after.recorded_by == hub_staff and after.recorded_at > before.recorded_at
    edit = AttendanceChange.objects.exclude(old_status="").get()
    assert (edit.attendance_id, edit.changed_by, edit.old_status, edit.new_status) == (
        before.pk,
        hub_staff,
        "present",
        "left_early",
    )
    assert (edit.old_minutes, edit.new_minutes) == (None, 90)
    assert Attendance.objects.filter(session=session).count() == 11  # still one each
    assert "Present → Left early" in client.get(page(session)).content.decode()


def test_it_keeps_one_attendance_per_participant_and_session(eleven):
    from django.db import IntegrityError, transaction

    cohort, participants, schedule = eleven
    record(schedule[0], participants)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=schedule[0], participant=participants[0], status="late")


def test_it_leaves_a_dropped_out_member_off_later_registers(eleven, hub_staff):
    cohort, participants, schedule = eleven
    record(schedule[0], participants)
    gone = participants[0]
    participant_drop_out(
        participant=gone, on=date(2021, 9, 10), reason="Moved abroad", by=hub_staff
    )

    assert gone.pk in {m.participant_id for m in session_roll(schedule[0])}
    assert gone.pk not in {m.participant_id for m in session_roll(schedule[1])}
    record(schedule[1], participants[1:])  # nobody missing
    assert not Attendance.objects.filter(session=schedule[1], participant=gone).exists()
