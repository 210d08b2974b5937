"""An application: the answers an eligibility decision is made on, and how they are read from
INTERCHANGE.md's JSON form. Bad input is named field by field, in plain English."""

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .checks import DEFAULT_THRESHOLDS, Thresholds, check_sme

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
