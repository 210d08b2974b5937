"""ELIG-1 … ELIG-13 as pure functions: no database."""

from datetime import date
from types import SimpleNamespace

import pytest

from participants.eligibility import (
    DCMS_CREATIVE_SIC_PREFIXES,
    Application,
    Decision,
    Outcome,
    PreCovidFigures,
    Thresholds,
    application_as_data,
    assess,
    assess_data,
    check_sme,
    check_trading_age,
    decide_outcome,
    is_creative_sic,
    normalise_sic_prefixes,
    parse_application,
    trading_anniversary,
)

CREATIVE_SIC = "59111"  # motion picture production
OTHER_SIC = "25620"  # machining


def application(**overrides) -> dict:
    """An eligible application in INTERCHANGE.md's JSON form, with overrides."""
    data = {
        "ref": "A-1",
        "application_date": "2022-01-10",
        "trading_start_date": "2019-06-01",
        "employees_full_time": 8,
        "employees_part_time_permanent": 2,
        "associates_freelancers": 0,
        "pays_staff_via_paye": True,
        "turnover_gbp": 500_000,
        "balance_sheet_total_gbp": None,
        "sic_code": OTHER_SIC,
        "legal_form": "ltd",
        "aspiration_to_improve": True,
        "is_senior_decision_maker": True,
        "trading_address_in_hub_area": True,
        "cross_lep_agreement": False,
        "pre_covid": None,
        "viable_going_forward": None,
        "previous_participation": "none",
        "business_already_has_participant": False,
    }
    data.update(overrides)
    return data


def decide(**overrides) -> dict:
    return assess_data(application(**overrides)).as_json()


def pre_covid(**overrides) -> dict:
    figures = {
        "employees_full_time": 8,
        "employees_part_time_permanent": 0,
        "associates_freelancers": 0,
        "turnover_gbp": 400_000,
    }
    figures.update(overrides)
    return figures


# --- The baseline and the outcome order --------------------------------------------------------


def test_it_finds_a_plain_application_eligible_with_no_reasons():
    decision = decide()
    assert decision == {
        "ref": "A-1",
        "outcome": "eligible",
        "flexibilities": [],
        "failed_rules": [],
        "discretion": [],
        "reasons": [],
    }


def test_it_leaves_errors_out_of_a_decision_that_is_not_invalid():
    assert "errors" not in decide()
    assert "errors" in decide(turnover_gbp=-1)


def test_it_lists_every_failed_rule_in_plain_sorted_order_with_elig_10_first():
    decision = decide(
        trading_start_date="2021-06-01",
        turnover_gbp=50_000,
        pre_covid=pre_covid(turnover_gbp=150_000),
        viable_going_forward=False,
        business_already_has_participant=True,
    )
    assert decision["outcome"] == "ineligible"
    assert decision["failed_rules"] == ["ELIG-10", "ELIG-2", "ELIG-4", "ELIG-8"]


def test_it_still_lists_discretion_and_flexibilities_when_ineligible():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=3,
        employees_part_time_permanent=0,
        associates_freelancers=2,
        legal_form="charity",
        trading_address_in_hub_area=False,
        aspiration_to_improve=False,
    )
    assert decision["outcome"] == "ineligible"
    assert decision["failed_rules"] == ["ELIG-5"]
    assert decision["discretion"] == ["ELIG-12", "ELIG-6"]
    assert decision["flexibilities"] == ["creative"]


def test_it_gives_one_reason_per_failed_rule_then_discretion_then_flexibility():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=3,
        employees_part_time_permanent=0,
        associates_freelancers=2,
        previous_participation="dropped_out_outside_control",
        is_senior_decision_maker=False,
    )
    reasons = decision["reasons"]
    assert len(reasons) == 3
    assert reasons[0].startswith("ELIG-7:")
    assert reasons[1].startswith("ELIG-9:")
    assert reasons[2].startswith("ELIG-11 creative flexibility:")


