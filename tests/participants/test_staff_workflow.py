"""Hub staff working through registrations: the participant list and its filters, a
participant's decision, the hub's actions on it (ELIG-6, -10, discretion), and the admin."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from participants.models import (
    Business,
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
    Participant,
)
from participants.services import participant_record_discretion
from tests.participants.factories import BusinessFactory, ParticipantFactory, assessed_participant
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db

LIST_URL = reverse("participants:participant-list")
# Session, user, the user's hub (page header), the programme year (footer), then the count and
# one page of participants with their business, hub and year joined.
LIST_QUERIES = 9  # the page, its count, and three for the at-risk flags (SES-8)
# Session, user, hub, year, the participant, possible duplicates, the latest assessment and the
# history (two queries on one queryset), and the discretion decisions.
DETAIL_QUERIES = 9


def detail_url(participant) -> str:
    return reverse("participants:participant-detail", args=[participant.pk])


def action_url(participant, action: str) -> str:
    return reverse(f"participants:participant-{action}", args=[participant.pk])


def listed(response) -> set[int]:
    return {participant.pk for participant in response.context["page"].object_list}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def eligible(programme_year, hub):
    return assessed_participant(
        programme_year=programme_year,
        first_name="Erin",
        last_name="Eligible",
        business=BusinessFactory(hub=hub, name="Evergreen Ltd"),
    )


@pytest.fixture
def pending(programme_year, hub):
    """Out of the hub's area: awaiting the hub's decision (ELIG-6)."""
    return assessed_participant(
        programme_year=programme_year,
        first_name="Pat",
        last_name="Pending",
        business=BusinessFactory(hub=hub, name="Peak Ltd", trading_address_in_hub_area=False),
    )


@pytest.fixture
def ineligible(programme_year, hub):
    return assessed_participant(
        programme_year=programme_year,
        first_name="Ian",
        last_name="Ineligible",
        business=BusinessFactory(hub=hub, name="Ivy Ltd", turnover_gbp=50_000),
    )


@pytest.fixture
def covid_case(programme_year, hub):
    """Current turnover below £100,000, pre-Covid above it: awaiting viability (ELIG-10)."""
    return assessed_participant(
        programme_year=programme_year,
        first_name="Cora",
        last_name="Covid",
        business=BusinessFactory(
            hub=hub,
            name="Corner Cafe Ltd",
            turnover_gbp=80_000,
            pre_covid_employees_full_time=9,
            pre_covid_employees_part_time_permanent=2,
            pre_covid_turnover_gbp=200_000,
        ),
    )


@pytest.fixture
def stranger(programme_year, other_hub):
    """Another hub's participant, out of area so every action would apply to them."""
    return assessed_participant(
        programme_year=programme_year,
        first_name="Sam",
        last_name="Stranger",
        business=BusinessFactory(
            hub=other_hub, name="Liverpool Ltd", trading_address_in_hub_area=False
        ),
    )


# --- The list ---------------------------------------------------------------------------------


def test_it_lists_only_the_hubs_own_participants(staff_client, eligible, pending, stranger):
    response = staff_client.get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == {eligible.pk, pending.pk}
    body = response.content.decode()
    assert "Erin Eligible" in body
    assert "Evergreen Ltd" in body
    assert "Sam Stranger" not in body
    assert "Liverpool Ltd" not in body
    assert "2 participants" in body


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("", {"eligible", "pending", "approved", "refused", "ineligible", "no_charter"}),
        ("ready", {"eligible", "approved"}),
        ("discretion_pending", {"pending"}),
        ("ineligible", {"ineligible"}),
        ("eligible", {"eligible", "no_charter"}),
        ("needs_discretion", {"pending", "approved", "refused"}),
        ("nonsense", {"eligible", "pending", "approved", "refused", "ineligible", "no_charter"}),
    ],
)
def test_it_filters_the_list(
    staff_client, hub_staff, programme_year, hub, eligible, pending, ineligible, stranger,
    show, expected,
):  # fmt: skip
    def decided(decision: str) -> Participant:
        participant = assessed_participant(
            programme_year=programme_year,
            business=BusinessFactory(hub=hub, trading_address_in_hub_area=False),
        )
        participant_record_discretion(
            participant=participant, decision=decision, reason="Decided.", decided_by=hub_staff
        )
        return participant

    people = {
        "eligible": eligible,
        "pending": pending,
        "ineligible": ineligible,
        "approved": decided("approved"),
        "refused": decided("refused"),
        "no_charter": assessed_participant(
            programme_year=programme_year,
            charter_signed_at=None,
            business=BusinessFactory(hub=hub),
        ),
    }
    response = staff_client.get(LIST_URL, {"show": show})
    assert response.status_code == 200
    assert listed(response) == {people[name].pk for name in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("erin", {"eligible"}),
        ("PENDING", {"pending"}),
        ("ivy", {"ineligible"}),
        ("@example.org", {"eligible", "pending", "ineligible"}),
        ("stranger", set()),
        ("nobody-called-this", set()),
    ],
)
def test_it_searches_the_list(
    staff_client, eligible, pending, ineligible, stranger, query, expected
):
    people = {"eligible": eligible, "pending": pending, "ineligible": ineligible}
    response = staff_client.get(LIST_URL, {"q": query})
    assert listed(response) == {people[name].pk for name in expected}


