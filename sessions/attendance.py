"""Attendance rules as pure functions (SES-7, SES-8, KPI-2, and the forecast of whether a
participant can still reach the group hours).

Plain values in, plain values out: no database. The per-participant sums the pages show are
done by the database (`sessions.selectors.attended_minutes`, the SQL form of
`attended_minutes`); tests keep the two in step.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# SES-7 / KPI-2: present, late and left early count as attended.
ATTENDED = frozenset({"present", "late", "left_early"})
# SES-8: "absence" means not there, whether or not apologies were sent; both open a follow-up
# and both count towards the two consecutive absences that mark a participant at risk.
ABSENT = frozenset({"apologies", "absent"})
DELIVERED = "delivered"

MINUTES_PER_HOUR = Decimal(60)
AT_RISK_CONSECUTIVE_ABSENCES = 2


def session_minutes(duration_hours: Decimal) -> Decimal:
    return Decimal(duration_hours) * MINUTES_PER_HOUR


def attended_minutes(
    *,
    session_status: str,
    attendance_status: str | None,
    duration_hours: Decimal,
    minutes_attended: int | None,
) -> Decimal:
    """One attendance row's contribution to a participant's group hours (SES-7, KPI-2):
    only delivered sessions count; present/late/left early count for the whole session unless
    minutes attended were recorded."""
    if session_status != DELIVERED or attendance_status not in ATTENDED:
        return Decimal(0)
    if minutes_attended is not None:
        return Decimal(minutes_attended)
    return session_minutes(duration_hours)


def hours_from_minutes(minutes: Decimal | int | None) -> Decimal:
    """Hours to two decimal places, for display and comparison with the programme year."""
    return (Decimal(minutes or 0) / MINUTES_PER_HOUR).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def has_completed_group_hours(*, attended: Decimal | int, required_hours: Decimal) -> bool:
    """KPI-2 `participants_completed_group_hours`, on minutes so no rounding decides it."""
    return Decimal(attended) >= session_minutes(required_hours)


def can_still_reach(
    *, attended: Decimal | int, remaining: Decimal | int, required_hours: Decimal
) -> bool:
    """The forecast: the required group hours are reachable when the minutes attended plus
    every session still to be delivered (attended in full) reach them."""
    return Decimal(attended) + Decimal(remaining) >= session_minutes(required_hours)


def trailing_absences(statuses: Iterable[str | None]) -> int:
    """Absences in a row at the end of a participant's record, over their cohort's delivered
    sessions in order. `None` (no attendance recorded for a delivered session, say before they
    joined) breaks a run: it is not an absence."""
    run = 0
    for status in statuses:
        run = run + 1 if status in ABSENT else 0
    return run


def is_at_risk(
    statuses: Sequence[str | None], *, threshold: int = AT_RISK_CONSECUTIVE_ABSENCES
) -> bool:
    """SES-8: the participant's last `threshold` recorded sessions were all absences. Attending
    again clears the flag; the follow-ups keep the history."""
    return trailing_absences(statuses) >= threshold


def opens_follow_up(status: str) -> bool:
    """SES-8: every absence (apologies included) opens a follow-up for the facilitator."""
    return status in ABSENT


@dataclass(frozen=True)
class MinutesCheck:
    ok: bool
    message: str = ""


def check_minutes_attended(
    *, status: str, minutes: int | None, duration_hours: Decimal
) -> MinutesCheck:
    """Minutes attended are for someone who was there part of the session (SES-7): between 1
    and the session's length, and never for an absence."""
    if minutes is None:
        return MinutesCheck(True)
    if status not in ATTENDED:
        return MinutesCheck(False, "Leave minutes attended empty for an absence.")
    limit = session_minutes(duration_hours)
    if minutes < 1 or minutes > limit:
        return MinutesCheck(
            False, f"Minutes attended must be between 1 and the session's {limit:.0f} minutes."
        )
    return MinutesCheck(True)


def split_topic_names(text: str, *, max_length: int = 120) -> list[str]:
    """SES-9 free-text topics: one per line or comma, spaces tidied, repeats dropped (ignoring
    case), in the order written."""
    names: list[str] = []
    seen: set[str] = set()
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        name = " ".join(part.split())[:max_length]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names