def test_it_prefers_discretion_over_flexibility():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=3,
        employees_part_time_permanent=0,
        associates_freelancers=2,
        legal_form="charity",
    )
    assert decision["outcome"] == "needs_discretion"
    assert decision["flexibilities"] == ["creative"]


def test_it_orders_outcomes_by_failure_then_discretion_then_flexibility():
    assert decide_outcome(
        failed_rules=["ELIG-2"], discretion=["ELIG-6"], flexibilities=["covid"]
    ) == (Outcome.INELIGIBLE)
    assert decide_outcome(failed_rules=[], discretion=["ELIG-6"], flexibilities=["covid"]) == (
        Outcome.NEEDS_DISCRETION
    )
    assert decide_outcome(failed_rules=[], discretion=[], flexibilities=["covid"]) == (
        Outcome.ELIGIBLE_WITH_FLEXIBILITY
    )
    assert decide_outcome(failed_rules=[], discretion=[], flexibilities=[]) == Outcome.ELIGIBLE


# --- ELIG-1 SME ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_time", "part_time", "turnover", "balance_sheet", "outcome"),
    [
        # 250 employees is "not more than 250": with the balance sheet that is two of three.
        (200, 50, 40_000_000, 18_000_000, "eligible"),
        (201, 50, 40_000_000, 18_000_000, "ineligible"),
        # £36m turnover is not more than £36m.
        (300, 0, 36_000_000, 1_000_000, "eligible"),
        (300, 0, 36_000_001, 1_000_000, "ineligible"),
        # £18m balance sheet is not more than £18m.
        (300, 0, 1_000_000, 18_000_000, "eligible"),
        (300, 0, 1_000_000, 18_000_001, "ineligible"),
        # All three met, or only one.
        (10, 0, 1_000_000, 1_000_000, "eligible"),
        (300, 0, 40_000_000, 1_000_000, "ineligible"),
    ],
)
def test_it_needs_two_of_the_three_sme_criteria(
    full_time, part_time, turnover, balance_sheet, outcome
):
    decision = decide(
        employees_full_time=full_time,
        employees_part_time_permanent=part_time,
        turnover_gbp=turnover,
        balance_sheet_total_gbp=balance_sheet,
    )
    assert decision["outcome"] == outcome
    assert ("ELIG-1" in decision["failed_rules"]) == (outcome == "ineligible")


def test_it_decides_elig_1_without_the_balance_sheet_when_both_others_pass():
    assert decide(balance_sheet_total_gbp=None)["outcome"] == "eligible"


def test_it_fails_elig_1_without_the_balance_sheet_when_both_others_fail():
    decision = decide(
        employees_full_time=300, turnover_gbp=40_000_000, balance_sheet_total_gbp=None
    )
    assert decision["failed_rules"] == ["ELIG-1"]
    assert "balance-sheet total not given" in decision["reasons"][0]


@pytest.mark.parametrize(
    ("full_time", "turnover"), [(300, 1_000_000), (10, 40_000_000), (251, 36_000_000)]
)
def test_it_refuses_a_null_balance_sheet_when_it_would_decide_elig_1(full_time, turnover):
    decision = decide(
        employees_full_time=full_time,
        employees_part_time_permanent=0,
        turnover_gbp=turnover,
        balance_sheet_total_gbp=None,
    )
    assert decision["outcome"] == "invalid"
    assert list(decision["errors"]) == ["balance_sheet_total_gbp"]
    assert "balance_sheet_total_gbp" in decision["errors"]["balance_sheet_total_gbp"]


def test_it_does_not_count_associates_as_sme_employees():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=250,
        employees_part_time_permanent=0,
        associates_freelancers=5,
        turnover_gbp=40_000_000,
        balance_sheet_total_gbp=1_000_000,
    )
    assert decision["outcome"] == "eligible"


def test_it_reports_elig_1_as_undecidable_only_in_the_helper():
    assert (
        check_sme(
            employees_full_time=300,
            employees_part_time_permanent=0,
            turnover_gbp=1,
            balance_sheet_total_gbp=None,
        )
        is None
    )
    assert check_sme(
        employees_full_time=250,
        employees_part_time_permanent=0,
        turnover_gbp=36_000_000,
        balance_sheet_total_gbp=None,
    )


