"""Properties of the ELIG rules over generated applications (hypothesis)."""

import json
import tempfile
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.eligibility import (
    DCMS_CREATIVE_SIC_PREFIXES,
    LEGAL_FORMS,
    PREVIOUS_PARTICIPATION_CHOICES,
    Outcome,
    Thresholds,
    application_as_data,
    assess,
    assess_data,
    is_creative_sic,
    parse_application,
)
from participants.eligibility.settings import eligibility_settings

FIELDS = [
    "ref",
    "application_date",
    "trading_start_date",
    "employees_full_time",
    "employees_part_time_permanent",
    "associates_freelancers",
    "pays_staff_via_paye",
    "turnover_gbp",
    "balance_sheet_total_gbp",
    "sic_code",
    "legal_form",
    "aspiration_to_improve",
    "is_senior_decision_maker",
    "trading_address_in_hub_area",
    "cross_lep_agreement",
    "pre_covid",
    "viable_going_forward",
    "previous_participation",
    "business_already_has_participant",
]
SIC_CODES = ["59111", "32120", "90030", "62012", "25620", "47110", "01110", "91030"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def around(value: int) -> st.SearchStrategy[int]:
    """Integers near a threshold, where the rules change their minds."""
    return st.one_of(
        st.integers(min_value=max(0, value - 2), max_value=value + 2),
        st.integers(min_value=0, max_value=value * 2),
    )


pre_covid_figures = st.fixed_dictionaries(
    {
        "employees_full_time": st.integers(min_value=0, max_value=8),
        "employees_part_time_permanent": st.integers(min_value=0, max_value=4),
        "turnover_gbp": around(100_000),
    },
    optional={"associates_freelancers": st.integers(min_value=0, max_value=5)},
)


def mostly(value: object, other: object) -> st.SearchStrategy:
    """``value`` four times in five, so that whole applications are often eligible."""
    return st.sampled_from([value, value, value, value, other])


@st.composite
def valid_applications(draw) -> dict:
    application_date = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2023, 12, 31)))
    trading_days = draw(
        st.integers(min_value=365, max_value=4000)
        | st.integers(min_value=0, max_value=800)
        | st.sampled_from([364, 365, 366])
    )
    return {
        "ref": draw(st.text(max_size=6)),
        "application_date": application_date.isoformat(),
        "trading_start_date": (application_date - timedelta(days=trading_days)).isoformat(),
        "employees_full_time": draw(st.integers(min_value=0, max_value=12) | around(250)),
        "employees_part_time_permanent": draw(st.integers(min_value=0, max_value=4)),
        "associates_freelancers": draw(st.integers(min_value=0, max_value=5)),
        "pays_staff_via_paye": draw(mostly(True, False)),
        "turnover_gbp": draw(
            st.integers(min_value=100_000, max_value=5_000_000)
            | around(100_000)
            | around(36_000_000)
        ),
        "balance_sheet_total_gbp": draw(st.none() | around(18_000_000)),
        "sic_code": draw(st.sampled_from(SIC_CODES)),
        "legal_form": draw(mostly("ltd", "charity") | st.sampled_from(LEGAL_FORMS)),
        "aspiration_to_improve": draw(mostly(True, False)),
        "is_senior_decision_maker": draw(mostly(True, False)),
        "trading_address_in_hub_area": draw(mostly(True, False)),
        "cross_lep_agreement": draw(st.booleans()),
        "pre_covid": draw(st.none() | pre_covid_figures),
        "viable_going_forward": draw(st.sampled_from([None, True, False])),
        "previous_participation": draw(
            mostly("none", "took_part") | st.sampled_from(PREVIOUS_PARTICIPATION_CHOICES)
        ),
        "business_already_has_participant": draw(mostly(False, True)),
    }


@st.composite
def damaged_applications(draw) -> dict:
    """A valid application with some fields dropped or replaced by anything JSON can hold."""
    data = draw(valid_applications())
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        if draw(st.booleans()):
            del data[field]
        else:
            data[field] = draw(json_values)
    return data


anything = (
    json_values
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), json_values, max_size=8)
    | damaged_applications()
)


