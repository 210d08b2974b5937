"""The ELIG rules, one check per rule: plain values in, plain values out.

Every number comes from :class:`Thresholds` (the programme year's data); the defaults are the
Playbook's values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .application import PreCovidFigures

# ELIG-11: the DCMS creative-industries list, as the first four digits of a UK SIC 2007 code.
DCMS_CREATIVE_SIC_PREFIXES: frozenset[str] = frozenset(
    {
        "3212",
        "5811",
        "5812",
        "5813",
        "5814",
        "5819",
        "5821",
        "5829",
        "5911",
        "5912",
        "5913",
        "5914",
        "5920",
        "6010",
        "6020",
        "6201",
        "6202",
        "7021",
        "7111",
        "7311",
        "7312",
        "7410",
        "7420",
        "7430",
        "8552",
        "9001",
        "9002",
        "9003",
        "9004",
        "9101",
        "9102",
    }
)

ELIG_1 = "ELIG-1"
ELIG_2 = "ELIG-2"
ELIG_3 = "ELIG-3"
ELIG_4 = "ELIG-4"
ELIG_5 = "ELIG-5"
ELIG_6 = "ELIG-6"
ELIG_7 = "ELIG-7"
ELIG_8 = "ELIG-8"
ELIG_9 = "ELIG-9"
ELIG_10 = "ELIG-10"
ELIG_11 = "ELIG-11"
ELIG_12 = "ELIG-12"
ELIG_13 = "ELIG-13"


@dataclass(frozen=True)
class Thresholds:
    """The programme year's eligibility numbers (Playbook defaults)."""

    sme_max_employees: int = 250
    sme_max_turnover_gbp: int = 36_000_000
    sme_max_balance_sheet_gbp: int = 18_000_000
    min_trading_years: int = 1
    min_employees: int = 5
    min_turnover_gbp: int = 100_000

    @classmethod
    def from_programme_year(cls, year: object) -> Thresholds:
        """Read the thresholds from a programme year (any object with these attributes).

        A missing year, or a missing/None attribute, keeps the Playbook default.
        """
        values = {}
        for field in dataclasses.fields(cls):
            value = getattr(year, field.name, None) if year is not None else None
            if value is not None:
                values[field.name] = int(value)
        return cls(**values)


DEFAULT_THRESHOLDS = Thresholds()