def test_it_gives_figures_in_the_elig_1_reason():
    decision = decide(
        employees_full_time=300,
        employees_part_time_permanent=0,
        turnover_gbp=40_000_000,
        balance_sheet_total_gbp=1_000_000,
    )
    reason = decision["reasons"][0]
    assert reason.startswith("ELIG-1:")
    assert "300" in reason
    assert "£40,000,000" in reason
    assert "£36,000,000" in reason


# --- ELIG-2 Trading age -----------------------------------------------------------------------


def test_it_accepts_exactly_one_year_of_trading():
    decision = decide(trading_start_date="2021-01-10", application_date="2022-01-10")
    assert decision["outcome"] == "eligible"


def test_it_refuses_one_day_short_of_a_year():
    decision = decide(trading_start_date="2021-01-11", application_date="2022-01-10")
    assert decision["failed_rules"] == ["ELIG-2"]
    assert decision["reasons"][0].startswith("ELIG-2:")
    assert "2021-01-11" in decision["reasons"][0]


def test_it_takes_28_february_as_the_anniversary_of_29_february():
    assert trading_anniversary(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert trading_anniversary(date(2020, 2, 29), 4) == date(2024, 2, 29)
    leap_start = {"trading_start_date": "2020-02-29"}
    assert decide(application_date="2021-02-28", **leap_start)["outcome"] == "eligible"
    assert decide(application_date="2021-02-27", **leap_start)["failed_rules"] == ["ELIG-2"]


def test_it_never_reaches_an_anniversary_beyond_the_calendar():
    assert trading_anniversary(date(9999, 6, 1), 1) is None
    decision = decide(trading_start_date="9999-06-01", application_date="9999-12-31")
    assert decision["failed_rules"] == ["ELIG-2"]


def test_it_takes_the_trading_years_from_the_thresholds():
    assert check_trading_age(
        trading_start_date=date(2020, 1, 10),
        application_date=date(2022, 1, 10),
        min_trading_years=2,
    )
    assert not check_trading_age(
        trading_start_date=date(2020, 1, 11),
        application_date=date(2022, 1, 10),
        min_trading_years=2,
    )


# --- ELIG-3 Employees and ELIG-11 creative industries ------------------------------------------


def test_it_counts_part_timers_as_one_each():
    assert decide(employees_full_time=3, employees_part_time_permanent=2)["outcome"] == "eligible"
    decision = decide(employees_full_time=3, employees_part_time_permanent=1)
    assert decision["failed_rules"] == ["ELIG-3"]
    assert decision["reasons"] == [
        "ELIG-3: headcount of 4 (3 full-time and 1 part-time permanent) is below the minimum of 5."
    ]


def test_it_requires_paye_whatever_the_headcount():
    decision = decide(pays_staff_via_paye=False, employees_full_time=50)
    assert decision["failed_rules"] == ["ELIG-3"]
    assert "PAYE" in decision["reasons"][0]


def test_it_requires_paye_for_a_creative_business_and_names_no_flexibility():
    decision = decide(
        pays_staff_via_paye=False,
        sic_code=CREATIVE_SIC,
        employees_full_time=2,
        employees_part_time_permanent=0,
        associates_freelancers=5,
    )
    assert decision["failed_rules"] == ["ELIG-3"]
    assert decision["flexibilities"] == []


def test_it_counts_associates_for_a_creative_sic_code():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=2,
        employees_part_time_permanent=1,
        associates_freelancers=2,
    )
    assert decision["outcome"] == "eligible_with_flexibility"
    assert decision["flexibilities"] == ["creative"]
    assert decision["reasons"][0].startswith("ELIG-11 creative flexibility:")
    assert "59111" in decision["reasons"][0]