def test_it_combines_search_and_filter(staff_client, eligible, pending, ineligible):
    response = staff_client.get(LIST_URL, {"q": "ltd", "show": "discretion_pending"})
    assert listed(response) == {pending.pk}


def test_it_keeps_the_list_for_staff(client, hub, national_coordinator, eligible):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

    client.force_login(FacilitatorFactory(hub=hub))
    assert client.get(LIST_URL).status_code == 403

    client.force_login(national_coordinator)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == set()  # no personal data for the national coordinator
    assert "Erin Eligible" not in response.content.decode()


def test_it_runs_a_constant_number_of_queries_for_the_list(
    staff_client, programme_year, hub, django_assert_max_num_queries
):
    for _ in range(3):
        assessed_participant(programme_year=programme_year, business=BusinessFactory(hub=hub))
    with django_assert_max_num_queries(LIST_QUERIES) as few:
        assert staff_client.get(LIST_URL).status_code == 200

    for _ in range(27):
        assessed_participant(programme_year=programme_year, business=BusinessFactory(hub=hub))
    with django_assert_max_num_queries(LIST_QUERIES) as many:
        response = staff_client.get(LIST_URL)
    assert len(listed(response)) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_marks_who_is_at_risk_from_two_absences_in_a_row(staff_client, programme_year, hub):
    """SES-8: attendance is the sessions app's; the project shell passes it to the list."""
    _, members, (first, second, *_) = cohort_in_session(3, hub=hub)
    absent = members[0]
    record(first, members, **{f"p{absent.pk}": "absent"})
    record(second, members, **{f"p{absent.pk}": "apologies"})
    response = staff_client.get(LIST_URL)
    assert listed(response) == {member.pk for member in members}
    assert {p.pk for p in response.context["page"].object_list if p.at_risk} == {absent.pk}
    assert response.content.decode().count("At risk: two absences in a row") == 1


# --- The detail page --------------------------------------------------------------------------


def test_it_shows_the_decision_and_its_reasons(staff_client, ineligible):
    response = staff_client.get(detail_url(ineligible))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ian Ineligible" in body
    outcome = body.split('id="eligibility-outcome"', 1)[1].split("</p>", 1)[0]
    assert "Ineligible" in outcome
    assert "Failed rules: ELIG-4" in body
    assert "ELIG-4: turnover of £50,000 is below the £100,000 minimum." in body
    assert "Not yet ready for a cohort" in body
    assert "Record the hub&#x27;s decision" not in body  # nothing for the hub to decide


def test_it_offers_a_decision_where_one_is_needed(staff_client, pending):
    body = staff_client.get(detail_url(pending)).content.decode()
    assert "Needs a hub decision" in body
    assert "For the hub to decide: ELIG-6" in body
    assert action_url(pending, "discretion") in body


def test_it_shows_an_eligible_participant_as_ready(staff_client, eligible):
    body = staff_client.get(detail_url(eligible)).content.decode()
    outcome = body.split('id="eligibility-outcome"', 1)[1].split("</p>", 1)[0]
    assert "Eligible" in outcome
    assert "Ready for a cohort." in body
    assert "Meets every criterion." in body


def test_it_answers_404_for_another_hubs_participant(staff_client, stranger):
    assert staff_client.get(detail_url(stranger)).status_code == 404


def test_it_sends_anonymous_users_to_the_login_page(client, eligible):
    response = client.get(detail_url(eligible))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={detail_url(eligible)}"


def test_it_refuses_facilitators(client, hub, eligible):
    client.force_login(FacilitatorFactory(hub=hub))
    assert client.get(detail_url(eligible)).status_code == 403


def test_it_shows_the_national_coordinator_no_personal_data(client, national_coordinator, eligible):
    client.force_login(national_coordinator)
    assert client.get(detail_url(eligible)).status_code == 404


