"""The ELIG rules of SPEC section 3 as pure functions.

Plain values in, plain values out: no Django, no database. Forms, the import, the admin and the
``assess_eligibility`` command all call :func:`assess` (or :func:`assess_data` for the JSON
application format of INTERCHANGE.md), so there is exactly one copy of each rule.

Every number comes from :class:`Thresholds` (the programme year's data); the defaults are the
Playbook's values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

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

LEGAL_FORMS: tuple[str, ...] = (
    "ltd",
    "plc",
    "llp",
    "partnership",
    "sole_trader",
    "charity",
    "cic",
    "other",
)
PREVIOUS_PARTICIPATION_CHOICES: tuple[str, ...] = (
    "none",
    "took_part",
    "dropped_out_outside_control",
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


@dataclass(frozen=True, kw_only=True)
class PreCovidFigures:
    """ELIG-10: the figures for the 12 months before March 2020."""

    employees_full_time: int
    employees_part_time_permanent: int
    associates_freelancers: int = 0
    turnover_gbp: int


@dataclass(frozen=True, kw_only=True)
class Application:
    """The inputs an eligibility decision is made on (INTERCHANGE.md, application fields)."""

    ref: str
    application_date: date
    trading_start_date: date
    employees_full_time: int
    employees_part_time_permanent: int
    associates_freelancers: int
    pays_staff_via_paye: bool
    turnover_gbp: int
    balance_sheet_total_gbp: int | None = None
    sic_code: str
    legal_form: str
    aspiration_to_improve: bool
    is_senior_decision_maker: bool
    trading_address_in_hub_area: bool
    cross_lep_agreement: bool = False
    pre_covid: PreCovidFigures | None = None
    viable_going_forward: bool | None = None
    previous_participation: str
    business_already_has_participant: bool


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


# --- Parsing and validation ---------------------------------------------------------------

_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SIC_SHAPE = re.compile(r"[0-9]{5}")

_INT_FIELDS = ("employees_full_time", "employees_part_time_permanent", "associates_freelancers")
_BOOL_FIELDS = (
    "pays_staff_via_paye",
    "aspiration_to_improve",
    "is_senior_decision_maker",
    "trading_address_in_hub_area",
    "business_already_has_participant",
)


def _is_int(value: object) -> bool:
    # JSON integers only: True/False and 5.0 are not integers here.
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_int(name: str, value: object) -> tuple[int | None, str | None]:
    if not _is_int(value):
        return None, f"{name} must be a whole number of 0 or more."
    if value < 0:
        return None, f"{name} must not be negative."
    return value, None


def _parse_optional_int(name: str, value: object) -> tuple[int | None, str | None]:
    if value is None:
        return None, None
    return _parse_int(name, value)


def _parse_bool(name: str, value: object) -> tuple[bool | None, str | None]:
    if value is True or value is False:
        return value, None
    return None, f"{name} must be true or false."


def _parse_optional_bool(name: str, value: object) -> tuple[bool | None, str | None]:
    if value is None or value is True or value is False:
        return value, None
    return None, f"{name} must be true, false or null (not yet assessed)."


def _parse_date(name: str, value: object) -> tuple[date | None, str | None]:
    if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
        return None, f"{name} must be a date written YYYY-MM-DD."
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, f"{name} is not a real date: {value}."


def _parse_sic(name: str, value: object) -> tuple[str | None, str | None]:
    # ELIG-11: a UK SIC 2007 code is exactly five digits, written as a string.
    if isinstance(value, str) and _SIC_SHAPE.fullmatch(value):
        return value, None
    return None, f"{name} must be a string of exactly 5 digits."


def _choice_parser(choices: tuple[str, ...]):
    def parse(name: str, value: object) -> tuple[str | None, str | None]:
        if isinstance(value, str) and value in choices:
            return str(value), None
        return None, f"{name} must be one of: {', '.join(choices)}."

    return parse


def _parse_ref(name: str, value: object) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return value, None
    return None, f"{name} must be a string."


_REQUIRED = object()


def _take(
    data: Mapping,
    name: str,
    parser,
    values: dict,
    errors: dict[str, str],
    *,
    key: str | None = None,
    default: object = _REQUIRED,
) -> None:
    """Parse ``data[name]`` into ``values[name]``, or record an error under ``key``."""
    key = key or name
    if name not in data:
        if default is _REQUIRED:
            errors[key] = f"{key} is required."
        else:
            values[name] = default
        return
    value, error = parser(key, data[name])
    if error:
        errors[key] = error
    else:
        values[name] = value


def _parse_pre_covid(value: object, errors: dict[str, str]) -> tuple[bool, PreCovidFigures | None]:
    """ELIG-10: null, or the pre-Covid figures. Returns (ok, figures)."""
    if value is None:
        return True, None
    if not isinstance(value, Mapping):
        errors["pre_covid"] = (
            "pre_covid must be null or an object with employees_full_time, "
            "employees_part_time_permanent, associates_freelancers and turnover_gbp."
        )
        return False, None
    values: dict = {}
    before = len(errors)
    for name in ("employees_full_time", "employees_part_time_permanent", "turnover_gbp"):
        _take(value, name, _parse_int, values, errors, key=f"pre_covid.{name}")
    _take(
        value,
        "associates_freelancers",
        _parse_int,
        values,
        errors,
        key="pre_covid.associates_freelancers",
        default=0,
    )
    if len(errors) != before:
        return False, None
    return True, PreCovidFigures(**values)


def parse_application(
    data: object, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[Application | None, dict[str, str]]:
    """Read one application in INTERCHANGE.md's JSON form.

    Returns ``(application, {})``, or ``(None, errors)`` with every field error found
    (field name → plain-English message). ``thresholds`` decides whether ELIG-1 needs the
    balance-sheet total. Unknown extra fields are ignored.
    """
    if not isinstance(data, Mapping):
        return None, {"application": "Each application must be a JSON object."}

    values: dict = {}
    errors: dict[str, str] = {}
    _take(data, "ref", _parse_ref, values, errors)
    _take(data, "application_date", _parse_date, values, errors)
    _take(data, "trading_start_date", _parse_date, values, errors)
    for name in _INT_FIELDS:
        _take(data, name, _parse_int, values, errors)
    _take(data, "turnover_gbp", _parse_int, values, errors)
    _take(data, "balance_sheet_total_gbp", _parse_optional_int, values, errors, default=None)
    _take(data, "sic_code", _parse_sic, values, errors)
    _take(data, "legal_form", _choice_parser(LEGAL_FORMS), values, errors)
    for name in _BOOL_FIELDS:
        _take(data, name, _parse_bool, values, errors)
    _take(data, "cross_lep_agreement", _parse_bool, values, errors, default=False)
    _take(data, "viable_going_forward", _parse_optional_bool, values, errors, default=None)
    _take(
        data,
        "previous_participation",
        _choice_parser(PREVIOUS_PARTICIPATION_CHOICES),
        values,
        errors,
    )
    if "pre_covid" in data:
        ok, figures = _parse_pre_covid(data["pre_covid"], errors)
        if ok:
            values["pre_covid"] = figures
    else:
        values["pre_covid"] = None

    # Cross-field checks, only on fields that are themselves valid.
    if "trading_start_date" in values and "application_date" in values:
        error = trading_dates_error(values["trading_start_date"], values["application_date"])
        if error:
            errors["trading_start_date"] = error
            del values["trading_start_date"]
    sme_fields = (
        "employees_full_time",
        "employees_part_time_permanent",
        "turnover_gbp",
        "balance_sheet_total_gbp",
    )
    if all(name in values for name in sme_fields) and values["balance_sheet_total_gbp"] is None:
        decided = check_sme(
            employees_full_time=values["employees_full_time"],
            employees_part_time_permanent=values["employees_part_time_permanent"],
            turnover_gbp=values["turnover_gbp"],
            balance_sheet_total_gbp=None,
            thresholds=thresholds,
        )
        if decided is None:
            errors["balance_sheet_total_gbp"] = (
                "balance_sheet_total_gbp is needed: only one of the other two SME criteria "
                "(employees, turnover) is met, so the balance-sheet total decides ELIG-1."
            )

    if errors:
        return None, errors
    return Application(**values), {}


def application_as_data(application: Application) -> dict:
    """The application in INTERCHANGE.md's JSON form (dates as YYYY-MM-DD strings)."""
    data: dict = {}
    for field in dataclasses.fields(Application):
        value = getattr(application, field.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, PreCovidFigures):
            value = {f.name: getattr(value, f.name) for f in dataclasses.fields(PreCovidFigures)}
        data[field.name] = value
    return data


