"""Annex 1 and QM-4: facilitator and provider records, and each facilitator's page for hub
staff with their observation history and mean feedback (aggregated: constant queries)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.models import ANNEX_1, PractitionerProfile, ProfileCheck
from quality.rules import characteristics_for, checklist_summary
from quality.selectors import practitioner_page, practitioner_rows
from quality.services import (
    practitioner_profile_for,
    practitioner_profile_save,
    profile_checklist_save,
    quality_item_open_for_low_feedback,
)
from tests.cohorts.factories import CohortFactory
from tests.feedback.factories import SessionFeedbackFactory
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory, UserFactory
from tests.quality.factories import delivered_with_attendance, low_feedback
from tests.sessions.factories import ObservationFactory, SessionFactory

pytestmark = pytest.mark.django_db


# Annex 1 -----------------------------------------------------------------------------------


def test_it_lists_annex_1_for_each_role():
    facilitator, provider = characteristics_for("facilitator"), characteristics_for("provider")
    assert (sum(c.essential for c in facilitator), sum(not c.essential for c in facilitator)) == (
        18,
        5,
    )
    assert (sum(c.essential for c in provider), sum(not c.essential for c in provider)) == (18, 4)
    assert characteristics_for("hub_staff") == ()
    assert len({c.code for c in ANNEX_1}) == len(ANNEX_1)


def test_it_counts_essential_and_desirable_characteristics_met():
    essentials = [c.code for c in characteristics_for("facilitator") if c.essential]
    summary = checklist_summary("facilitator", essentials[:-1] + ["peer_groups", "unknown"])
    assert (summary.essential_met, summary.essential_total) == (17, 18)
    assert (summary.desirable_met, summary.desirable_total) == (1, 5)
    assert summary.essential_missing == (essentials[-1],)
    assert not summary.all_essential_met
    assert checklist_summary("facilitator", essentials).all_essential_met


def test_it_meets_a_characteristic_only_on_evidence(hub, hub_staff):
    profile = practitioner_profile_for(FacilitatorFactory(hub=hub))
    with pytest.raises(ValidationError) as refused:
        profile_checklist_save(profile=profile, entries={"integrity": (True, "  ")}, by=hub_staff)
    assert "integrity" in refused.value.message_dict
    with pytest.raises(ValidationError):  # a provider's characteristic, not a facilitator's
        profile_checklist_save(
            profile=profile, entries={"influencer": (True, "Reference")}, by=hub_staff
        )

    changed = profile_checklist_save(
        profile=profile,
        entries={
            "integrity": (True, "Two references"),
            "engaging": (False, ""),
            "smes": (False, ""),
        },
        by=hub_staff,
        today=date(2021, 6, 1),
    )
    assert changed == 1  # nothing is stored for an unticked line without evidence
    check = ProfileCheck.objects.get()
    assert (check.code, check.met, check.evidence, check.checked_by) == (
        "integrity",
        True,
        "Two references",
        hub_staff,
    )
    assert (
        profile_checklist_save(
            profile=profile, entries={"integrity": (True, "Two references")}, by=hub_staff
        )
        == 0
    )


def test_it_keeps_profiles_for_facilitators_and_providers_only(hub):
    assert practitioner_profile_for(ProviderFactory(hub=hub)).pk
    with pytest.raises(ValidationError):
        practitioner_profile_for(UserFactory(hub=hub))


def test_it_dates_a_declared_conflict_of_interest(hub):
    profile = practitioner_profile_for(FacilitatorFactory(hub=hub))
    practitioner_profile_save(
        profile=profile,
        supplier_name="Action Learning Ltd",
        contract_start=date(2021, 4, 1),
        contract_end=date(2022, 3, 31),
        orientation_completed_on=date(2021, 4, 20),
        conflicts_of_interest="Non-executive director of a member's supplier.",
    )
    profile.refresh_from_db()
    assert profile.conflicts_declared_on is not None
    with pytest.raises(ValidationError):
        practitioner_profile_save(
            profile=profile, contract_start=date(2021, 4, 1), contract_end=date(2021, 3, 1)
        )


# The facilitator's page ----------------------------------------------------------------------


def _facilitator_with_history(hub, *, cohorts=1, sessions=2):
    fran = FacilitatorFactory(hub=hub, first_name="Fran", last_name="Lead")
    for c in range(cohorts):
        session, people = delivered_with_attendance(hub, members=2, lead_facilitator=fran)
        extra = [
            SessionFactory(cohort=session.cohort, number=n + 2, status="delivered")
            for n in range(sessions - 1)
        ]
        for s in [session, *extra]:
            ObservationFactory(
                session=s,
                completed_on=date(2021, 9, 20),
                score_topic=4,
                score_facilitation=3,
                score_behaviour=5,
                feedback_to_facilitator=f"Good pace in cohort {c}.",
            )
            SessionFeedbackFactory(session=s, participant=people[0], satisfaction=5)
            SessionFeedbackFactory(session=s, participant=people[1], satisfaction=2)
    return fran


def test_it_shows_observations_and_mean_feedback(hub, hub_staff, programme_year):
    fran = _facilitator_with_history(hub, cohorts=1, sessions=2)
    other = FacilitatorFactory(hub=hub)
    session, people = delivered_with_attendance(hub, members=1, lead_facilitator=other)
    SessionFeedbackFactory(session=session, participant=people[0], satisfaction=1)

    page = practitioner_page(hub_staff, fran.pk)

    assert len(page.observations) == 2
    assert page.observation_means == {
        "topic": Decimal("4.00"),
        "facilitation": Decimal("3.00"),
        "behaviour": Decimal("5.00"),
    }
    assert page.feedback.responses == 4
    assert page.feedback.satisfaction == Decimal("3.50")
    assert page.feedback.facilitation == Decimal("5.00")
    assert [row.means.responses for row in page.feedback_by_cohort] == [4]


def test_it_renders_the_page_in_a_constant_number_of_queries(staff_client, hub, programme_year):
    small = _facilitator_with_history(hub, cohorts=1, sessions=1)
    large = _facilitator_with_history(hub, cohorts=3, sessions=3)
    session, people = delivered_with_attendance(hub, lead_facilitator=large)
    quality_item_open_for_low_feedback(feedback=low_feedback(session, people[0]))
    profile_checklist_save(
        profile=practitioner_profile_for(large),
        entries={"integrity": (True, "References")},
        by=None,
    )

    def count(person) -> int:
        url = reverse("quality:practitioner-detail", args=[person.pk])
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url)
        assert response.status_code == 200
        return len(captured)

    assert count(large) == count(small)
    text = staff_client.get(reverse("quality:practitioner-detail", args=[large.pk])).content
    assert b"Good pace in cohort 2." in text and b"Essential: 1 of 18" in text


def test_it_lists_facilitators_and_providers_in_a_constant_number_of_queries(
    staff_client, hub, programme_year
):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse("quality:practitioner-list"))
        assert response.status_code == 200
        return len(captured)

    _facilitator_with_history(hub)
    few = count()
    for _ in range(3):
        _facilitator_with_history(hub, cohorts=2)
        PractitionerProfile.objects.create(user=ProviderFactory(hub=hub))
    assert count() == few
    rows = practitioner_rows(UserFactory(hub=hub))
    assert len(rows) == 7 and {r.observations for r in rows} == {0, 2, 4}


def test_it_edits_the_profile_and_checklist_from_the_pages(staff_client, hub):
    fran = FacilitatorFactory(hub=hub)
    response = staff_client.post(
        reverse("quality:profile-edit", args=[fran.pk]),
        {"supplier_name": "Peer Partners LLP", "orientation_completed_on": "2021-05-01"},
    )
    assert response.status_code == 302
    assert fran.practitioner_profile.supplier_name == "Peer Partners LLP"

    refused = staff_client.post(
        reverse("quality:checklist-edit", args=[fran.pk]), {"met_integrity": "on"}
    )
    assert refused.status_code == 200 and not ProfileCheck.objects.exists()
    staff_client.post(
        reverse("quality:checklist-edit", args=[fran.pk]),
        {"met_integrity": "on", "evidence_integrity": "Interview notes"},
    )
    assert ProfileCheck.objects.get().evidence == "Interview notes"


# Access ------------------------------------------------------------------------------------


def test_it_hides_another_hubs_facilitators(client, hub, other_hub, hub_staff):
    theirs = FacilitatorFactory(hub=other_hub)
    client.force_login(hub_staff)
    for name in ("quality:practitioner-detail", "quality:profile-edit", "quality:checklist-edit"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    staff = UserFactory(hub=hub)  # hub staff have no practitioner page
    assert client.get(reverse("quality:practitioner-detail", args=[staff.pk])).status_code == 404


def test_it_keeps_facilitators_off_the_staff_pages(client, hub):
    fran = FacilitatorFactory(hub=hub)
    client.force_login(fran)
    assert client.get(reverse("quality:practitioner-list")).status_code == 403
    assert client.get(reverse("quality:practitioner-detail", args=[fran.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("quality:practitioner-detail", args=[fran.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_reads_a_cohort_with_no_feedback(hub, hub_staff, programme_year):
    fran = FacilitatorFactory(hub=hub)
    CohortFactory(hub=hub, lead_facilitator=fran)
    page = practitioner_page(hub_staff, fran.pk)
    assert page.feedback.responses == 0 and page.feedback.satisfaction is None
    assert len(page.cohorts) == 1 and page.observations == []