def test_it_answers_404_for_a_participant_that_does_not_exist(staff_client, db):
    assert (
        staff_client.get(reverse("participants:participant-detail", args=[99999])).status_code
        == 404
    )


def test_it_runs_a_constant_number_of_queries_for_the_detail_page(
    staff_client, programme_year, hub, hub_staff, pending, django_assert_max_num_queries
):
    def add_participants(count: int) -> None:
        for _ in range(count):
            assessed_participant(programme_year=programme_year, business=BusinessFactory(hub=hub))

    add_participants(2)
    with django_assert_max_num_queries(DETAIL_QUERIES) as few:
        assert staff_client.get(detail_url(pending)).status_code == 200

    add_participants(27)
    for reason in ("First look.", "Second look.", "Third look."):
        participant_record_discretion(
            participant=pending, decision="refused", reason=reason, decided_by=hub_staff
        )
    with django_assert_max_num_queries(DETAIL_QUERIES) as many:
        assert staff_client.get(detail_url(pending)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_warns_of_a_possible_duplicate_business(staff_client, programme_year, hub, eligible):
    twin = assessed_participant(
        programme_year=programme_year,
        business=BusinessFactory(
            hub=hub, name=eligible.business.name.upper(), postcode=eligible.business.postcode
        ),
    )
    body = staff_client.get(detail_url(twin)).content.decode()
    assert 'id="duplicate-warning"' in body
    assert "Possible duplicate business:" in body
    assert "Evergreen Ltd" in body


def test_it_does_not_warn_without_a_duplicate(staff_client, eligible, pending):
    body = staff_client.get(detail_url(eligible)).content.decode()
    assert 'id="duplicate-warning"' not in body


def test_it_does_not_reveal_another_hubs_duplicate(
    staff_client, programme_year, eligible, other_hub
):
    BusinessFactory(hub=other_hub, name="Evergreen Ltd", postcode=eligible.business.postcode)
    body = staff_client.get(detail_url(eligible)).content.decode()
    assert 'id="duplicate-warning"' not in body


# --- Actions ----------------------------------------------------------------------------------


def test_it_records_the_hubs_approval(staff_client, hub_staff, pending):
    response = staff_client.post(
        action_url(pending, "discretion"),
        {"decision": "approved", "reason": "Trades mostly in our area."},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(pending)
    record = DiscretionDecision.objects.get()
    assert record.participant == pending
    assert record.decided_by == hub_staff
    assert record.reason == "Trades mostly in our area."
    pending.refresh_from_db()
    assert pending.discretion_decision == DiscretionChoice.APPROVED
    assert pending.is_ready_for_cohort
    approved = "Saved. Eligibility is now: Eligible (needs a hub decision, approved by the hub)."
    assert approved in messages_of(response)

    body = staff_client.get(detail_url(pending)).content.decode()
    assert "hub decision: approved" in body
    assert "Hub decision: Approved" in body  # the history


def test_it_records_the_hubs_refusal(staff_client, pending):
    staff_client.post(action_url(pending, "discretion"), {"decision": "refused", "reason": "No."})
    pending.refresh_from_db()
    assert pending.discretion_decision == DiscretionChoice.REFUSED
    assert pending not in Participant.objects.eligible()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"decision": "approved", "reason": ""}, "Reason: This field is required."),
        ({"decision": "approved", "reason": "   "}, "Reason: This field is required."),
        ({"reason": "Looks fine."}, "Decision: This field is required."),
        ({"decision": "maybe", "reason": "Looks fine."}, "Decision: Select a valid choice."),
    ],
    ids=["no reason", "blank reason", "no decision", "unknown decision"],
)
def test_it_explains_an_incomplete_decision_and_changes_nothing(
    staff_client, pending, data, expected
):
    response = staff_client.post(action_url(pending, "discretion"), data, follow=True)
    assert response.status_code == 200
    assert any(message.startswith(expected) for message in messages_of(response)), messages_of(
        response
    )
    assert expected.split(":")[0] in response.content.decode()
    assert not DiscretionDecision.objects.exists()
    pending.refresh_from_db()
    assert pending.discretion_decision == ""
    assert pending.assessments.count() == 1


def test_it_refuses_a_decision_on_an_eligible_participant(staff_client, eligible):
    response = staff_client.post(
        action_url(eligible, "discretion"), {"decision": "refused", "reason": "Dislike."}
    )
    assert response.status_code == 302
    assert any(
        message.startswith("Decision: Only an application needing a hub decision")
        for message in messages_of(response)
    )
    assert not DiscretionDecision.objects.exists()
    eligible.refresh_from_db()
    assert eligible.discretion_decision == ""
    assert eligible.is_eligible