def test_it_ignores_associates_for_a_sic_code_outside_the_creative_industries():
    decision = decide(
        sic_code=OTHER_SIC,
        employees_full_time=2,
        employees_part_time_permanent=1,
        associates_freelancers=2,
    )
    assert decision["failed_rules"] == ["ELIG-3"]
    assert decision["flexibilities"] == []


def test_it_names_the_creative_flexibility_only_when_associates_were_needed():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=5,
        employees_part_time_permanent=0,
        associates_freelancers=3,
    )
    assert decision["outcome"] == "eligible"
    assert decision["flexibilities"] == []


def test_it_fails_a_creative_business_that_is_short_even_with_associates():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=2,
        employees_part_time_permanent=0,
        associates_freelancers=2,
    )
    assert decision["failed_rules"] == ["ELIG-3"]
    assert decision["flexibilities"] == []
    assert "2 associates/freelancers" in decision["reasons"][0]


def test_it_matches_creative_sic_codes_on_their_first_four_digits():
    assert len(DCMS_CREATIVE_SIC_PREFIXES) == 31
    assert is_creative_sic("59111", DCMS_CREATIVE_SIC_PREFIXES)
    assert is_creative_sic("32120", DCMS_CREATIVE_SIC_PREFIXES)
    assert is_creative_sic("91020", DCMS_CREATIVE_SIC_PREFIXES)
    assert not is_creative_sic("25620", DCMS_CREATIVE_SIC_PREFIXES)
    assert not is_creative_sic("91030", DCMS_CREATIVE_SIC_PREFIXES)


def test_it_takes_creative_codes_as_data():
    data = application(
        sic_code=OTHER_SIC,
        employees_full_time=3,
        employees_part_time_permanent=0,
        associates_freelancers=2,
    )
    custom = normalise_sic_prefixes(["25.62"])
    assert custom == frozenset({"2562"})
    assert assess_data(data, creative_sic_prefixes=custom).flexibilities == ["creative"]
    assert assess_data(data).failed_rules == ["ELIG-3"]


# --- ELIG-4 Turnover --------------------------------------------------------------------------


def test_it_refuses_turnover_of_99_999_pounds():
    decision = decide(turnover_gbp=99_999)
    assert decision["outcome"] == "ineligible"
    assert decision["failed_rules"] == ["ELIG-4"]
    assert decision["reasons"] == ["ELIG-4: turnover of £99,999 is below the £100,000 minimum."]


def test_it_accepts_turnover_of_100_000_pounds():
    assert decide(turnover_gbp=100_000)["outcome"] == "eligible"


# --- ELIG-10 Covid flexibility ------------------------------------------------------------------


def test_it_uses_the_covid_flexibility_when_viable():
    decision = decide(
        turnover_gbp=60_000, pre_covid=pre_covid(turnover_gbp=150_000), viable_going_forward=True
    )
    assert decision["outcome"] == "eligible_with_flexibility"
    assert decision["flexibilities"] == ["covid"]
    assert decision["failed_rules"] == []
    assert decision["reasons"][0].startswith("ELIG-10 covid flexibility:")
    assert "£150,000" in decision["reasons"][0]


def test_it_asks_the_hub_when_viability_is_not_yet_assessed():
    decision = decide(
        turnover_gbp=60_000, pre_covid=pre_covid(turnover_gbp=150_000), viable_going_forward=None
    )
    assert decision["outcome"] == "needs_discretion"
    assert decision["discretion"] == ["ELIG-10"]
    assert decision["failed_rules"] == []
    assert decision["flexibilities"] == []


def test_it_fails_the_criteria_and_elig_10_when_not_viable():
    decision = decide(
        turnover_gbp=60_000, pre_covid=pre_covid(turnover_gbp=150_000), viable_going_forward=False
    )
    assert decision["outcome"] == "ineligible"
    assert decision["failed_rules"] == ["ELIG-10", "ELIG-4"]
    assert decision["flexibilities"] == []
    assert [reason[:7] for reason in decision["reasons"]] == ["ELIG-10", "ELIG-4:"]


