"""Hub staff reopen a resolved quality item with a reason. The resolution is cleared
(kept in the item's history), the item is open again and, past its resolve-by date, overdue;
another hub's staff cannot reach it. Also the resolve-by default read from the programme year."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacy.services import participant_anonymise
from quality.models import QualityItem, QualityItemUpdate
from quality.selectors import quality_item_detail, quality_items_overdue
from quality.services import (
    quality_action_add,
    quality_item_open_for_low_feedback,
    quality_item_reopen,
    quality_item_resolve,
)
from tests.cohorts.factories import CohortFactory
from tests.peernetworks.factories import FacilitatorFactory, ProgrammeYearFactory
from tests.quality.factories import delivered_with_attendance, low_feedback, quality_item

pytestmark = pytest.mark.django_db

TODAY = date(2021, 10, 1)
NOON = timezone.make_aware(datetime(2021, 10, 1, 12, 0))


def resolved_complaint(hub, staff, **kw):
    item = quality_item(hub, kind="complaint", created_by=staff, **kw)
    quality_action_add(
        item=item,
        kind="corrective",
        description="Visible timer in sessions.",
        owner=staff,
        due_on=date(2021, 9, 20),
    )
    return quality_item_resolve(
        item=item, by=staff, outcome="Apologised.", process_review="Timers.", now=NOON
    )


def test_it_reopens_a_resolved_item_and_keeps_the_resolution_in_its_history(hub, hub_staff):
    item = resolved_complaint(hub, hub_staff, raised_on=date(2021, 9, 10))

    reopened = quality_item_reopen(
        item=item, by=hub_staff, reason="  Priya wrote again: it overran.  ", now=NOON
    )

    assert reopened.status == "open" and reopened.is_open
    assert (reopened.outcome, reopened.process_review) == ("", "")
    assert reopened.resolved_at is None and reopened.resolved_by is None
    resolved, reopening = QualityItemUpdate.objects.filter(item=item)
    assert (resolved.kind, resolved.outcome, resolved.by) == ("resolved", "Apologised.", hub_staff)
    assert reopening.kind == "reopened" and reopening.by == hub_staff
    assert reopening.reason == "Priya wrote again: it overran."
    assert (reopening.outcome, reopening.process_review) == ("Apologised.", "Timers.")


def test_a_reopened_item_past_its_date_is_overdue_again(hub, hub_staff):
    item = resolved_complaint(hub, hub_staff, raised_on=date(2021, 9, 10))  # due 24 Sep
    assert not quality_items_overdue(hub_staff, today=TODAY).exists()

    quality_item_reopen(item=item, by=hub_staff, reason="It happened again.")

    assert list(quality_items_overdue(hub_staff, today=TODAY)) == [item]


def test_it_resolves_a_reopened_item_again(hub, hub_staff):
    item = resolved_complaint(hub, hub_staff)
    quality_item_reopen(item=item, by=hub_staff, reason="Again.")
    again = quality_item_resolve(
        item=item, by=hub_staff, outcome="New room booked.", process_review="Rooms checked."
    )
    assert again.status == "resolved" and again.outcome == "New room booked."
    kinds = list(QualityItemUpdate.objects.filter(item=item).values_list("kind", flat=True))
    assert kinds == ["resolved", "reopened", "resolved"]


def test_it_needs_a_reason(hub, hub_staff):
    item = resolved_complaint(hub, hub_staff)
    with pytest.raises(ValidationError) as refused:
        quality_item_reopen(item=item, by=hub_staff, reason="   ")
    assert "reason" in refused.value.message_dict
    item.refresh_from_db()
    assert item.status == "resolved"
    assert not QualityItemUpdate.objects.filter(kind="reopened").exists()


def test_it_reopens_only_a_resolved_item(hub, hub_staff):
    item = quality_item(hub)
    with pytest.raises(ValidationError) as refused:
        quality_item_reopen(item=item, by=hub_staff, reason="Why not.")
    assert "status" in refused.value.message_dict


def test_it_erases_the_history_with_the_participant(hub, hub_staff, programme_year):
    """GDPR-3: the history holds what was said, so erasure reaches it too."""
    session, (priya, _) = delivered_with_attendance(hub)
    item = quality_item_open_for_low_feedback(feedback=low_feedback(session, priya))
    quality_action_add(item=item, kind="corrective", description="x", owner=hub_staff, due_on=TODAY)
    quality_item_resolve(item=item, by=hub_staff, outcome="Spoke to Priya's facilitator.")
    quality_item_reopen(item=item, by=hub_staff, reason="Priya phoned again.")

    participant_anonymise(participant=priya)

    texts = QualityItemUpdate.objects.values_list("reason", "outcome")
    assert all("Priya" not in text for row in texts for text in row)


# Pages -------------------------------------------------------------------------------------


def test_staff_reopen_an_item_from_its_page(staff_client, hub, hub_staff):
    item = resolved_complaint(hub, hub_staff)
    detail = reverse("quality:item-detail", args=[item.pk])
    page = staff_client.get(detail).content.decode()
    assert 'id="reopen-heading"' in page and 'id="item-history"' in page

    response = staff_client.post(
        reverse("quality:item-reopen", args=[item.pk]), {"reason": "Priya wrote again."}
    )

    assert response.status_code == 302 and response["Location"] == detail
    item.refresh_from_db()
    assert item.is_open
    page = staff_client.get(detail).content.decode()
    assert "Reason: Priya wrote again." in page and "Outcome cleared: Apologised." in page
    assert 'id="resolve-heading"' in page and 'id="reopen-heading"' not in page


def test_the_page_names_the_missing_reason(staff_client, hub, hub_staff):
    item = resolved_complaint(hub, hub_staff)
    response = staff_client.post(reverse("quality:item-reopen", args=[item.pk]), {"reason": ""})
    assert response.status_code == 400
    assert response.context["reopen_form"].errors["reason"]
    item.refresh_from_db()
    assert item.status == "resolved"


def test_reopening_an_open_item_from_the_page_is_refused(staff_client, hub, hub_staff):
    item = quality_item(hub)
    response = staff_client.post(reverse("quality:item-reopen", args=[item.pk]), {"reason": "x"})
    assert response.status_code == 400
    assert "Only a resolved item can be reopened." in response.content.decode()


def test_another_hubs_staff_cannot_reopen(client, hub, other_hub_staff, hub_staff):
    item = resolved_complaint(hub, hub_staff)
    client.force_login(other_hub_staff)
    response = client.post(reverse("quality:item-reopen", args=[item.pk]), {"reason": "x"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "resolved"
    assert not QualityItemUpdate.objects.filter(kind="reopened").exists()


def test_facilitators_and_visitors_cannot_reopen(client, hub, hub_staff, national_coordinator):
    item = resolved_complaint(hub, hub_staff)
    url = reverse("quality:item-reopen", args=[item.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302  # to the login page
    for user in (FacilitatorFactory(hub=hub), national_coordinator):
        client.force_login(user)
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert client.get(url).status_code == 405


def test_the_item_page_reads_its_history_in_a_fixed_number_of_queries(
    hub, hub_staff, django_assert_num_queries
):
    item = resolved_complaint(hub, hub_staff)
    with django_assert_num_queries(3):
        quality_item_detail(hub_staff, item.pk).update_list  # noqa: B018
    for n in range(3):
        quality_item_reopen(item=item, by=hub_staff, reason=f"Again {n}")
        quality_item_resolve(item=item, by=hub_staff, outcome="x", process_review="y")
    with django_assert_num_queries(3):
        assert len(quality_item_detail(hub_staff, item.pk).update_list) == 7


# The resolve-by default is the programme year's ----------------------------------


def test_it_dates_a_recorded_item_by_its_cohorts_programme_year(hub, hub_staff):
    year = ProgrammeYearFactory(quality_item_days_to_resolve=5)
    cohort = CohortFactory(hub=hub, programme_year=year)
    item = quality_item(hub, raised_on=date(2021, 9, 10), about_cohort=cohort)
    assert item.due_on == date(2021, 9, 15)


def test_it_dates_an_item_without_a_cohort_by_the_year_it_was_raised_in(hub):
    ProgrammeYearFactory(quality_item_days_to_resolve=21)
    assert quality_item(hub, raised_on=date(2021, 9, 10)).due_on == date(2021, 10, 1)
    assert QualityItem.objects.count() == 1