def trading_dates_error(trading_start_date: date, application_date: date) -> str | None:
    # Bad input (SPEC ELIG, last bullet): a business cannot start trading after it applies.
    if trading_start_date > application_date:
        return (
            f"trading_start_date ({trading_start_date.isoformat()}) must not be after "
            f"application_date ({application_date.isoformat()})."
        )
    return None


# --- The rules ------------------------------------------------------------------------------


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


# --- Reasons ----------------------------------------------------------------------------------


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


def _employees_failure(check: EmployeeCheck) -> str:
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


def _creative_reason(check: EmployeeCheck, sic_code: str, *, pre_covid: bool) -> str:
    which = "pre-Covid headcount" if pre_covid else "headcount"
    return (
        f"ELIG-11 creative flexibility: SIC code {sic_code} is a creative-industries code, so "
        f"{_plural(check.associates_counted, 'associate/freelancer', 'associates/freelancers')} "
        f"count towards ELIG-3, bringing the {which} from {_number(check.base_headcount)} to "
        f"{_number(check.headcount)} (minimum {_number(check.minimum)})."
    )


# --- Assessment -------------------------------------------------------------------------------


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
    employees = app.employees_full_time + app.employees_part_time_permanent
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
        failed[ELIG_1] = (
            f"ELIG-1: the business meets {met} of the three SME criteria but needs at least "
            f"two ({_number(employees)} full-time and part-time permanent employees against a "
            f"maximum of {_number(thresholds.sme_max_employees)}; turnover of "
            f"{_money(app.turnover_gbp)} against a maximum of "
            f"{_money(thresholds.sme_max_turnover_gbp)}; {balance_sheet})."
        )

    # ELIG-2 Trading age.
    if not check_trading_age(
        trading_start_date=app.trading_start_date,
        application_date=app.application_date,
        min_trading_years=thresholds.min_trading_years,
    ):
        anniversary = trading_anniversary(app.trading_start_date, thresholds.min_trading_years)
        reached = (
            f" ({_years(thresholds.min_trading_years)} is reached on {anniversary.isoformat()})"
            if anniversary is not None
            else ""
        )
        failed[ELIG_2] = (
            f"ELIG-2: trading started on {app.trading_start_date.isoformat()}, less than "
            f"{_years(thresholds.min_trading_years)} before the application date of "
            f"{app.application_date.isoformat()}{reached}."
        )

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
        flexibilities[Flexibility.CREATIVE] = _creative_reason(
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
            flexibilities[Flexibility.CREATIVE] = _creative_reason(
                covid.employees, app.sic_code, pre_covid=True
            )
        rules_text, verb = _rule_list(covid.failing)
        figures = _pre_covid_figures_text(covid)
        if app.viable_going_forward is True:
            flexibilities[Flexibility.COVID] = (
                f"ELIG-10 covid flexibility: {rules_text} {verb} met on pre-Covid figures "
                f"({figures}) and the business was assessed as viable going forward."
            )
        elif app.viable_going_forward is None:
            discretion[ELIG_10] = (
                f"ELIG-10: {rules_text} {verb} met on pre-Covid figures ({figures}), but the "
                "business's viability going forward has not been assessed yet; the hub must "
                "decide."
            )
        else:
            failed[ELIG_10] = (
                f"ELIG-10: {rules_text} {verb} met on pre-Covid figures ({figures}), but the "
                "business was assessed as not viable going forward."
            )
    if not covid.rescued or app.viable_going_forward is False:
        for rule in covid.failing:
            suffix = _covid_suffix(rule, covid)
            if rule == ELIG_3:
                failed[ELIG_3] = f"ELIG-3: {_employees_failure(current)}{suffix}."
            else:
                failed[ELIG_4] = (
                    f"ELIG-4: turnover of {_money(app.turnover_gbp)} is below the "
                    f"{_money(thresholds.min_turnover_gbp)} minimum{suffix}."
                )

    # ELIG-5 Aspiration.
    if not app.aspiration_to_improve:
        failed[ELIG_5] = (
            "ELIG-5: the applicant has not confirmed an aspiration to improve the business."
        )

    # ELIG-6 Location.
    if (
        check_location(
            trading_address_in_hub_area=app.trading_address_in_hub_area,
            cross_lep_agreement=app.cross_lep_agreement,
        )
        is None
    ):
        discretion[ELIG_6] = (
            "ELIG-6: the trading address is outside the hub's area and no formal agreement of "
            "both LEPs is recorded; the hub must decide."
        )

    # ELIG-7 Senior decision maker.
    if not app.is_senior_decision_maker:
        failed[ELIG_7] = (
            "ELIG-7: the participant is not a senior decision maker attending in person."
        )

    # ELIG-8 One per business.
    if app.business_already_has_participant:
        failed[ELIG_8] = "ELIG-8: the business already has a participant this programme year."

    # ELIG-9 New to the programme.
    previous = check_previous_participation(app.previous_participation)
    if previous is False:
        failed[ELIG_9] = "ELIG-9: the applicant took part in the previous programme year."
    elif previous is None:
        discretion[ELIG_9] = (
            "ELIG-9: the applicant dropped out of the previous programme year through "
            "circumstances outside their control; the hub must decide."
        )

    # ELIG-12 Charities.
    if needs_charity_discretion(app.legal_form):
        discretion[ELIG_12] = (
            "ELIG-12: the business is a charity; charities are eligible in principle but the "
            "hub decides locally."
        )

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