def test_it_records_viability(staff_client, hub_staff, covid_case):
    assert covid_case.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    response = staff_client.post(action_url(covid_case, "viability"), {"viable": "yes"})
    assert response.status_code == 302
    covid_case.refresh_from_db()
    assert covid_case.eligibility_outcome == EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY
    assert covid_case.eligibility_flexibilities == "covid"
    assert covid_case.business.viable_going_forward is True
    assert covid_case.business.viability_assessed_by == hub_staff
    assert "Saved. Eligibility is now: Eligible with flexibility." in messages_of(response)


@pytest.mark.parametrize(
    ("answer", "outcome", "viable"),
    [
        ("no", EligibilityOutcome.INELIGIBLE, False),
        ("", EligibilityOutcome.NEEDS_DISCRETION, None),
    ],
)
def test_it_records_other_viability_answers(staff_client, covid_case, answer, outcome, viable):
    staff_client.post(action_url(covid_case, "viability"), {"viable": "yes"})
    staff_client.post(action_url(covid_case, "viability"), {"viable": answer})
    covid_case.refresh_from_db()
    assert covid_case.eligibility_outcome == outcome
    assert covid_case.business.viable_going_forward is viable


def test_it_refuses_an_unknown_viability_answer(staff_client, covid_case):
    response = staff_client.post(action_url(covid_case, "viability"), {"viable": "perhaps"})
    assert any("Select a valid choice" in message for message in messages_of(response))
    covid_case.refresh_from_db()
    assert covid_case.business.viable_going_forward is None
    assert covid_case.assessments.count() == 1


def test_it_records_a_cross_lep_agreement(staff_client, pending):
    response = staff_client.post(
        action_url(pending, "cross-lep"),
        {"agreed": "on", "note": "Agreed with LCR LEP on 3 May 2021."},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert pending.business.cross_lep_agreement is True
    assert pending.business.cross_lep_agreement_note == "Agreed with LCR LEP on 3 May 2021."
    assert "Saved. Eligibility is now: Eligible." in messages_of(response)


def test_it_explains_an_agreement_without_a_note_and_changes_nothing(staff_client, pending):
    response = staff_client.post(action_url(pending, "cross-lep"), {"agreed": "on", "note": ""})
    assert any("Say which LEP agreed, and when." in message for message in messages_of(response))
    pending.refresh_from_db()
    assert pending.business.cross_lep_agreement is False
    assert pending.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert pending.assessments.count() == 1


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("discretion", {"decision": "approved", "reason": "Sneaky."}),
        ("viability", {"viable": "no"}),
        ("cross-lep", {"agreed": "on", "note": "Sneaky."}),
    ],
)
def test_it_answers_404_for_another_hubs_participant_in_actions(
    staff_client, stranger, action, data
):
    response = staff_client.post(action_url(stranger, action), data)
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.discretion_decision == ""
    assert stranger.business.viable_going_forward is None
    assert stranger.business.cross_lep_agreement is False
    assert stranger.assessments.count() == 1
    assert not DiscretionDecision.objects.exists()


@pytest.mark.parametrize("action", ["discretion", "viability", "cross-lep"])
def test_it_takes_actions_only_by_post(staff_client, pending, action):
    assert staff_client.get(action_url(pending, action)).status_code == 405


