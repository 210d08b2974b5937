"""The plain-English reasons a decision gives, one for each rule that fails, needs the hub's
discretion or applies a flexibility. Numbers are written with thousands separators."""

from collections.abc import Iterable

from .application import Application
from .checks import (
    ELIG_3,
    ELIG_4,
    CovidCheck,
    EmployeeCheck,
    Thresholds,
    sme_criteria,
    trading_anniversary,
)

ASPIRATION_FAILURE = (
    "ELIG-5: the applicant has not confirmed an aspiration to improve the business."
)
LOCATION_DISCRETION = (
    "ELIG-6: the trading address is outside the hub's area and no formal agreement of "
    "both LEPs is recorded; the hub must decide."
)
SENIOR_DECISION_MAKER_FAILURE = (
    "ELIG-7: the participant is not a senior decision maker attending in person."
)
ONE_PER_BUSINESS_FAILURE = "ELIG-8: the business already has a participant this programme year."
PREVIOUS_PARTICIPATION_FAILURE = "ELIG-9: the applicant took part in the previous programme year."
PREVIOUS_PARTICIPATION_DISCRETION = (
    "ELIG-9: the applicant dropped out of the previous programme year through "
    "circumstances outside their control; the hub must decide."
)
CHARITY_DISCRETION = (
    "ELIG-12: the business is a charity; charities are eligible in principle but the "
    "hub decides locally."
)


def _number(value: int) -> str:
    try:
        return f"{value:,}"
    except ValueError:  # beyond Python's int-to-text limit
        return "a very large number"


def _money(value: int) -> str:
    return f"£{_number(value)}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{_number(count)} {one if count == 1 else many}"


def _years(count: int) -> str:
    return _plural(count, "year", "years")


def _rule_list(rules: Iterable[str]) -> tuple[str, str]:
    rules = list(rules)
    text = rules[0] if len(rules) == 1 else ", ".join(rules[:-1]) + " and " + rules[-1]
    return text, ("is" if len(rules) == 1 else "are")


def _headcount_text(check: EmployeeCheck) -> str:
    parts = [
        f"{_number(check.employees_full_time)} full-time",
        f"{_number(check.employees_part_time_permanent)} part-time permanent",
    ]
    if check.associates_counted:
        parts.append(
            _plural(check.associates_counted, "associate/freelancer", "associates/freelancers")
        )
    breakdown = " and ".join(parts) if len(parts) == 2 else f"{parts[0]}, {parts[1]} and {parts[2]}"
    return f"headcount of {_number(check.headcount)} ({breakdown})"


def _employees_shortfall(check: EmployeeCheck) -> str:
    if not check.pays_staff_via_paye:
        return "the business does not employ staff through PAYE, which is required"
    return f"{_headcount_text(check)} is below the minimum of {_number(check.minimum)}"


def _pre_covid_figures_text(covid: CovidCheck) -> str:
    parts = []
    if covid.employees is not None:
        parts.append(_headcount_text(covid.employees))
    if covid.turnover_gbp is not None:
        parts.append(f"turnover of {_money(covid.turnover_gbp)}")
    return "; ".join(parts)


def _covid_suffix(rule: str, covid: CovidCheck) -> str:
    """How ELIG-10 bears on a failing ELIG-3/ELIG-4 (empty without pre-Covid figures)."""
    if not covid.pre_covid_given:
        return ""
    if rule == ELIG_3:
        pre_text = _headcount_text(covid.employees)
    else:
        pre_text = f"turnover of {_money(covid.turnover_gbp)}"
    if covid.rescued:  # only reached when assessed as not viable
        return (
            f"; it is met on pre-Covid figures ({pre_text}), but the business was assessed "
            "as not viable going forward"
        )
    if covid.passed_on_pre_covid(rule):
        others = [r for r in covid.failing if not covid.passed_on_pre_covid(r)]
        text, verb = _rule_list(others)
        return (
            f"; it is met on pre-Covid figures ({pre_text}), but {text} {verb} not, "
            "so the Covid flexibility cannot apply"
        )
    if rule == ELIG_3 and not covid.employees.pays_staff_via_paye:
        return "; pre-Covid figures cannot help, because PAYE employment is still required"
    return f", and the pre-Covid {pre_text} does not meet it either"