def test_it_fails_without_pre_covid_figures_whatever_the_viability():
    decision = decide(turnover_gbp=60_000, pre_covid=None, viable_going_forward=True)
    assert decision["failed_rules"] == ["ELIG-4"]
    assert decision["flexibilities"] == []


def test_it_fails_when_the_pre_covid_figures_fail_too():
    decision = decide(
        turnover_gbp=60_000, pre_covid=pre_covid(turnover_gbp=99_999), viable_going_forward=True
    )
    assert decision["failed_rules"] == ["ELIG-4"]
    assert decision["flexibilities"] == []
    assert "£99,999" in decision["reasons"][0]


def test_it_rescues_both_criteria_on_pre_covid_figures():
    decision = decide(
        employees_full_time=2,
        employees_part_time_permanent=1,
        turnover_gbp=60_000,
        pre_covid=pre_covid(employees_full_time=4, employees_part_time_permanent=1),
        viable_going_forward=True,
    )
    assert decision["outcome"] == "eligible_with_flexibility"
    assert decision["flexibilities"] == ["covid"]


def test_it_fails_both_criteria_when_pre_covid_figures_rescue_only_one():
    decision = decide(
        employees_full_time=2,
        employees_part_time_permanent=1,
        turnover_gbp=60_000,
        pre_covid=pre_covid(employees_full_time=2, employees_part_time_permanent=1),
        viable_going_forward=True,
    )
    assert decision["failed_rules"] == ["ELIG-3", "ELIG-4"]
    assert decision["flexibilities"] == []
    assert decision["discretion"] == []


def test_it_lists_both_criteria_and_elig_10_when_not_viable():
    decision = decide(
        employees_full_time=2,
        employees_part_time_permanent=1,
        turnover_gbp=60_000,
        pre_covid=pre_covid(),
        viable_going_forward=False,
    )
    assert decision["failed_rules"] == ["ELIG-10", "ELIG-3", "ELIG-4"]


def test_it_retests_only_the_criteria_that_failed_on_current_figures():
    # ELIG-3 passes today, so a small pre-Covid headcount does not matter.
    decision = decide(
        turnover_gbp=60_000,
        pre_covid=pre_covid(employees_full_time=0, turnover_gbp=150_000),
        viable_going_forward=True,
    )
    assert decision["flexibilities"] == ["covid"]


def test_it_still_requires_paye_on_pre_covid_figures():
    decision = decide(
        pays_staff_via_paye=False,
        pre_covid=pre_covid(employees_full_time=20),
        viable_going_forward=True,
    )
    assert decision["failed_rules"] == ["ELIG-3"]
    assert decision["flexibilities"] == []


def test_it_counts_creative_associates_in_the_pre_covid_headcount():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=2,
        employees_part_time_permanent=0,
        associates_freelancers=0,
        pre_covid=pre_covid(employees_full_time=3, associates_freelancers=2),
        viable_going_forward=True,
    )
    assert decision["outcome"] == "eligible_with_flexibility"
    assert decision["flexibilities"] == ["covid", "creative"]
    assert "pre-Covid headcount" in decision["reasons"][1]


def test_it_ignores_pre_covid_associates_outside_the_creative_industries():
    decision = decide(
        sic_code=OTHER_SIC,
        employees_full_time=2,
        employees_part_time_permanent=0,
        pre_covid=pre_covid(employees_full_time=3, associates_freelancers=2),
        viable_going_forward=True,
    )
    assert decision["failed_rules"] == ["ELIG-3"]


def test_it_drops_a_pre_covid_creative_count_when_the_covid_retest_fails():
    decision = decide(
        sic_code=CREATIVE_SIC,
        employees_full_time=2,
        employees_part_time_permanent=0,
        turnover_gbp=60_000,
        pre_covid=pre_covid(employees_full_time=3, associates_freelancers=2, turnover_gbp=50_000),
        viable_going_forward=True,
    )
    assert decision["failed_rules"] == ["ELIG-3", "ELIG-4"]
    assert decision["flexibilities"] == []


