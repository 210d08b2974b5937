"""SES-9 facilitator notes (core topics plus free text, each presenter's issue, process issues,
hot topics) and SES-10 action cards with their report back at the next session."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import ActionCard, PresenterNote, SessionNote, Topic
from sessions.services import action_card_report_back
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(programme_year, hub):
    return cohort_in_session(3, hub=hub)


def notes_url(session) -> str:
    return reverse("facilitator:session-notes", args=[session.pk])


def test_it_saves_notes_topics_issues_and_action_cards(client, trio):
    cohort, (ann, bob, cat), (s1, *_) = trio
    record(s1, trio[1])
    core = Topic.objects.filter(is_core=True, is_active=True).order_by("name")[:2]
    assert len(core) == 2  # seeded from the Playbook
    Topic.objects.create(name="Cash flow", is_core=False)
    client.force_login(cohort.lead_facilitator)

    page = client.get(reverse("facilitator:session-detail", args=[s1.pk]))
    assert set(page.context["notes_form"].fields["topics"].queryset) == set(
        Topic.objects.filter(is_core=True, is_active=True)
    )
    response = client.post(
        notes_url(s1),
        {
            "topics": [t.pk for t in core],
            "other_topics": "cash FLOW, Succession planning",
            f"issue_{ann.pk}": "Hiring a first manager",
            f"actions_{ann.pk}": "Write the job description",
            f"actions_{cat.pk}": "Talk to the bank",
            "process_issues": "Zoom dropped once",
            "hot_topics": "Energy prices",
        },
    )
    assert response.status_code == 302

    note = SessionNote.objects.get(session=s1)
    assert (note.process_issues, note.hot_topics) == ("Zoom dropped once", "Energy prices")
    names = set(s1.topics.values_list("name", flat=True))
    assert names == {*(t.name for t in core), "Cash flow", "Succession planning"}
    assert not Topic.objects.get(name="Succession planning").is_core  # created, non-core
    assert Topic.objects.filter(name__iexact="cash flow").count() == 1  # reused
    assert list(PresenterNote.objects.values_list("participant", "issue")) == [
        (ann.pk, "Hiring a first manager")
    ]
    cards = dict(ActionCard.objects.values_list("participant", "actions"))
    assert cards == {ann.pk: "Write the job description", cat.pk: "Talk to the bank"}

    # Editing: a card emptied goes, a topic unticked goes, the note is updated in place.
    response = client.post(
        notes_url(s1),
        {
            "topics": [core[0].pk],
            "other_topics": "",
            f"issue_{ann.pk}": "Hiring a first manager",
            f"actions_{ann.pk}": "Write the job description and advertise",
            "process_issues": "Zoom dropped once",
        },
    )
    assert response.status_code == 302
    assert set(s1.topics.all()) == {core[0]}
    assert dict(ActionCard.objects.values_list("participant", "actions")) == {
        ann.pk: "Write the job description and advertise"
    }
    assert SessionNote.objects.count() == 1


def test_it_reports_back_at_the_next_session(client, trio):
    cohort, (ann, bob, cat), (s1, s2, *_) = trio
    record(s1, trio[1])
    ann_card = ActionCard.objects.create(session=s1, participant=ann, actions="Call the bank")
    bob_card = ActionCard.objects.create(session=s1, participant=bob, actions="Hire")
    record(s2, trio[1])
    client.force_login(cohort.lead_facilitator)

    page = client.get(reverse("facilitator:session-detail", args=[s2.pk]))
    assert {c.pk for c in page.context["report_form"].cards} == {ann_card.pk, bob_card.pk}
    response = client.post(
        reverse("facilitator:session-report-back", args=[s2.pk]),
        {f"report_{ann_card.pk}": "partly", f"reflection_{ann_card.pk}": "Bank was slow"},
    )
    assert response.status_code == 302
    ann_card.refresh_from_db()
    assert (ann_card.report_status, ann_card.reflection) == ("partly", "Bank was slow")
    assert ann_card.reported_by == cohort.lead_facilitator
    assert ann_card.reported_at_session == s2 and not ann_card.reported_by_participant
    bob_card.refresh_from_db()
    assert bob_card.report_status == ""  # not chosen: still to report


def test_it_lets_the_participant_report_back_through_the_service(trio):
    cohort, (ann, *_), (s1, s2, *_) = trio
    record(s1, trio[1])
    card = ActionCard.objects.create(session=s1, participant=ann, actions="Call the bank")
    action_card_report_back(card=card, status="done", reflection="Loan agreed")
    card.refresh_from_db()
    assert card.reported_by_participant and card.reported_by is None
    assert (card.report_status, card.reported_at_session) == ("done", None)

    with pytest.raises(ValidationError, match="done, partly or not done"):
        action_card_report_back(card=card, status="maybe")
    with pytest.raises(ValidationError, match="later session"):
        action_card_report_back(card=card, status="done", by=cohort.lead_facilitator, at_session=s1)


def test_it_refuses_a_report_back_before_the_session_is_delivered(trio):
    cohort, (ann, *_), (s1, *_) = trio
    card = ActionCard.objects.create(session=s1, participant=ann, actions="Call the bank")
    with pytest.raises(ValidationError, match="after the session"):
        action_card_report_back(card=card, status="done")


def test_it_keeps_a_reported_card_from_being_emptied(client, trio):
    cohort, (ann, *_), (s1, s2, *_) = trio
    record(s1, trio[1])
    card = ActionCard.objects.create(session=s1, participant=ann, actions="Call the bank")
    action_card_report_back(card=card, status="done")
    client.force_login(cohort.lead_facilitator)
    response = client.post(notes_url(s1), {f"actions_{ann.pk}": ""})
    assert response.status_code == 200
    assert ActionCard.objects.filter(pk=card.pk).exists()
