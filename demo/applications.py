"""Which registrations each demo hub gets over the year so far, and what is special about them
(seed_demo): the members of each planned cohort in the weeks before it starts
(demo.structure.cohort_plan), and around them applications that are ineligible, need a hub
decision, have not signed the charter yet or are waiting for the next cohort.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from participants.models import DiscretionChoice

# Named cases for the small demo: (label, business overrides, participant overrides, the hub's
# decision when the case needs one).
CASES = [
    ("eligible", {}, {}, None),
    ("eligible", {"employees_full_time": 4, "employees_part_time_permanent": 1}, {}, None),
    ("eligible", {"turnover_gbp": 100_000}, {}, None),
    (
        "creative",
        {
            "sic_code": "59111",
            "employees_full_time": 3,
            "employees_part_time_permanent": 0,
            "associates_freelancers": 4,
        },
        {},
        None,
    ),
    (
        "covid",
        {
            "turnover_gbp": 70_000,
            "pre_covid_employees_full_time": 8,
            "pre_covid_employees_part_time_permanent": 1,
            "pre_covid_turnover_gbp": 240_000,
            "viable_going_forward": True,
        },
        {},
        None,
    ),
    (
        "covid-unassessed",
        {
            "employees_full_time": 3,
            "employees_part_time_permanent": 0,
            "pre_covid_employees_full_time": 7,
            "pre_covid_employees_part_time_permanent": 0,
            "pre_covid_turnover_gbp": 400_000,
        },
        {},
        None,
    ),
    ("charity", {"legal_form": "charity"}, {}, DiscretionChoice.APPROVED),
    ("charity-undecided", {"legal_form": "charity"}, {}, None),
    ("out-of-area", {"trading_address_in_hub_area": False}, {}, None),
    (
        "out-of-area-agreed",
        {
            "trading_address_in_hub_area": False,
            "cross_lep_agreement": True,
            "cross_lep_agreement_note": "Agreed with the neighbouring LEP.",
        },
        {},
        None,
    ),
    (
        "dropped-out-last-year",
        {},
        {"previous_participation": "dropped_out_outside_control"},
        DiscretionChoice.REFUSED,
    ),
    ("too-small", {"employees_full_time": 2, "employees_part_time_permanent": 1}, {}, None),
    ("low-turnover", {"turnover_gbp": 99_999}, {}, None),
    ("too-young", {}, {}, None),  # trading for less than a year: dated from the registration
    ("took-part", {}, {"previous_participation": "took_part"}, None),
    ("no-paye", {"pays_staff_via_paye": False}, {}, None),
    (
        "not-senior",
        {},
        {"is_senior_decision_maker": False, "job_title": "Marketing Assistant"},
        None,
    ),
]
# The cases needing a hub decision (or a viability assessment) that has not been made: in the
# running year they registered in the last fortnight and are still waiting.
AWAITING = {"charity-undecided", "covid-unassessed", "out-of-area"}
AWAITING_DAYS = 12  # an application needing a decision waits up to about two weeks
RECENT_DAYS = 3  # "registered in the last few days"


@dataclass
class Application:
    """One registration to create: when, and what is special about it."""

    registered_on: date
    label: str = "member"
    business: dict = field(default_factory=dict)
    participant: dict = field(default_factory=dict)
    decision: str | None = None  # the hub's discretion decision, when it needs one
    charter_signed: bool = True


def hub_registrations(
    rng: random.Random, year, slots, target: int, *, scale: str, today: date
) -> list[Application]:
    """A hub's registrations up to today, in the order they registered."""
    applications = _members(rng, slots, today)
    if scale == "national":
        applications += _national_extras(rng, year, target, today)
    else:
        applications += _small_extras(rng, year, today)
    return sorted(
        (a for a in applications if a.registered_on <= today),
        key=lambda a: a.registered_on,
    )


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _members(rng: random.Random, slots, today: date) -> list[Application]:
    """Each planned cohort's members, registered in the weeks before it starts; a cohort still
    recruiting has only those registered so far (they wait for it, ready)."""
    applications = []
    for slot in slots:
        for _ in range(slot.size):
            day = _day_between(rng, slot.recruiting_from, slot.recruiting_to)
            if day <= today:
                applications.append(Application(registered_on=day))
    return applications


def _small_extras(rng: random.Random, year, today: date) -> list[Application]:
    """Every eligibility outcome, and in the running year a few registrations of the last
    days (one still to sign the charter)."""
    running = year.start <= today <= year.end
    last = min(today, year.end - timedelta(days=14))
    applications = []
    for label, business, participant, decision in CASES:
        day = _day_between(rng, year.start, last)
        if running and label in AWAITING:
            day = max(year.start, today - timedelta(days=rng.randint(0, AWAITING_DAYS)))
        applications.append(Application(day, label, business, participant, decision))
    if running:
        for number in range(3):
            day = max(year.start, today - timedelta(days=rng.randint(0, RECENT_DAYS)))
            applications.append(Application(day, "recent", charter_signed=number != 0))
    else:
        applications.append(
            Application(_day_between(rng, year.start, year.end), "charter", charter_signed=False)
        )
    return applications


def _national_extras(rng: random.Random, year, target: int, today: date) -> list[Application]:
    """About 6% of a hub's registrations: ineligible, needing a decision, or not yet signed."""
    last = min(today, year.end - timedelta(days=7))
    applications = []
    for _ in range(max(1, round(target * 0.06))):
        day = _day_between(rng, year.start, last)
        roll = rng.random()
        if roll < 0.35:
            applications.append(
                Application(
                    day, "low-turnover", {"turnover_gbp": rng.randrange(40_000, 99_000, 1000)}
                )
            )
        elif roll < 0.5:
            applications.append(
                Application(
                    day, "too-small", {"employees_full_time": 2, "employees_part_time_permanent": 1}
                )
            )
        elif roll < 0.7:
            recent = (today - day).days <= AWAITING_DAYS
            decision = (
                None
                if recent
                else rng.choice(
                    [DiscretionChoice.APPROVED, DiscretionChoice.APPROVED, DiscretionChoice.REFUSED]
                )
            )
            applications.append(
                Application(day, "charity", {"legal_form": "charity"}, decision=decision)
            )
        elif roll < 0.85:
            applications.append(
                Application(
                    day,
                    "covid",
                    {
                        "turnover_gbp": 80_000,
                        "pre_covid_employees_full_time": 9,
                        "pre_covid_employees_part_time_permanent": 0,
                        "pre_covid_turnover_gbp": 300_000,
                        "viable_going_forward": True,
                    },
                )
            )
        else:
            applications.append(Application(day, "charter", charter_signed=False))
    return applications