def creative_flexibility(check: EmployeeCheck, sic_code: str, *, pre_covid: bool) -> str:
    """ELIG-11 applies: the associates counted bring the headcount up to the minimum."""
    which = "pre-Covid headcount" if pre_covid else "headcount"
    return (
        f"ELIG-11 creative flexibility: SIC code {sic_code} is a creative-industries code, so "
        f"{_plural(check.associates_counted, 'associate/freelancer', 'associates/freelancers')} "
        f"count towards ELIG-3, bringing the {which} from {_number(check.base_headcount)} to "
        f"{_number(check.headcount)} (minimum {_number(check.minimum)})."
    )


def sme_failure(app: Application, thresholds: Thresholds) -> str:
    """ELIG-1: how many of the three SME criteria are met, each against its maximum."""
    employees = app.employees_full_time + app.employees_part_time_permanent
    employees_ok, turnover_ok, balance_sheet_ok = sme_criteria(
        employees=employees,
        turnover_gbp=app.turnover_gbp,
        balance_sheet_total_gbp=app.balance_sheet_total_gbp,
        thresholds=thresholds,
    )
    met = employees_ok + turnover_ok + bool(balance_sheet_ok)
    balance_sheet = (
        "balance-sheet total not given"
        if app.balance_sheet_total_gbp is None
        else f"balance-sheet total of {_money(app.balance_sheet_total_gbp)} against a "
        f"maximum of {_money(thresholds.sme_max_balance_sheet_gbp)}"
    )
    return (
        f"ELIG-1: the business meets {met} of the three SME criteria but needs at least "
        f"two ({_number(employees)} full-time and part-time permanent employees against a "
        f"maximum of {_number(thresholds.sme_max_employees)}; turnover of "
        f"{_money(app.turnover_gbp)} against a maximum of "
        f"{_money(thresholds.sme_max_turnover_gbp)}; {balance_sheet})."
    )


def trading_age_failure(app: Application, thresholds: Thresholds) -> str:
    """ELIG-2: when trading started and, where it comes, when the minimum age is reached."""
    anniversary = trading_anniversary(app.trading_start_date, thresholds.min_trading_years)
    reached = (
        f" ({_years(thresholds.min_trading_years)} is reached on {anniversary.isoformat()})"
        if anniversary is not None
        else ""
    )
    return (
        f"ELIG-2: trading started on {app.trading_start_date.isoformat()}, less than "
        f"{_years(thresholds.min_trading_years)} before the application date of "
        f"{app.application_date.isoformat()}{reached}."
    )


def employees_failure(current: EmployeeCheck, covid: CovidCheck) -> str:
    """ELIG-3 on current figures, with what the pre-Covid figures (ELIG-10) change."""
    return f"ELIG-3: {_employees_shortfall(current)}{_covid_suffix(ELIG_3, covid)}."


def turnover_failure(turnover_gbp: int, thresholds: Thresholds, covid: CovidCheck) -> str:
    """ELIG-4 on current figures, with what the pre-Covid figures (ELIG-10) change."""
    return (
        f"ELIG-4: turnover of {_money(turnover_gbp)} is below the "
        f"{_money(thresholds.min_turnover_gbp)} minimum{_covid_suffix(ELIG_4, covid)}."
    )


def _met_on_pre_covid(covid: CovidCheck) -> str:
    rules_text, verb = _rule_list(covid.failing)
    return f"{rules_text} {verb} met on pre-Covid figures ({_pre_covid_figures_text(covid)})"


def covid_flexibility(covid: CovidCheck) -> str:
    """ELIG-10 applies: met on pre-Covid figures and viable going forward."""
    return (
        f"ELIG-10 covid flexibility: {_met_on_pre_covid(covid)} and the business was assessed "
        "as viable going forward."
    )


def covid_discretion(covid: CovidCheck) -> str:
    """ELIG-10 met on pre-Covid figures, viability not yet assessed: the hub decides."""
    return (
        f"ELIG-10: {_met_on_pre_covid(covid)}, but the business's viability going forward has "
        "not been assessed yet; the hub must decide."
    )


def covid_not_viable_failure(covid: CovidCheck) -> str:
    """ELIG-10 met on pre-Covid figures, but the business was assessed as not viable."""
    return (
        f"ELIG-10: {_met_on_pre_covid(covid)}, but the business was assessed as not viable "
        "going forward."
    )