def test_it_does_not_apply_the_covid_flexibility_to_other_rules():
    decision = decide(
        trading_start_date="2021-06-01",
        employees_full_time=300,
        turnover_gbp=40_000_000,
        pre_covid=pre_covid(),
        viable_going_forward=True,
    )
    assert decision["failed_rules"] == ["ELIG-1", "ELIG-2"]
    assert decision["flexibilities"] == []


# --- ELIG-5 to ELIG-9, ELIG-12 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("aspiration_to_improve", False, "ELIG-5"),
        ("is_senior_decision_maker", False, "ELIG-7"),
        ("business_already_has_participant", True, "ELIG-8"),
    ],
)
def test_it_fails_the_simple_yes_no_rules(field, value, rule):
    decision = decide(**{field: value})
    assert decision["outcome"] == "ineligible"
    assert decision["failed_rules"] == [rule]
    assert decision["reasons"][0].startswith(f"{rule}:")


def test_it_asks_the_hub_about_an_address_outside_its_area():
    decision = decide(trading_address_in_hub_area=False)
    assert decision["outcome"] == "needs_discretion"
    assert decision["discretion"] == ["ELIG-6"]


def test_it_accepts_an_address_outside_the_area_with_a_cross_lep_agreement():
    decision = decide(trading_address_in_hub_area=False, cross_lep_agreement=True)
    assert decision["outcome"] == "eligible"
    assert decision["flexibilities"] == []


@pytest.mark.parametrize(
    ("previous", "outcome", "failed", "discretion"),
    [
        ("none", "eligible", [], []),
        ("took_part", "ineligible", ["ELIG-9"], []),
        ("dropped_out_outside_control", "needs_discretion", [], ["ELIG-9"]),
    ],
)
def test_it_applies_previous_participation(previous, outcome, failed, discretion):
    decision = decide(previous_participation=previous)
    assert decision["outcome"] == outcome
    assert decision["failed_rules"] == failed
    assert decision["discretion"] == discretion


def test_it_asks_the_hub_about_a_charity():
    decision = decide(legal_form="charity")
    assert decision["outcome"] == "needs_discretion"
    assert decision["discretion"] == ["ELIG-12"]


@pytest.mark.parametrize(
    "legal_form", ["ltd", "plc", "llp", "partnership", "sole_trader", "cic", "other"]
)
def test_it_excludes_no_legal_form_or_sector(legal_form):
    # ELIG-13: no sector is excluded.
    assert decide(legal_form=legal_form, sic_code="01110")["outcome"] == "eligible"


# --- Thresholds are data -------------------------------------------------------------------------


def test_it_uses_the_programme_years_minimum_headcount():
    data = application(employees_full_time=3, employees_part_time_permanent=0)
    assert assess_data(data).outcome == "ineligible"
    assert assess_data(data, thresholds=Thresholds(min_employees=3)).outcome == "eligible"


def test_it_uses_the_programme_years_other_thresholds():
    thresholds = Thresholds(
        min_turnover_gbp=50_000, min_trading_years=3, sme_max_employees=5, sme_max_turnover_gbp=1
    )
    decision = assess_data(application(turnover_gbp=60_000), thresholds=thresholds)
    assert decision.failed_rules == ["ELIG-1", "ELIG-2"]


def test_it_reads_thresholds_from_a_programme_year():
    year = SimpleNamespace(
        sme_max_employees=100,
        sme_max_turnover_gbp=1_000,
        sme_max_balance_sheet_gbp=2_000,
        min_trading_years=2,
        min_employees=3,
        min_turnover_gbp=None,
    )
    assert Thresholds.from_programme_year(year) == Thresholds(
        sme_max_employees=100,
        sme_max_turnover_gbp=1_000,
        sme_max_balance_sheet_gbp=2_000,
        min_trading_years=2,
        min_employees=3,
        min_turnover_gbp=100_000,
    )
    assert Thresholds.from_programme_year(None) == Thresholds()


# --- Invalid input ------------------------------------------------------------------------------

