"""Public registration (ONB-1..5): privacy notice first, then one form saved completely or not
at all, assessed against the ELIG rules, and the hub's staff told once it has committed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from participants.forms import OUTSIDE_AREA
from participants.models import (
    Business,
    EligibilityAssessment,
    EligibilityOutcome,
    EqualityData,
    Participant,
)
from peernetworks.models import ProgrammeYear
from tests.peernetworks.factories import GrowthHubFactory, UserFactory

pytestmark = pytest.mark.django_db

# A working day inside the 2021/22 programme year (the `programme_year` fixture), while its
# registration is open (PY-3). tests/peernetworks/test_programme_years.py covers the window.
WORKING_DAY = datetime(2021, 10, 12, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _inside_the_programme_year():
    with time_machine.travel(WORKING_DAY):
        yield


@pytest.fixture
def hub(hub):
    """The hub most tests register with: it lists its local authorities (ELIG-6)."""
    hub.local_authorities = "Manchester\nSalford\n\n"
    hub.save()
    return hub


@pytest.fixture
def plain_hub(db):
    """A hub that lists no local authorities: applicants answer a yes/no question instead."""
    return GrowthHubFactory(slug="plain", name="Plain Growth Hub")


def privacy_url(hub) -> str:
    return reverse("register", kwargs={"hub_slug": hub.slug})


def details_url(hub) -> str:
    return reverse("register-details", kwargs={"hub_slug": hub.slug})


def done_url(hub) -> str:
    return reverse("register-done", kwargs={"hub_slug": hub.slug})


def valid_answers(**overrides) -> dict:
    """Every answer an eligible business leader gives, as the browser posts them."""
    answers = {
        "business_name": "Northern Widgets Ltd",
        "companies_house_number": "01234567",
        "trading_address": "1 Mill Lane, Manchester",
        "postcode": "m1 2ab",
        "local_authority": "Manchester",
        "sic_code": "25620",
        "legal_form": "ltd",
        "trading_start_date": "2012-05-01",
        "employees_full_time": "9",
        "employees_part_time_permanent": "2",
        "associates_freelancers": "0",
        "pays_staff_via_paye": "yes",
        "turnover_gbp": "850000",
        "balance_sheet_total_gbp": "300000",
        "pre_covid_employees_full_time": "",
        "pre_covid_employees_part_time_permanent": "",
        "pre_covid_associates_freelancers": "",
        "pre_covid_turnover_gbp": "",
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "priya@northernwidgets.example",
        "phone": "0161 496 0000",
        "job_title": "Managing Director",
        "is_senior_decision_maker": "yes",
        "aspiration_to_improve": "yes",
        "previous_participation": "none",
        "business_already_has_participant": "no",
        "referral_source": "accountant",
        "referral_source_other": "",
        "evaluation_consent": "on",
        "charter_signed": "on",
        "gender": "",
        "age_band": "",
        "ethnicity": "",
        "disability": "",
    }
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def acknowledge_privacy(client, hub):
    response = client.post(privacy_url(hub), {"acknowledged": "on"})
    assert response.status_code == 302
    assert response["Location"] == details_url(hub)
    return response


def counts() -> tuple[int, int, int]:
    return (
        Business.objects.count(),
        Participant.objects.count(),
        EligibilityAssessment.objects.count(),
    )


def register(client, hub, django_capture_on_commit_callbacks, **overrides):
    acknowledge_privacy(client, hub)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(details_url(hub), valid_answers(**overrides))


def test_it_shows_the_hubs_privacy_notice_first(client, programme_year, hub):
    hub.privacy_notice_version = "2021-03"
    hub.save()
    response = client.get(privacy_url(hub))
    assert response.status_code == 200
    body = response.content.decode()
    assert hub.name in body
    assert "https://gm.example/privacy" in body
    assert "version 2021-03" in body
    assert 'name="acknowledged"' in body
    # ONB-1: nothing personal is asked for on this page.
    assert 'name="email"' not in body
    assert 'name="business_name"' not in body


def test_it_keeps_the_details_step_closed_until_the_notice_is_acknowledged(
    client, programme_year, hub
):
    response = client.get(details_url(hub))
    assert response.status_code == 302
    assert response["Location"] == privacy_url(hub)

    response = client.post(details_url(hub), valid_answers())
    assert response.status_code == 302
    assert response["Location"] == privacy_url(hub)
    assert counts() == (0, 0, 0)


def test_it_refuses_to_continue_without_the_tick(client, programme_year, hub):
    # A browser always posts the CSRF token, even with the box unticked.
    response = client.post(privacy_url(hub), {"csrfmiddlewaretoken": "token"})
    assert response.status_code == 200
    assert "acknowledged" in response.context["form"].errors
    assert client.get(details_url(hub)).status_code == 302


def test_it_does_not_carry_an_acknowledgement_to_another_hub(
    client, programme_year, hub, other_hub
):
    acknowledge_privacy(client, hub)
    response = client.get(details_url(other_hub))
    assert response.status_code == 302
    assert response["Location"] == privacy_url(other_hub)


def test_it_saves_a_complete_registration(
    client, programme_year, hub, hub_staff, other_hub_staff, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    hub.privacy_notice_version = "v3"
    hub.save()
    before = timezone.now()
    response = register(client, hub, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == done_url(hub)
    assert counts() == (1, 1, 1)

    business = Business.objects.get()
    assert business.hub == hub
    assert business.name == "Northern Widgets Ltd"
    assert business.postcode == "M1 2AB"
    assert business.trading_address_in_hub_area is True
    assert business.turnover_gbp == 850_000

    participant = Participant.objects.get()
    assert participant.business == business
    assert participant.programme_year == programme_year
    assert participant.email == "priya@northernwidgets.example"
    assert participant.registered_on == timezone.localdate()
    # ONB-1: which notice, and when.
    assert participant.privacy_acknowledged_at is not None
    assert before <= participant.privacy_acknowledged_at <= timezone.now()
    assert participant.privacy_notice_url == "https://gm.example/privacy"
    assert participant.privacy_notice_version == "v3"
    assert participant.evaluation_consent is True  # ONB-2
    assert participant.charter_signed_at is not None  # ONB-3
    assert participant.referral_source == "accountant"  # ONB-4
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert participant.is_ready_for_cohort

    assessment = EligibilityAssessment.objects.get()
    assert assessment.participant == participant
    assert assessment.outcome == EligibilityOutcome.ELIGIBLE
    assert assessment.trigger == "registration"
    assert assessment.assessed_by is None
    assert assessment.inputs["turnover_gbp"] == 850_000

    # The hub is told once, after commit; the other hub hears nothing.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert hub_staff.email in message.to
    assert other_hub_staff.email not in message.to
    assert "Northern Widgets Ltd" in message.subject
    assert "Eligible" in message.body
    assert reverse("participants:participant-detail", args=[participant.pk]) in message.body


def test_it_thanks_the_applicant(client, programme_year, hub, django_capture_on_commit_callbacks):
    response = register(client, hub, django_capture_on_commit_callbacks)
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Thank you, Priya" in response.content.decode()
    # The acknowledgement is used up: a second registration starts again at the notice.
    assert client.get(details_url(hub))["Location"] == privacy_url(hub)


def test_it_sends_no_email_before_the_transaction_commits(
    client, programme_year, hub, hub_staff, mailoutbox, django_capture_on_commit_callbacks
):
    acknowledge_privacy(client, hub)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(details_url(hub), valid_answers())
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_it_records_no_evaluation_consent_when_not_given(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(client, hub, django_capture_on_commit_callbacks, evaluation_consent=None)
    assert Participant.objects.get().evaluation_consent is False


def test_it_records_other_referral_sources(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(
        client,
        hub,
        django_capture_on_commit_callbacks,
        referral_source="other",
        referral_source_other="A podcast",
    )
    participant = Participant.objects.get()
    assert participant.referral_source == "other"
    assert participant.referral_source_other == "A podcast"


def test_it_offers_the_hubs_local_authorities(client, programme_year, hub):
    acknowledge_privacy(client, hub)
    response = client.get(details_url(hub))
    form = response.context["form"]
    assert "in_hub_area" not in form.fields
    assert [value for value, _ in form.fields["local_authority"].choices] == [
        "",
        "Manchester",
        "Salford",
        OUTSIDE_AREA,
    ]
    body = response.content.decode()
    assert '<select name="local_authority"' in body
    assert "Somewhere else" in body
    assert 'name="in_hub_area"' not in body


def test_it_stores_the_chosen_local_authority(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    response = register(client, hub, django_capture_on_commit_callbacks, local_authority="Salford")
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.local_authority == "Salford"
    assert business.trading_address_in_hub_area is True
    assert Participant.objects.get().eligibility_outcome == EligibilityOutcome.ELIGIBLE


def test_it_treats_somewhere_else_as_outside_the_area(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    """ELIG-6: outside the area without a cross-LEP agreement → the hub decides."""
    response = register(
        client, hub, django_capture_on_commit_callbacks, local_authority=OUTSIDE_AREA
    )
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.trading_address_in_hub_area is False
    assert business.local_authority == ""
    participant = Participant.objects.get()
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.eligibility_discretion == "ELIG-6"
    assert participant.assessments.get().discretion == ["ELIG-6"]
    assert not participant.is_ready_for_cohort


@pytest.mark.parametrize("answer", ["", "Bolton"])
def test_it_requires_one_of_the_offered_local_authorities(client, programme_year, hub, answer):
    acknowledge_privacy(client, hub)
    response = client.post(details_url(hub), valid_answers(local_authority=answer))
    assert response.status_code == 200
    assert "local_authority" in response.context["form"].errors
    assert counts() == (0, 0, 0)


def test_it_asks_yes_or_no_where_the_hub_lists_no_local_authorities(
    client, programme_year, plain_hub
):
    acknowledge_privacy(client, plain_hub)
    response = client.get(details_url(plain_hub))
    form = response.context["form"]
    assert "in_hub_area" in form.fields
    assert "local_authority" not in form.fields
    body = response.content.decode()
    assert 'name="in_hub_area"' in body
    assert 'name="local_authority"' not in body


def test_it_requires_the_yes_or_no_answer(client, programme_year, plain_hub):
    acknowledge_privacy(client, plain_hub)
    response = client.post(details_url(plain_hub), valid_answers(local_authority=None))
    assert "in_hub_area" in response.context["form"].errors
    assert counts() == (0, 0, 0)


def test_it_sends_a_no_answer_to_the_hub_for_a_decision(
    client, programme_year, plain_hub, django_capture_on_commit_callbacks
):
    response = register(
        client,
        plain_hub,
        django_capture_on_commit_callbacks,
        local_authority=None,
        in_hub_area="no",
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.business.trading_address_in_hub_area is False
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.assessments.get().discretion == ["ELIG-6"]


def test_it_saves_a_yes_answer_where_the_hub_lists_no_local_authorities(
    client, programme_year, plain_hub, mailoutbox, django_capture_on_commit_callbacks
):
    response = register(
        client,
        plain_hub,
        django_capture_on_commit_callbacks,
        local_authority=None,
        in_hub_area="yes",
    )
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.trading_address_in_hub_area is True
    assert business.local_authority == ""
    assert Participant.objects.get().eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert len(mailoutbox) == 1


INVALID_ANSWERS = {
    "missing business name": ({"business_name": ""}, "business_name", "Business name"),
    "missing email": ({"email": None}, "email", "Email address"),
    "negative employees": (
        {"employees_full_time": "-1"},
        "employees_full_time",
        "Full-time employees",
    ),
    "four-digit SIC code": ({"sic_code": "1234"}, "sic_code", "SIC code"),
    "letters in the SIC code": ({"sic_code": "62O12"}, "sic_code", "SIC code"),
    "trading start after today": (
        {"trading_start_date": lambda: timezone.localdate() + timedelta(days=1)},
        "trading_start_date",
        "Date the business started trading",
    ),
    "partial pre-Covid figures": (
        {"pre_covid_turnover_gbp": "200000"},
        "pre_covid_employees_full_time",
        "Full-time employees before Covid-19",
    ),
    "unsigned charter": ({"charter_signed": None}, "charter_signed", "Participant Charter"),
    "ELIG-1 needs the balance sheet": (
        {
            "employees_full_time": "300",
            "employees_part_time_permanent": "0",
            "turnover_gbp": "1000000",
            "balance_sheet_total_gbp": "",
        },
        "balance_sheet_total_gbp",
        "Balance-sheet total",
    ),
    "unknown legal form": ({"legal_form": "guild"}, "legal_form", "Legal form"),
    "other referral source unnamed": (
        {"referral_source": "other", "referral_source_other": ""},
        "referral_source_other",
        "If other, where?",
    ),
    "turnover not a number": ({"turnover_gbp": "lots"}, "turnover_gbp", "Annual turnover"),
    "employees beyond the database's range": (
        {"employees_full_time": str(2**63), "balance_sheet_total_gbp": "1"},
        "employees_full_time",
        "Full-time employees",
    ),
    "turnover beyond the database's range": (
        {"turnover_gbp": str(2**63)},
        "turnover_gbp",
        "Annual turnover",
    ),
}


@pytest.mark.parametrize(
    ("overrides", "field", "label"), INVALID_ANSWERS.values(), ids=INVALID_ANSWERS.keys()
)
def test_it_refuses_bad_input_and_saves_nothing(
    client, programme_year, hub, mailoutbox, django_capture_on_commit_callbacks,
    overrides, field, label,
):  # fmt: skip
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    acknowledge_privacy(client, hub)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(details_url(hub), valid_answers(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    body = response.content.decode()
    assert 'id="error-summary"' in body
    summary = body.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert label in summary
    assert counts() == (0, 0, 0)
    assert EqualityData.objects.count() == 0
    assert mailoutbox == []
    # The acknowledgement still stands, so the applicant can correct and resubmit.
    assert client.get(details_url(hub)).status_code == 200


def test_it_keeps_the_answers_given_when_redisplaying(client, programme_year, hub):
    acknowledge_privacy(client, hub)
    response = client.post(details_url(hub), valid_answers(sic_code="1234"))
    body = response.content.decode()
    assert 'value="Northern Widgets Ltd"' in body
    assert 'value="1234"' in body


def test_it_saves_an_ineligible_registration_with_its_reasons(
    client, programme_year, hub, mailoutbox, django_capture_on_commit_callbacks
):
    response = register(client, hub, django_capture_on_commit_callbacks, turnover_gbp="99999")
    assert response.status_code == 302
    assert counts() == (1, 1, 1)
    participant = Participant.objects.get()
    assert participant.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assessment = participant.assessments.get()
    assert assessment.outcome == EligibilityOutcome.INELIGIBLE
    assert assessment.failed_rules == ["ELIG-4"]
    assert any("£99,999" in reason for reason in assessment.reasons)
    assert len(mailoutbox) == 1
    done = client.get(response["Location"]).content.decode()
    assert "may not meet the programme" in done


def test_it_assesses_the_covid_flexibility_as_awaiting_viability(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(
        client,
        hub,
        django_capture_on_commit_callbacks,
        turnover_gbp="80000",
        pre_covid_employees_full_time="9",
        pre_covid_employees_part_time_permanent="2",
        pre_covid_turnover_gbp="200000",
    )
    business = Business.objects.get()
    assert business.pre_covid_turnover_gbp == 200_000
    assert business.pre_covid_associates_freelancers is None
    participant = Participant.objects.get()
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.eligibility_discretion == "ELIG-10"


def test_it_stores_equality_data_only_when_given(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(client, hub, django_capture_on_commit_callbacks)
    assert EqualityData.objects.count() == 0

    register(
        client,
        hub,
        django_capture_on_commit_callbacks,
        business_name="Second Business Ltd",
        companies_house_number="07654321",
        gender="female",
        age_band="35_44",
    )
    equality = EqualityData.objects.get()
    assert equality.participant.business.name == "Second Business Ltd"
    assert equality.gender == "female"
    assert equality.age_band == "35_44"
    assert equality.ethnicity == ""
    assert equality.disability == ""


def test_it_refuses_an_unknown_equality_answer(client, programme_year, hub):
    acknowledge_privacy(client, hub)
    response = client.post(details_url(hub), valid_answers(gender="robot"))
    assert "gender" in response.context["form"].errors
    assert counts() == (0, 0, 0)


def test_it_says_registration_is_closed_without_an_open_year(client, hub):
    ProgrammeYear.objects.create(name="2020/21", start=date(2020, 4, 1), end=date(2021, 3, 31))
    response = client.get(privacy_url(hub))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Registration is closed" in body
    assert "have not been announced yet" in body
    assert 'name="acknowledged"' not in body

    # Ticking anyway gets nowhere, and the details step stays shut.
    response = client.post(privacy_url(hub), {"acknowledged": "on"})
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert "Registration is closed" in client.get(details_url(hub)).content.decode()
    response = client.post(details_url(hub), valid_answers())
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_it_closes_an_open_form_when_the_year_ends(client, programme_year, hub):
    acknowledge_privacy(client, hub)
    with time_machine.travel(datetime(2022, 4, 1, 9, tzinfo=ZoneInfo("Europe/London"))):
        response = client.post(details_url(hub), valid_answers())
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_it_answers_404_for_an_unknown_hub(client, programme_year):
    assert client.get("/register/no-such-hub/").status_code == 404
    assert client.post("/register/no-such-hub/", {"acknowledged": "on"}).status_code == 404
    assert client.get("/register/no-such-hub/details/").status_code == 404
    assert client.get("/register/no-such-hub/done/").status_code == 404


def test_it_shows_the_done_page_only_to_the_applicant(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(client, hub, django_capture_on_commit_callbacks)
    client.logout()  # a fresh session: no registration of its own
    response = client.get(done_url(hub))
    assert response.status_code == 302
    assert response["Location"] == privacy_url(hub)


def test_it_emails_the_hub_contact_when_no_staff_exist(
    client, programme_year, hub, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="gm-inactive", hub=hub, is_active=False)
    register(client, hub, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["team@gm.example"]


def test_a_form_with_the_robot_trap_filled_is_thanked_and_saves_nothing(
    client, programme_year, hub, mailoutbox
):
    acknowledge_privacy(client, hub)
    response = client.post(details_url(hub), valid_answers(website="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert counts() == (0, 0, 0)
    assert mailoutbox == []


def test_registrations_from_one_address_to_one_hub_are_limited(
    client, programme_year, hub, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRATION_RATE = "2/h"
    for n in range(2):
        acknowledge_privacy(client, hub)
        answers = valid_answers(
            business_name=f"Widgets {n} Ltd", companies_house_number=f"0123456{n}"
        )
        assert client.post(details_url(hub), answers).status_code == 302
    acknowledge_privacy(client, hub)
    answers = valid_answers(business_name="Widgets 3 Ltd", companies_house_number="01234569")
    response = client.post(details_url(hub), answers)
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert Participant.objects.count() == 2
    # Another address, or the same address for another hub, is not limited.
    acknowledge_privacy(client, hub)
    other = client.post(details_url(hub), answers, REMOTE_ADDR="198.51.100.23")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("trading_start_date", "0001-01-01", "Enter a date between 1 January 1900"),
        ("trading_address", "x" * 100_000, "at most 500 characters"),
        ("postcode", "M", "Enter a full UK postcode"),
        ("companies_house_number", "<b>1234", "8-character Companies House number"),
        ("business_name", "Widgets\r\nBcc: victim@example.org", "Write this on one line."),
        ("first_name", "Priya\nShah", "Write this on one line."),
        ("job_title", "M\rD", "Write this on one line."),
    ],
)
def test_it_refuses_implausible_values_naming_the_field(
    client, programme_year, hub, field, value, message
):
    acknowledge_privacy(client, hub)
    response = client.post(details_url(hub), valid_answers(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert counts() == (0, 0, 0)


def test_it_normalises_postcodes_and_companies_house_numbers(
    client, programme_year, hub, django_capture_on_commit_callbacks
):
    register(
        client, hub, django_capture_on_commit_callbacks, postcode=" sw1a1aa ",
        companies_house_number="1234567",
    )  # fmt: skip
    business = Business.objects.get()
    assert (business.postcode, business.companies_house_number) == ("SW1A 1AA", "01234567")
