"""Demo businesses and participants across every eligibility outcome (seed_demo).

Each demo hub's participants register over the year so far: the members of each planned cohort
in the weeks before it starts (demo.structure.cohort_plan), and around them applications
that are ineligible, need a hub decision, have not signed the charter yet or are waiting for
the next cohort. Deterministic for a given date (seeded per year and hub); bulk writes, so the
national scale stays quick.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from demo.structure import aware, demo_hubs, hub_plans, rng_for
from participants.eligibility import assess
from participants.eligibility.settings import eligibility_settings
from participants.models import (
    Business,
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
    EqualityData,
    Participant,
)
from participants.services import _new_assessment, application_for, participant_record_discretion
from peernetworks.models import HubYear, Role, User

FIRST_NAMES = [
    "Ann",
    "Bilal",
    "Chloe",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kiran",
    "Lucy",
    "Mo",
    "Niamh",
    "Oliver",
    "Priya",
    "Quinn",
    "Rosa",
    "Sanjay",
    "Tara",
    "Usman",
    "Vera",
    "Wes",
    "Xin",
    "Yusuf",
    "Zara",
]
LAST_NAMES = [
    "Shaw",
    "Patel",
    "Jones",
    "Okafor",
    "Brown",
    "Khan",
    "Walsh",
    "Nguyen",
    "Hughes",
    "Evans",
    "Ali",
    "Taylor",
    "Murphy",
    "Clarke",
    "Wright",
    "Begum",
    "Lewis",
    "Roberts",
    "Kaur",
    "Green",
]
TRADES = [
    ("Tooling", "25620"),
    ("Bakery", "10710"),
    ("Logistics", "49410"),
    ("Software", "62012"),
    ("Films", "59111"),
    ("Design Studio", "74100"),
    ("Care Services", "87100"),
    ("Engineering", "28990"),
    ("Brewing", "11050"),
    ("Architects", "71111"),
    ("Print", "18129"),
    ("Hospitality", "56101"),
    ("Construction", "41201"),
]
STREETS = ["High", "Mill", "Station", "Church", "Market", "Bridge"]
JOB_TITLES = ["Managing Director", "Owner", "Director", "Chief Executive", "Partner"]

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
# running year they registered in the last fortnight and are still waiting; a closed year's
# were decided before it ended (refused unless listed here).
AWAITING = {"charity-undecided", "covid-unassessed", "out-of-area"}
CLOSED_YEAR_DECISIONS = {"charity-undecided": DiscretionChoice.APPROVED}
AWAITING_DAYS = 12  # an application needing a decision waits up to about two weeks
DECISION_AFTER_DAYS = (2, 6)  # hubs decide within a week of the registration
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


def _business_fields(rng: random.Random, index: int, hub, registered_on: date) -> dict:
    trade, sic = TRADES[index % len(TRADES)]
    surname = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    return {
        "hub": hub,
        "name": f"{surname} {trade} Ltd",
        "companies_house_number": f"{10_000_000 + index * 7919 % 9_000_000:08d}",
        "trading_address": f"{rng.randint(1, 240)} {rng.choice(STREETS)} Street",
        "postcode": (
            f"{hub.slug[:2].upper()}{rng.randint(1, 30)} "
            f"{rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
        ),
        "local_authority": (hub.local_authority_list or [""])[
            index % max(1, len(hub.local_authority_list))
        ],
        "sic_code": sic,
        "legal_form": "ltd",
        # Trading for 2 to 22 years when they register (ELIG-2 asks for at least one).
        "trading_start_date": registered_on - timedelta(days=rng.randint(2 * 365, 22 * 365)),
        "employees_full_time": rng.randint(5, 60),
        "employees_part_time_permanent": rng.randint(0, 12),
        "associates_freelancers": 0,
        "pays_staff_via_paye": True,
        "turnover_gbp": rng.randrange(150_000, 9_000_000, 1000),
        "balance_sheet_total_gbp": rng.randrange(50_000, 4_000_000, 1000),
        "trading_address_in_hub_area": True,
        "potential_to_scale": rng.random() < 0.4,
        "exports_or_could": rng.random() < 0.3,
    }


def _participant_fields(
    rng: random.Random, index: int, year, business, application: Application
) -> dict:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = business.name.split()[0]
    signed = aware(application.registered_on, 9 + index % 8, (index * 7) % 60)
    return {
        "business": business,
        "programme_year": year,
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}.{last.lower()}{index}@{business.hub.slug}.demo.example",
        "job_title": JOB_TITLES[index % len(JOB_TITLES)],
        "is_senior_decision_maker": True,
        "aspiration_to_improve": True,
        "previous_participation": "none",
        "business_already_has_participant": False,
        "referral_source": rng.choice(
            [
                "direct_marketing",
                "accountant",
                "networking_group",
                "existing_programme",
                "local_authority",
            ]
        ),
        "registered_on": application.registered_on,
        "privacy_acknowledged_at": signed,
        "privacy_notice_url": business.hub.privacy_policy_url,
        "privacy_notice_version": business.hub.privacy_notice_version,
        "evaluation_consent": rng.random() < 0.9,
        "charter_signed_at": signed if application.charter_signed else None,
        **application.participant,
    }


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


def demo_participants(year, hubs, *, scale: str, today: date | None = None) -> None:
    """The demo hubs' registrations for the year up to today."""
    today = today or timezone.localdate()
    hubs = demo_hubs(hubs, scale)
    if Participant.objects.filter(programme_year=year, business__hub__in=hubs).exists():
        return  # already seeded: seed_demo stays idempotent
    plans = hub_plans(year, hubs, scale, today)
    targets = dict(
        HubYear.objects.filter(programme_year=year).values_list("hub_id", "target_participants")
    )
    by_hub = {}
    for hub in hubs:
        rng = rng_for("participants", year, hub)
        applications = _members(rng, plans[hub.pk], today)
        if scale == "national":
            applications += _national_extras(rng, year, targets.get(hub.pk, 0), today)
        else:
            applications += _small_extras(rng, year, today)
        by_hub[hub] = sorted(
            (a for a in applications if a.registered_on <= today),
            key=lambda a: a.registered_on,
        )
    _create(year, by_hub, today)