REQUIRED_FIELDS = [
    "ref",
    "application_date",
    "trading_start_date",
    "employees_full_time",
    "employees_part_time_permanent",
    "associates_freelancers",
    "pays_staff_via_paye",
    "turnover_gbp",
    "sic_code",
    "legal_form",
    "aspiration_to_improve",
    "is_senior_decision_maker",
    "trading_address_in_hub_area",
    "previous_participation",
    "business_already_has_participant",
]


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_it_refuses_an_application_missing_a_required_field(field):
    data = application()
    del data[field]
    decision = assess_data(data).as_json()
    assert decision["outcome"] == "invalid"
    assert list(decision["errors"]) == [field]
    assert field in decision["errors"][field]
    assert decision["failed_rules"] == decision["discretion"] == decision["reasons"] == []
    assert decision["flexibilities"] == []


def test_it_defaults_the_optional_fields():
    data = application()
    for field in ("balance_sheet_total_gbp", "cross_lep_agreement", "pre_covid"):
        del data[field]
    del data["viable_going_forward"]
    parsed, errors = parse_application(data)
    assert errors == {}
    assert parsed.balance_sheet_total_gbp is None
    assert parsed.cross_lep_agreement is False
    assert parsed.pre_covid is None
    assert parsed.viable_going_forward is None


@pytest.mark.parametrize("data", [[], "A-1", 7, None, True])
def test_it_refuses_an_application_that_is_not_an_object(data):
    decision = assess_data(data).as_json()
    assert decision["outcome"] == "invalid"
    assert decision["ref"] is None
    assert list(decision["errors"]) == ["application"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ref", 12),
        ("employees_full_time", "5"),
        ("employees_full_time", True),
        ("employees_full_time", 5.0),
        ("employees_full_time", -1),
        ("employees_part_time_permanent", None),
        ("associates_freelancers", -3),
        ("turnover_gbp", 100_000.5),
        ("turnover_gbp", -1),
        ("balance_sheet_total_gbp", -1),
        ("balance_sheet_total_gbp", "1000"),
        ("pays_staff_via_paye", 1),
        ("pays_staff_via_paye", "true"),
        ("aspiration_to_improve", None),
        ("is_senior_decision_maker", 0),
        ("trading_address_in_hub_area", "yes"),
        ("business_already_has_participant", []),
        ("cross_lep_agreement", None),
        ("cross_lep_agreement", 1),
        ("viable_going_forward", "yes"),
        ("viable_going_forward", 1),
        ("application_date", "2022-02-30"),
        ("application_date", "10/01/2022"),
        ("application_date", "2022-1-10"),
        ("application_date", "2022-01-10T00:00:00"),
        ("application_date", "20220110"),
        ("application_date", 20220110),
        ("trading_start_date", "2022-01-11"),  # after the application date
        ("sic_code", "5911"),
        ("sic_code", "591110"),
        ("sic_code", 59111),
        ("sic_code", "5911a"),
        ("sic_code", " 59111"),
        ("sic_code", "５９１１１"),  # full-width digits are not ASCII digits
        ("legal_form", "limited"),
        ("legal_form", "LTD"),
        ("previous_participation", "yes"),
        ("previous_participation", None),
        ("pre_covid", "none"),
        ("pre_covid", []),
    ],
)
def test_it_refuses_a_value_of_the_wrong_kind_naming_the_field(field, value):
    decision = decide(**{field: value})
    assert decision["outcome"] == "invalid"
    assert list(decision["errors"]) == [field]
    assert field in decision["errors"][field]


@pytest.mark.parametrize(
    ("figures", "key"),
    [
        ({"employees_full_time": 1, "employees_part_time_permanent": 0}, "pre_covid.turnover_gbp"),
        (pre_covid(employees_full_time=-1), "pre_covid.employees_full_time"),
        (pre_covid(employees_part_time_permanent=1.5), "pre_covid.employees_part_time_permanent"),
        (pre_covid(associates_freelancers=None), "pre_covid.associates_freelancers"),
        (pre_covid(turnover_gbp=False), "pre_covid.turnover_gbp"),
    ],
)
def test_it_refuses_bad_pre_covid_figures(figures, key):
    decision = decide(pre_covid=figures)
    assert decision["outcome"] == "invalid"
    assert list(decision["errors"]) == [key]


