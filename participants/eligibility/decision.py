"""The decision on one application: every ELIG check applied, combined into one outcome with
the rules that failed, the points the hub must decide, the flexibilities used and the reasons.

Forms, the import, the admin and the ``assess_eligibility`` command all call :func:`assess` (or
:func:`assess_data` for INTERCHANGE.md's JSON form), so there is exactly one copy of each rule.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from . import explanations
from .application import Application, application_as_data, parse_application
from .checks import (
    DCMS_CREATIVE_SIC_PREFIXES,
    DEFAULT_THRESHOLDS,
    ELIG_1,
    ELIG_2,
    ELIG_3,
    ELIG_4,
    ELIG_5,
    ELIG_6,
    ELIG_7,
    ELIG_8,
    ELIG_9,
    ELIG_10,
    ELIG_12,
    Thresholds,
    check_covid_flexibility,
    check_employees,
    check_location,
    check_previous_participation,
    check_sme,
    check_trading_age,
    check_turnover,
    is_creative_sic,
    needs_charity_discretion,
)


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    ELIGIBLE_WITH_FLEXIBILITY = "eligible_with_flexibility"
    NEEDS_DISCRETION = "needs_discretion"
    INELIGIBLE = "ineligible"
    INVALID = "invalid"


class Flexibility(StrEnum):
    COVID = "covid"  # ELIG-10
    CREATIVE = "creative"  # ELIG-11


@dataclass(frozen=True)
class Decision:
    ref: object
    outcome: str
    flexibilities: list[str]
    failed_rules: list[str]
    discretion: list[str]
    reasons: list[str]
    errors: dict[str, str] | None = None

    def as_json(self) -> dict:
        """The decision in INTERCHANGE.md's format; ``errors`` only for an invalid application."""
        data = {
            "ref": self.ref,
            "outcome": str(self.outcome),
            "flexibilities": [str(item) for item in self.flexibilities],
            "failed_rules": list(self.failed_rules),
            "discretion": list(self.discretion),
            "reasons": list(self.reasons),
        }
        if self.outcome == Outcome.INVALID:
            data["errors"] = dict(self.errors or {})
        return data


def decide_outcome(
    *, failed_rules: Iterable[str], discretion: Iterable[str], flexibilities: Iterable[str]
) -> Outcome:
    # Outcome order (SPEC ELIG): failed → ineligible; discretion → needs_discretion;
    # flexibility → eligible_with_flexibility; else eligible.
    if any(True for _ in failed_rules):
        return Outcome.INELIGIBLE
    if any(True for _ in discretion):
        return Outcome.NEEDS_DISCRETION
    if any(True for _ in flexibilities):
        return Outcome.ELIGIBLE_WITH_FLEXIBILITY
    return Outcome.ELIGIBLE


def _invalid(ref: object, errors: dict[str, str]) -> Decision:
    return Decision(
        ref=ref,
        outcome=Outcome.INVALID,
        flexibilities=[],
        failed_rules=[],
        discretion=[],
        reasons=[],
        errors=dict(errors),
    )