@settings(max_examples=200)
@given(anything)
def test_it_never_raises_on_any_json_value(data):
    decision = assess_data(data).as_json()
    assert decision["outcome"] in set(Outcome)
    json.dumps(decision)
    if decision["outcome"] == Outcome.INVALID:
        assert decision["errors"]
        assert decision["reasons"] == []
    else:
        assert "errors" not in decision


@settings(max_examples=200)
@given(valid_applications())
def test_it_obeys_the_outcome_order(data):
    decision = assess_data(data)
    failed, discretion, flexibilities = (
        decision.failed_rules,
        decision.discretion,
        decision.flexibilities,
    )

    if decision.outcome == Outcome.INVALID:
        # The only way a well-formed application is refused: ELIG-1 needs the balance sheet.
        assert data["balance_sheet_total_gbp"] is None
        assert set(decision.errors) == {"balance_sheet_total_gbp"}
        return

    for items in (failed, discretion, flexibilities):
        assert items == sorted(set(items))
    assert len(decision.reasons) == len(failed) + len(discretion) + len(flexibilities)
    assert all(reason.startswith("ELIG-") for reason in decision.reasons)
    assert set(failed) <= {f"ELIG-{n}" for n in (1, 2, 3, 4, 5, 7, 8, 9, 10)}
    assert set(discretion) <= {"ELIG-6", "ELIG-9", "ELIG-10", "ELIG-12"}
    assert set(flexibilities) <= {"covid", "creative"}

    if failed:
        assert decision.outcome == Outcome.INELIGIBLE
    elif discretion:
        assert decision.outcome == Outcome.NEEDS_DISCRETION
    elif flexibilities:
        assert decision.outcome == Outcome.ELIGIBLE_WITH_FLEXIBILITY
    else:
        assert decision.outcome == Outcome.ELIGIBLE
        assert decision.reasons == []

    # ELIG-10 depends on the pre-Covid figures and the viability state.
    if "covid" in flexibilities:
        assert data["pre_covid"] is not None and data["viable_going_forward"] is True
    if "ELIG-10" in failed:
        assert data["pre_covid"] is not None and data["viable_going_forward"] is False
    if "ELIG-10" in discretion:
        assert data["pre_covid"] is not None and data["viable_going_forward"] is None
    if "creative" in flexibilities:
        assert is_creative_sic(data["sic_code"], DCMS_CREATIVE_SIC_PREFIXES)
        assert data["pays_staff_via_paye"] is True
    if not data["pays_staff_via_paye"]:
        assert "ELIG-3" in failed
    # ELIG-6, ELIG-12 and ELIG-9 are read straight off the answers.
    out_of_area = not data["trading_address_in_hub_area"] and not data["cross_lep_agreement"]
    assert ("ELIG-6" in discretion) == out_of_area
    assert ("ELIG-12" in discretion) == (data["legal_form"] == "charity")
    assert ("ELIG-9" in failed) == (data["previous_participation"] == "took_part")


@settings(max_examples=100)
@given(valid_applications(), st.integers(min_value=0, max_value=8))
def test_it_decides_an_application_the_same_from_json_or_built(data, min_employees):
    thresholds = Thresholds(min_employees=min_employees)
    parsed, errors = parse_application(data, thresholds=thresholds)
    if errors:
        return
    assert assess(parsed, thresholds=thresholds) == assess_data(data, thresholds=thresholds)
    assert parse_application(application_as_data(parsed), thresholds=thresholds) == (parsed, {})


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(valid_applications() | anything, max_size=5))
def test_it_prints_from_the_command_what_the_rules_decide(applications):
    thresholds, creative_sic_prefixes = eligibility_settings(None)  # no year: the defaults
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "applications.json"
        path.write_text(json.dumps(applications), encoding="utf-8")
        out = StringIO()
        call_command("assess_eligibility", str(path), stdout=out)
    expected = [
        assess_data(
            application,
            thresholds=thresholds,
            creative_sic_prefixes=creative_sic_prefixes,
        ).as_json()
        for application in json.loads(json.dumps(applications))
    ]
    assert json.loads(out.getvalue()) == json.loads(json.dumps(expected))