def test_it_defaults_pre_covid_associates_to_nought():
    figures = pre_covid()
    del figures["associates_freelancers"]
    parsed, errors = parse_application(application(pre_covid=figures))
    assert errors == {}
    assert parsed.pre_covid.associates_freelancers == 0


def test_it_echoes_the_ref_of_an_invalid_application():
    assert decide(turnover_gbp=-1)["ref"] == "A-1"
    assert decide(ref=12)["ref"] == 12


def test_it_collects_every_error_at_once():
    decision = decide(
        employees_full_time=-1,
        sic_code="123",
        legal_form="company",
        application_date="2022-13-01",
        pre_covid={"employees_full_time": "x"},
    )
    assert set(decision["errors"]) == {
        "employees_full_time",
        "sic_code",
        "legal_form",
        "application_date",
        "pre_covid.employees_full_time",
        "pre_covid.employees_part_time_permanent",
        "pre_covid.turnover_gbp",
    }


def test_it_asks_for_the_balance_sheet_alongside_other_errors():
    decision = decide(employees_full_time=300, sic_code="1", balance_sheet_total_gbp=None)
    assert set(decision["errors"]) == {"sic_code", "balance_sheet_total_gbp"}


def test_it_does_not_ask_for_the_balance_sheet_when_its_inputs_are_invalid():
    decision = decide(employees_full_time=300, turnover_gbp="lots", balance_sheet_total_gbp=None)
    assert set(decision["errors"]) == {"turnover_gbp"}


def test_it_ignores_unknown_fields():
    assert decide(favourite_colour="green", potential_to_scale=True)["outcome"] == "eligible"


# --- Applications built from database rows -------------------------------------------------------


def built_application(**overrides) -> Application:
    values = {
        "ref": "B-1",
        "application_date": date(2022, 1, 10),
        "trading_start_date": date(2019, 6, 1),
        "employees_full_time": 8,
        "employees_part_time_permanent": 2,
        "associates_freelancers": 0,
        "pays_staff_via_paye": True,
        "turnover_gbp": 500_000,
        "sic_code": OTHER_SIC,
        "legal_form": "ltd",
        "aspiration_to_improve": True,
        "is_senior_decision_maker": True,
        "trading_address_in_hub_area": True,
        "previous_participation": "none",
        "business_already_has_participant": False,
    }
    values.update(overrides)
    return Application(**values)


def test_it_assesses_an_application_built_without_json():
    decision = assess(
        built_application(
            turnover_gbp=60_000,
            pre_covid=PreCovidFigures(
                employees_full_time=8, employees_part_time_permanent=0, turnover_gbp=150_000
            ),
            viable_going_forward=True,
        )
    )
    assert isinstance(decision, Decision)
    assert decision.outcome == Outcome.ELIGIBLE_WITH_FLEXIBILITY
    assert decision.flexibilities == ["covid"]


def test_it_refuses_bad_values_in_an_application_built_without_json():
    decision = assess(
        built_application(employees_full_time=-2, trading_start_date=date(2022, 2, 1))
    )
    assert decision.outcome == Outcome.INVALID
    assert decision.ref == "B-1"
    assert set(decision.errors) == {"employees_full_time", "trading_start_date"}


def test_it_round_trips_an_application_through_its_json_form():
    built = built_application(
        balance_sheet_total_gbp=5,
        pre_covid=PreCovidFigures(
            employees_full_time=1,
            employees_part_time_permanent=2,
            associates_freelancers=3,
            turnover_gbp=4,
        ),
    )
    parsed, errors = parse_application(application_as_data(built))
    assert errors == {}
    assert parsed == built
    assert assess(built) == assess_data(application_as_data(built))