def _evaluate(
    app: Application, thresholds: Thresholds, creative_sic_prefixes: Iterable[str]
) -> Decision:
    """Apply ELIG-1 … ELIG-13 to a valid application."""
    failed: dict[str, str] = {}
    discretion: dict[str, str] = {}
    flexibilities: dict[str, str] = {}

    # ELIG-1 SME.
    sme = check_sme(
        employees_full_time=app.employees_full_time,
        employees_part_time_permanent=app.employees_part_time_permanent,
        turnover_gbp=app.turnover_gbp,
        balance_sheet_total_gbp=app.balance_sheet_total_gbp,
        thresholds=thresholds,
    )
    if sme is None:  # unreachable after validation; kept so the rule never guesses
        return _invalid(app.ref, {"balance_sheet_total_gbp": "balance_sheet_total_gbp is needed."})
    if not sme:
        failed[ELIG_1] = explanations.sme_failure(app, thresholds)

    # ELIG-2 Trading age.
    if not check_trading_age(
        trading_start_date=app.trading_start_date,
        application_date=app.application_date,
        min_trading_years=thresholds.min_trading_years,
    ):
        failed[ELIG_2] = explanations.trading_age_failure(app, thresholds)

    # ELIG-3 Employees, with ELIG-11 creative associates; ELIG-4 Turnover.
    creative = is_creative_sic(app.sic_code, creative_sic_prefixes)
    current = check_employees(
        pays_staff_via_paye=app.pays_staff_via_paye,
        employees_full_time=app.employees_full_time,
        employees_part_time_permanent=app.employees_part_time_permanent,
        associates_freelancers=app.associates_freelancers,
        creative=creative,
        min_employees=thresholds.min_employees,
    )
    if current.creative_used:
        flexibilities[Flexibility.CREATIVE] = explanations.creative_flexibility(
            current, app.sic_code, pre_covid=False
        )
    turnover_ok = check_turnover(app.turnover_gbp, thresholds.min_turnover_gbp)
    failing = [rule for rule, ok in ((ELIG_3, current.passed), (ELIG_4, turnover_ok)) if not ok]

    # ELIG-10 Covid flexibility for whichever of ELIG-3/ELIG-4 failed.
    covid = check_covid_flexibility(
        failing=failing,
        pre_covid=app.pre_covid,
        pays_staff_via_paye=app.pays_staff_via_paye,
        creative=creative,
        thresholds=thresholds,
    )
    if covid.rescued:
        if covid.employees is not None and covid.employees.creative_used:
            flexibilities[Flexibility.CREATIVE] = explanations.creative_flexibility(
                covid.employees, app.sic_code, pre_covid=True
            )
        if app.viable_going_forward is True:
            flexibilities[Flexibility.COVID] = explanations.covid_flexibility(covid)
        elif app.viable_going_forward is None:
            discretion[ELIG_10] = explanations.covid_discretion(covid)
        else:
            failed[ELIG_10] = explanations.covid_not_viable_failure(covid)
    if not covid.rescued or app.viable_going_forward is False:
        for rule in covid.failing:
            if rule == ELIG_3:
                failed[ELIG_3] = explanations.employees_failure(current, covid)
            else:
                failed[ELIG_4] = explanations.turnover_failure(app.turnover_gbp, thresholds, covid)

    # ELIG-5 Aspiration.
    if not app.aspiration_to_improve:
        failed[ELIG_5] = explanations.ASPIRATION_FAILURE

    # ELIG-6 Location.
    if (
        check_location(
            trading_address_in_hub_area=app.trading_address_in_hub_area,
            cross_lep_agreement=app.cross_lep_agreement,
        )
        is None
    ):
        discretion[ELIG_6] = explanations.LOCATION_DISCRETION

    # ELIG-7 Senior decision maker.
    if not app.is_senior_decision_maker:
        failed[ELIG_7] = explanations.SENIOR_DECISION_MAKER_FAILURE

    # ELIG-8 One per business.
    if app.business_already_has_participant:
        failed[ELIG_8] = explanations.ONE_PER_BUSINESS_FAILURE

    # ELIG-9 New to the programme.
    previous = check_previous_participation(app.previous_participation)
    if previous is False:
        failed[ELIG_9] = explanations.PREVIOUS_PARTICIPATION_FAILURE
    elif previous is None:
        discretion[ELIG_9] = explanations.PREVIOUS_PARTICIPATION_DISCRETION

    # ELIG-12 Charities.
    if needs_charity_discretion(app.legal_form):
        discretion[ELIG_12] = explanations.CHARITY_DISCRETION

    # ELIG-13: no sector is excluded.

    failed_rules = sorted(failed)
    discretion_items = sorted(discretion)
    flexibility_names = sorted(str(name) for name in flexibilities)
    reasons = (
        [failed[rule] for rule in failed_rules]
        + [discretion[rule] for rule in discretion_items]
        + [flexibilities[name] for name in flexibility_names]
    )
    return Decision(
        ref=app.ref,
        outcome=decide_outcome(
            failed_rules=failed_rules,
            discretion=discretion_items,
            flexibilities=flexibility_names,
        ),
        flexibilities=flexibility_names,
        failed_rules=failed_rules,
        discretion=discretion_items,
        reasons=reasons,
    )


def assess(
    application: Application,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    creative_sic_prefixes: frozenset[str] = DCMS_CREATIVE_SIC_PREFIXES,
) -> Decision:
    """Decide one application. Bad input gives an ``invalid`` decision naming the fields."""
    _, errors = parse_application(application_as_data(application), thresholds=thresholds)
    if errors:
        return _invalid(application.ref, errors)
    return _evaluate(application, thresholds, creative_sic_prefixes)


def assess_data(
    data: object,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    creative_sic_prefixes: frozenset[str] = DCMS_CREATIVE_SIC_PREFIXES,
) -> Decision:
    """Parse one application in INTERCHANGE.md's JSON form, then decide it."""
    application, errors = parse_application(data, thresholds=thresholds)
    if application is None:
        ref = data.get("ref") if isinstance(data, Mapping) else None
        return _invalid(ref, errors)
    return _evaluate(application, thresholds, creative_sic_prefixes)