@pytest.mark.parametrize("action", ["discretion", "viability", "cross-lep"])
def test_it_refuses_actions_to_other_roles(client, hub, national_coordinator, pending, action):
    data = {"decision": "approved", "reason": "x", "viable": "yes", "agreed": "on", "note": "x"}
    response = client.post(action_url(pending, action), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

    client.force_login(FacilitatorFactory(hub=hub))
    assert client.post(action_url(pending, action), data).status_code == 403

    client.force_login(national_coordinator)
    assert client.post(action_url(pending, action), data).status_code == 404
    pending.refresh_from_db()
    assert pending.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert pending.discretion_decision == ""


# --- The admin --------------------------------------------------------------------------------


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    args = [obj.pk] if view == "change" else []
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_it_scopes_the_participant_changelist_to_the_hub(staff_client, eligible, stranger):
    response = staff_client.get(admin_url(eligible, "changelist"))
    assert response.status_code == 200
    assert {p.pk for p in response.context["cl"].result_list} == {eligible.pk}
    body = response.content.decode()
    assert "Erin Eligible" in body
    assert "Sam Stranger" not in body


def test_it_scopes_the_business_changelist_to_the_hub(staff_client, eligible, stranger):
    response = staff_client.get(admin_url(eligible.business, "changelist"))
    assert response.status_code == 200
    assert {b.pk for b in response.context["cl"].result_list} == {eligible.business.pk}
    body = response.content.decode()
    assert "Evergreen Ltd" in body
    assert "Liverpool Ltd" not in body


def test_it_answers_404_for_another_hubs_admin_pages(staff_client, eligible, stranger):
    assert staff_client.get(admin_url(eligible, "change")).status_code == 200
    assert staff_client.get(admin_url(eligible.business, "change")).status_code == 200
    assert staff_client.get(admin_url(stranger, "change")).status_code == 404
    assert staff_client.get(admin_url(stranger.business, "change")).status_code == 404
    assessment = stranger.assessments.get()
    assert staff_client.get(admin_url(assessment, "change")).status_code == 404


def test_it_hides_participants_from_the_national_coordinator_in_the_admin(
    client, national_coordinator, eligible
):
    client.force_login(national_coordinator)
    assert client.get(admin_url(eligible, "changelist")).status_code == 403
    assert client.get(admin_url(eligible, "change")).status_code in (403, 404)


def test_it_reassesses_from_the_admin(staff_client, hub_staff, eligible, pending, stranger):
    response = staff_client.post(
        admin_url(eligible, "changelist"),
        {
            "action": "reassess_eligibility",
            "_selected_action": [eligible.pk, pending.pk],
            "index": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Re-assessed 2 participant(s)." in messages_of(response)
    for participant in (eligible, pending):
        assert participant.assessments.count() == 2
        latest = participant.assessments.first()
        assert latest.trigger == "re-assessed from the admin"
        assert latest.assessed_by == hub_staff
    assert EligibilityAssessment.objects.filter(participant=stranger).count() == 1


def test_it_does_not_reassess_another_hubs_participant_from_the_admin(staff_client, stranger):
    staff_client.post(
        admin_url(stranger, "changelist"),
        {"action": "reassess_eligibility", "_selected_action": [stranger.pk], "index": 0},
    )
    assert stranger.assessments.count() == 1


def business_change_data(client, participant, **changes) -> dict:
    """The admin's change form for the participant's business, as a browser would post it."""
    business = participant.business
    form = client.get(admin_url(business, "change")).context["adminform"].form
    values = {name: form.initial.get(name) for name in form.fields}
    values.update(changes)
    data = {
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": str(participant.pk),
        "participants-0-business": str(business.pk),
    }
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is None:
            data[name] = ""
        elif value is not False:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_it_reassesses_when_a_business_is_edited_in_the_admin(staff_client, hub_staff, eligible):
    data = business_change_data(staff_client, eligible, turnover_gbp=50_000)
    response = staff_client.post(admin_url(eligible.business, "change"), data)
    assert response.status_code == 302
    eligible.refresh_from_db()
    assert eligible.business.turnover_gbp == 50_000
    assert eligible.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    latest = eligible.assessments.first()
    assert latest.trigger == "business edited"
    assert latest.assessed_by == hub_staff


def test_it_refuses_an_admin_edit_the_rules_cannot_decide(staff_client, eligible):
    data = business_change_data(
        staff_client,
        eligible,
        employees_full_time=300,
        turnover_gbp=1_000_000,
        balance_sheet_total_gbp=None,
    )
    staff_client.post(admin_url(eligible.business, "change"), data)
    eligible.refresh_from_db()
    assert eligible.business.balance_sheet_total_gbp == 300_000
    assert eligible.business.employees_full_time == 9
    assert eligible.assessments.count() == 1


def test_it_does_not_claim_a_failed_reassessment_succeeded(
    staff_client, programme_year, hub, eligible
):
    undecidable = assessed_participant(
        programme_year=programme_year, business=BusinessFactory(hub=hub)
    )
    Business.objects.filter(pk=undecidable.business.pk).update(
        employees_full_time=300, turnover_gbp=1_000_000, balance_sheet_total_gbp=None
    )
    response = staff_client.post(
        admin_url(eligible, "changelist"),
        {
            "action": "reassess_eligibility",
            "_selected_action": [eligible.pk, undecidable.pk],
            "index": 0,
        },
        follow=True,
    )
    shown = messages_of(response)
    assert any("balance_sheet_total_gbp" in message for message in shown)
    assert eligible.assessments.count() == 1  # the batch is all or nothing
    assert not any(message.startswith("Re-assessed") for message in shown), shown


def test_it_lists_the_unassessed(staff_client, programme_year, hub):
    unassessed = ParticipantFactory(
        programme_year=programme_year, business=BusinessFactory(hub=hub)
    )
    response = staff_client.get(LIST_URL)
    assert unassessed.pk in listed(response)
    assert "Not assessed" in response.content.decode()
