"""QM-3: the hub's log of feedback, complaints and compliments: recording, actions with owners
and due dates, resolving with an outcome, corrective measures and a process review, overdue
items, and access."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.models import QualityItem
from quality.rules import resolution_problems
from quality.selectors import quality_items_overdue
from quality.services import (
    quality_action_add,
    quality_action_complete,
    quality_item_assign,
    quality_item_open_for_low_feedback,
    quality_item_resolve,
)
from tests.peernetworks.factories import FacilitatorFactory, UserFactory
from tests.quality.factories import delivered_with_attendance, low_feedback, quality_item

pytestmark = pytest.mark.django_db

TODAY = date(2021, 10, 1)


# Rules -------------------------------------------------------------------------------------


def test_it_resolves_a_compliment_with_an_outcome_alone():
    assert (
        resolution_problems(
            kind="compliment",
            source="recorded",
            outcome="Thanked the facilitator.",
            process_review="",
            corrective_measures=0,
        )
        == {}
    )


def test_it_needs_an_outcome_for_every_item():
    problems = resolution_problems(
        kind="compliment",
        source="recorded",
        outcome=" ",
        process_review="",
        corrective_measures=0,
    )
    assert set(problems) == {"outcome"}


def test_it_needs_a_corrective_measure_and_a_process_review_for_a_complaint():
    problems = resolution_problems(
        kind="complaint",
        source="recorded",
        outcome="Apologised.",
        process_review="",
        corrective_measures=0,
    )
    assert set(problems) == {"corrective", "process_review"}


def test_it_needs_a_corrective_measure_for_a_low_score():
    problems = resolution_problems(
        kind="feedback",
        source="low_feedback_score",
        outcome="Spoke to Fran.",
        process_review="",
        corrective_measures=0,
    )
    assert set(problems) == {"corrective"}
    assert not resolution_problems(
        kind="feedback",
        source="low_feedback_score",
        outcome="Spoke to Fran.",
        process_review="",
        corrective_measures=1,
    )


# Services ----------------------------------------------------------------------------------


def test_it_defaults_the_resolve_by_date_to_fourteen_days(hub, hub_staff):
    item = quality_item(hub, raised_on=date(2021, 9, 10), created_by=hub_staff)
    assert item.due_on == date(2021, 9, 24)
    assert item.created_by == hub_staff and item.source == "recorded"


def test_it_refuses_an_owner_from_another_hub(hub, other_hub_staff):
    with pytest.raises(ValidationError) as refused:
        quality_item(hub, owner=other_hub_staff)
    assert "owner" in refused.value.message_dict


def test_it_resolves_a_complaint_with_corrective_measure_and_review(hub, hub_staff):
    item = quality_item(hub, kind="complaint")
    with pytest.raises(ValidationError) as refused:
        quality_item_resolve(item=item, by=hub_staff, outcome="Apologised.")
    assert set(refused.value.message_dict) == {"corrective", "process_review"}

    quality_action_add(
        item=item,
        kind="action_plan",
        description="Call Priya back.",
        owner=hub_staff,
        due_on=date(2021, 9, 12),
    )
    with pytest.raises(ValidationError):
        quality_item_resolve(
            item=item, by=hub_staff, outcome="Apologised.", process_review="Timers in sessions."
        )
    quality_action_add(
        item=item,
        kind="corrective",
        description="Facilitator keeps a visible timer.",
        owner=hub_staff,
        due_on=date(2021, 9, 20),
    )
    resolved = quality_item_resolve(
        item=item, by=hub_staff, outcome="Apologised.", process_review="Timers in sessions."
    )
    assert resolved.status == "resolved" and resolved.resolved_by == hub_staff
    assert resolved.resolved_at is not None


def test_it_changes_nothing_once_resolved(hub, hub_staff):
    item = quality_item(hub, kind="compliment")
    quality_item_resolve(item=item, by=hub_staff, outcome="Passed on to the facilitator.")
    with pytest.raises(ValidationError):
        quality_action_add(
            item=item, kind="corrective", description="x", owner=hub_staff, due_on=TODAY
        )
    with pytest.raises(ValidationError):
        quality_item_resolve(item=item, by=hub_staff, outcome="Again.")
    with pytest.raises(ValidationError):
        quality_item_assign(item=item, owner=hub_staff, due_on=TODAY)


def test_it_gives_every_action_an_owner_of_the_hub(hub, hub_staff, other_hub_staff):
    item = quality_item(hub)
    with pytest.raises(ValidationError) as refused:
        quality_action_add(
            item=item, kind="corrective", description="x", owner=other_hub_staff, due_on=TODAY
        )
    assert "owner" in refused.value.message_dict


def test_it_marks_an_action_done_once(hub, hub_staff):
    item = quality_item(hub)
    action = quality_action_add(
        item=item, kind="corrective", description="x", owner=hub_staff, due_on=TODAY
    )
    assert quality_action_complete(action=action, done_on=TODAY)
    assert not quality_action_complete(action=action, done_on=TODAY + timedelta(days=1))
    action.refresh_from_db()
    assert action.done_on == TODAY


# Overdue -----------------------------------------------------------------------------------


def test_it_lists_open_items_past_their_date_as_overdue(hub, hub_staff, other_hub):
    late = quality_item(hub, raised_on=date(2021, 9, 1), due_on=TODAY - timedelta(days=1))
    quality_item(hub, raised_on=date(2021, 9, 1), due_on=TODAY)  # due today: not yet
    resolved = quality_item(
        hub, kind="compliment", raised_on=date(2021, 9, 1), due_on=date(2021, 9, 2)
    )
    quality_item_resolve(item=resolved, by=hub_staff, outcome="Shared with the team.")
    quality_item(other_hub, raised_on=date(2021, 9, 1), due_on=date(2021, 9, 2))

    assert list(quality_items_overdue(hub_staff, today=TODAY)) == [late]


def test_it_lists_an_item_with_an_overdue_action(hub, hub_staff):
    item = quality_item(hub, raised_on=date(2021, 9, 20), due_on=date(2021, 10, 30))
    action = quality_action_add(
        item=item,
        kind="action_plan",
        description="Ring back",
        owner=hub_staff,
        due_on=date(2021, 9, 25),
    )
    quality_action_add(
        item=item,
        kind="corrective",
        description="Later",
        owner=hub_staff,
        due_on=date(2021, 10, 20),
    )
    (overdue,) = quality_items_overdue(hub_staff, today=TODAY)
    assert overdue == item and overdue.overdue_action_count == 1

    quality_action_complete(action=action, done_on=TODAY)
    assert not quality_items_overdue(hub_staff, today=TODAY).exists()


def test_it_shows_overdue_items_to_nobody_outside_the_hub(
    hub, national_coordinator, other_hub_staff
):
    quality_item(hub, raised_on=date(2021, 9, 1), due_on=date(2021, 9, 2))
    facilitator = FacilitatorFactory(hub=hub)
    for user in (national_coordinator, other_hub_staff, facilitator):
        assert not quality_items_overdue(user, today=TODAY).exists()


def test_it_reads_overdue_items_in_one_query(hub, hub_staff, django_assert_num_queries):
    for n in range(5):
        item = quality_item(hub, raised_on=date(2021, 9, 1), due_on=date(2021, 9, 2 + n))
        quality_action_add(
            item=item,
            kind="corrective",
            description="x",
            owner=hub_staff,
            due_on=date(2021, 9, 5),
        )
    with django_assert_num_queries(1):
        items = list(quality_items_overdue(hub_staff, today=TODAY))
        assert [i.owner for i in items] and [i.about_cohort for i in items]
    assert len(items) == 5


# Pages -------------------------------------------------------------------------------------


def test_it_records_an_item_from_the_page(staff_client, hub, hub_staff):
    response = staff_client.post(
        reverse("quality:item-create"),
        {
            "kind": "complaint",
            "raised_by_type": "participant",
            "raised_by_name": "Priya Shah",
            "channel": "phone",
            "raised_on": "2021-09-10",
            "about": "Joining link",
            "summary": "The link did not work.",
            "owner": hub_staff.pk,
        },
    )
    item = QualityItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:item-detail", args=[item.pk])
    assert (item.hub, item.owner, item.created_by) == (hub, hub_staff, hub_staff)
    assert item.due_on == date(2021, 9, 24)


def test_it_resolves_a_low_score_with_a_corrective_action_on_the_page(
    staff_client, hub, hub_staff, programme_year
):
    session, (priya, _) = delivered_with_attendance(hub)
    item = quality_item_open_for_low_feedback(feedback=low_feedback(session, priya))
    detail = reverse("quality:item-detail", args=[item.pk])
    page = staff_client.get(detail)
    assert page.status_code == 200 and "Opened automatically" in page.content.decode()

    refused = staff_client.post(
        reverse("quality:item-resolve", args=[item.pk]), {"outcome": "Spoke to Fran."}
    )
    assert refused.status_code == 400
    assert "Record at least one corrective measure." in refused.content.decode()

    staff_client.post(
        reverse("quality:action-add", args=[item.pk]),
        {
            "kind": "corrective",
            "description": "Fran shortens the input and adds a round of questions.",
            "owner": hub_staff.pk,
            "due_on": "2021-09-20",
        },
    )
    done = staff_client.post(
        reverse("quality:item-resolve", args=[item.pk]), {"outcome": "Spoke to Fran."}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "resolved" and item.outcome == "Spoke to Fran."


def test_it_lists_the_log_in_a_constant_number_of_queries(staff_client, hub, hub_staff):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("quality:item-list") + "?show=all").status_code == 200
        return len(captured)

    quality_item(hub, owner=hub_staff)
    few = count()
    for _ in range(6):
        item = quality_item(hub, owner=UserFactory(hub=hub))
        quality_action_add(
            item=item, kind="corrective", description="x", owner=hub_staff, due_on=TODAY
        )
    assert count() == few


# Access ------------------------------------------------------------------------------------

STAFF_PAGES = ["quality:item-list", "quality:item-create"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_it_refuses_facilitators_and_the_national_coordinator(
    client, hub, national_coordinator, name
):
    for user in (FacilitatorFactory(hub=hub), national_coordinator):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_it_hides_another_hubs_items(client, hub, other_hub, hub_staff, other_hub_staff):
    theirs = quality_item(other_hub)
    action = quality_action_add(
        item=theirs, kind="corrective", description="x", owner=other_hub_staff, due_on=TODAY
    )
    client.force_login(hub_staff)
    assert client.get(reverse("quality:item-detail", args=[theirs.pk])).status_code == 404
    for name in ("quality:item-resolve", "quality:action-add", "quality:item-assign"):
        assert client.post(reverse(name, args=[theirs.pk]), {"outcome": "x"}).status_code == 404
    assert client.post(reverse("quality:action-done", args=[action.pk])).status_code == 404
    ours = quality_item(hub, raised_by_name="Tom Okafor")
    listing = client.get(reverse("quality:item-list") + "?show=all")
    assert listing.context["items"] == [ours]
    action.refresh_from_db()
    assert action.done_on is None