def sme_criteria(
    *,
    employees: int,
    turnover_gbp: int,
    balance_sheet_total_gbp: int | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[bool, bool, bool | None]:
    # ELIG-1: "not more than" each maximum, so equal passes. None = balance sheet unknown.
    balance_sheet_ok = (
        None
        if balance_sheet_total_gbp is None
        else balance_sheet_total_gbp <= thresholds.sme_max_balance_sheet_gbp
    )
    return (
        employees <= thresholds.sme_max_employees,
        turnover_gbp <= thresholds.sme_max_turnover_gbp,
        balance_sheet_ok,
    )


def check_sme(
    *,
    employees_full_time: int,
    employees_part_time_permanent: int,
    turnover_gbp: int,
    balance_sheet_total_gbp: int | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> bool | None:
    """ELIG-1: at least two of the three SME criteria.

    Employees are full-time plus part-time permanent (never associates). Returns None when the
    balance-sheet total is unknown and would decide (exactly one of the other two is met).
    """
    employees_ok, turnover_ok, balance_sheet_ok = sme_criteria(
        employees=employees_full_time + employees_part_time_permanent,
        turnover_gbp=turnover_gbp,
        balance_sheet_total_gbp=balance_sheet_total_gbp,
        thresholds=thresholds,
    )
    if balance_sheet_ok is None:
        if employees_ok and turnover_ok:
            return True
        if not employees_ok and not turnover_ok:
            return False
        return None
    return (employees_ok + turnover_ok + balance_sheet_ok) >= 2


def trading_anniversary(start: date, years: int) -> date | None:
    """ELIG-2: the date ``years`` years after ``start``; 29 Feb falls back to 28 Feb.

    None when that date is beyond the calendar (year 9999), i.e. never reached.
    """
    year = start.year + years
    if year > MAXYEAR:
        return None
    if year < MINYEAR:
        return date.min
    try:
        return start.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def check_trading_age(
    *, trading_start_date: date, application_date: date, min_trading_years: int
) -> bool:
    # ELIG-2: trading start date + N years <= application date.
    anniversary = trading_anniversary(trading_start_date, min_trading_years)
    return anniversary is not None and anniversary <= application_date


def normalise_sic_prefixes(prefixes: Iterable[str]) -> frozenset[str]:
    """ELIG-11: creative SIC prefixes as four digits ("59.11" and " 5911" become "5911")."""
    return frozenset(str(prefix).strip().replace(".", "") for prefix in prefixes)


def is_creative_sic(sic_code: str, prefixes: Iterable[str] = DCMS_CREATIVE_SIC_PREFIXES) -> bool:
    # ELIG-11: a 5-digit code is creative when its first four digits are on the list.
    if not isinstance(sic_code, str) or len(sic_code) < 4:
        return False
    return sic_code[:4] in prefixes


@dataclass(frozen=True)
class EmployeeCheck:
    """ELIG-3 (with ELIG-11) on one set of figures."""

    pays_staff_via_paye: bool
    employees_full_time: int
    employees_part_time_permanent: int
    associates_counted: int
    minimum: int

    @property
    def base_headcount(self) -> int:
        return self.employees_full_time + self.employees_part_time_permanent

    @property
    def headcount(self) -> int:
        return self.base_headcount + self.associates_counted

    @property
    def passed(self) -> bool:
        # ELIG-3: PAYE employment is required whatever the count; no flexibility fixes it.
        return self.pays_staff_via_paye and self.headcount >= self.minimum

    @property
    def creative_used(self) -> bool:
        # ELIG-11: named only when ELIG-3 passes because the associates were counted.
        return self.passed and self.base_headcount < self.minimum


def check_employees(
    *,
    pays_staff_via_paye: bool,
    employees_full_time: int,
    employees_part_time_permanent: int,
    associates_freelancers: int,
    creative: bool,
    min_employees: int,
) -> EmployeeCheck:
    # ELIG-3: headcount, not FTE. ELIG-11: associates count only in creative industries.
    return EmployeeCheck(
        pays_staff_via_paye=pays_staff_via_paye,
        employees_full_time=employees_full_time,
        employees_part_time_permanent=employees_part_time_permanent,
        associates_counted=associates_freelancers if creative else 0,
        minimum=min_employees,
    )


def check_turnover(turnover_gbp: int, min_turnover_gbp: int) -> bool:
    # ELIG-4: at least the minimum turnover.
    return turnover_gbp >= min_turnover_gbp


def check_location(*, trading_address_in_hub_area: bool, cross_lep_agreement: bool) -> bool | None:
    # ELIG-6: in the area, or a formal agreement of both LEPs; otherwise the hub decides (None).
    if trading_address_in_hub_area or cross_lep_agreement:
        return True
    return None


def check_previous_participation(previous_participation: str) -> bool | None:
    # ELIG-9: took part → fail; dropped out outside their control → the hub decides (None).
    if previous_participation == "took_part":
        return False
    if previous_participation == "dropped_out_outside_control":
        return None
    return True


def needs_charity_discretion(legal_form: str) -> bool:
    # ELIG-12: charities are eligible in principle but the hub decides locally.
    return legal_form == "charity"


# ELIG-13: no sector is excluded, so there is nothing to check.


@dataclass(frozen=True)
class CovidCheck:
    """ELIG-10: the criteria that failed on current figures, re-tested on pre-Covid figures."""

    failing: tuple[str, ...]  # ELIG-3 and/or ELIG-4, failing on current figures
    pre_covid_given: bool
    employees: EmployeeCheck | None = None  # pre-Covid ELIG-3, when it was re-tested
    turnover_gbp: int | None = None  # pre-Covid turnover, when ELIG-4 was re-tested
    turnover_passed: bool | None = None

    def passed_on_pre_covid(self, rule: str) -> bool:
        if rule == ELIG_3:
            return self.employees is not None and self.employees.passed
        return bool(self.turnover_passed)

    @property
    def rescued(self) -> bool:
        """Every failing criterion is met on pre-Covid figures."""
        return (
            bool(self.failing)
            and self.pre_covid_given
            and all(self.passed_on_pre_covid(rule) for rule in self.failing)
        )


def check_covid_flexibility(
    *,
    failing: Iterable[str],
    pre_covid: PreCovidFigures | None,
    pays_staff_via_paye: bool,
    creative: bool,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> CovidCheck:
    # ELIG-10: covers only ELIG-3's employee count and ELIG-4; PAYE is still required.
    failing = tuple(rule for rule in (ELIG_3, ELIG_4) if rule in set(failing))
    if not failing or pre_covid is None:
        return CovidCheck(failing=failing, pre_covid_given=pre_covid is not None)
    employees = None
    turnover_passed = None
    if ELIG_3 in failing:
        employees = check_employees(
            pays_staff_via_paye=pays_staff_via_paye,
            employees_full_time=pre_covid.employees_full_time,
            employees_part_time_permanent=pre_covid.employees_part_time_permanent,
            associates_freelancers=pre_covid.associates_freelancers,
            creative=creative,
            min_employees=thresholds.min_employees,
        )
    if ELIG_4 in failing:
        turnover_passed = check_turnover(pre_covid.turnover_gbp, thresholds.min_turnover_gbp)
    return CovidCheck(
        failing=failing,
        pre_covid_given=True,
        employees=employees,
        turnover_gbp=pre_covid.turnover_gbp if ELIG_4 in failing else None,
        turnover_passed=turnover_passed,
    )