@transaction.atomic
def _create(year, by_hub: dict, today: date) -> None:
    # Numbered per year so names and emails differ from one year to the next.
    index = year.start.year % 100 * 100_000
    rows = []  # (number, the hub's generator, business, application)
    for hub, hub_applications in by_hub.items():
        rng = rng_for("people", year, hub)
        alumni = _earlier_businesses(year, hub)
        for application in hub_applications:
            index += 1
            if application.label == "took-part" and alumni:
                # The same business as in an earlier year (ELIG-7 decides on it).
                rows.append((index, rng, alumni.pop(0), application))
                continue
            fields = _business_fields(rng, index, hub, application.registered_on)
            if application.label == "too-young":
                fields["trading_start_date"] = application.registered_on - timedelta(days=200)
            rows.append((index, rng, Business(**{**fields, **application.business}), application))
    Business.objects.bulk_create(
        [business for _, _, business, _ in rows if business.pk is None], batch_size=1000
    )
    participants = [
        Participant(**_participant_fields(rng, number, year, business, application))
        for number, rng, business, application in rows
    ]
    # ELIG: each registration decided with the year's settings, read once (PY-5), before the
    # participants are saved, so their decision goes in with them rather than in a second,
    # row-by-row update of thousands of rows.
    thresholds, creative = eligibility_settings(year)
    assessments = [
        _new_assessment(
            participant,
            decision=assess(
                application_for(participant), thresholds=thresholds, creative_sic_prefixes=creative
            ),
            assessed_by=None,
            trigger="demo registration",
        )
        for participant in participants
    ]
    Participant.objects.bulk_create(participants, batch_size=1000)
    for participant, assessment in zip(participants, assessments, strict=True):
        assessment.participant = participant
        assessment.inputs["ref"] = f"participant-{participant.pk}"  # known once saved
        assessment.assessed_at = aware(participant.registered_on, 10)  # when they registered
    EligibilityAssessment.objects.bulk_create(assessments, batch_size=1000)
    EqualityData.objects.bulk_create(
        (
            EqualityData(
                participant=participant,
                gender=["female", "male", "prefer_not_to_say"][number % 3],
            )
            for number, participant in enumerate(participants)
            if number % 3 == 0
        ),
        batch_size=1000,
    )

    # The hubs' discretion decisions (ELIG-6, -9, -10, -12), through the service, then dated
    # a few days after each registration rather than today.
    staff = {user.hub_id: user for user in User.objects.filter(role=Role.HUB_STAFF).order_by("-pk")}
    closed = today > year.end
    decided = []
    for participant, (_, _, _, application) in zip(participants, rows, strict=True):
        if participant.eligibility_outcome != EligibilityOutcome.NEEDS_DISCRETION:
            continue
        decision = application.decision
        if decision is None and closed:
            decision = CLOSED_YEAR_DECISIONS.get(application.label, DiscretionChoice.REFUSED)
        if decision is None:
            continue  # awaiting the hub's decision
        participant_record_discretion(
            participant=participant,
            decision=decision,
            reason="Demo: discussed with the programme manager.",
            decided_by=staff.get(participant.business.hub_id),
        )
        decided.append(participant)
    _backdate_decisions(year, decided, today)


def _earlier_businesses(year, hub) -> list[Business]:
    """Businesses of the hub that took part in an earlier year, for a returning applicant."""
    return [
        participant.business
        for participant in Participant.objects.filter(
            business__hub=hub, programme_year__start__lt=year.start
        )
        .select_related("business__hub")
        .order_by("registered_on", "pk")[:1]
    ]


def _backdate_decisions(year, participants, today: date) -> None:
    if not participants:
        return
    rng = rng_for("decisions", year)
    on = {}
    for participant in participants:
        day = participant.registered_on + timedelta(days=rng.randint(*DECISION_AFTER_DAYS))
        on[participant.pk] = min(day, today)
        participant.discretion_decided_on = on[participant.pk]
    Participant.objects.bulk_update(participants, ["discretion_decided_on"])
    decisions = list(DiscretionDecision.objects.filter(participant__in=participants))
    for decision in decisions:
        decision.decided_at = aware(on[decision.participant_id], 14)
    DiscretionDecision.objects.bulk_update(decisions, ["decided_at"])
    assessments = list(
        EligibilityAssessment.objects.filter(
            participant__in=participants, trigger="discretion decision"
        )
    )
    for assessment in assessments:
        assessment.assessed_at = aware(on[assessment.participant_id], 14)
    EligibilityAssessment.objects.bulk_update(assessments, ["assessed_at"])
