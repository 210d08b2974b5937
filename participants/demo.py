"""Demo businesses and participants across every eligibility outcome (seed_demo).

Deterministic: a fixed random seed, so every run builds the same programme.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Business, DiscretionChoice, EqualityData, Participant
from .services import participant_assess, participant_record_discretion, participants_assess_bulk

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

# Named cases for the small demo: (label, business overrides, participant overrides, discretion)
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
    ("charity", {"legal_form": "charity"}, {}, None),
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
    ("too-young", {"trading_start_date": date(2020, 11, 1)}, {}, None),
    ("took-part", {}, {"previous_participation": "took_part"}, None),
    ("no-paye", {"pays_staff_via_paye": False}, {}, None),
    (
        "not-senior",
        {},
        {"is_senior_decision_maker": False, "job_title": "Marketing Assistant"},
        None,
    ),
]


def _business_fields(rng: random.Random, index: int, hub) -> dict:
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
        "trading_start_date": date(
            2000 + rng.randint(0, 18), rng.randint(1, 12), rng.randint(1, 28)
        ),
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
    rng: random.Random, index: int, year, business, *, charter_rate: float = 0.9
) -> dict:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = business.name.split()[0]
    registered = year.start + timedelta(days=rng.randint(10, 200))
    signed = timezone.make_aware(datetime.combine(registered, time(10, 0)))
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
        "registered_on": registered,
        "privacy_acknowledged_at": signed,
        "privacy_notice_url": business.hub.privacy_policy_url,
        "privacy_notice_version": business.hub.privacy_notice_version,
        "evaluation_consent": rng.random() < 0.9,
        "charter_signed_at": signed if rng.random() < charter_rate else None,
    }


def demo_participants(year, hubs, *, scale: str) -> None:
    if Participant.objects.filter(programme_year=year).exists():
        return  # already seeded: seed_demo stays idempotent
    rng = random.Random(2021)
    if scale == "national":
        _national(rng, year, hubs)
    else:
        _small(
            rng,
            year,
            [hub for hub in hubs if hub.slug in ("greater-manchester", "liverpool-city-region")],
        )


@transaction.atomic
def _small(rng: random.Random, year, hubs) -> None:
    """Every outcome in each demo hub, plus eligible participants to fill cohorts."""
    from peernetworks.models import User

    index = 0
    for hub in hubs:
        staff = User.objects.filter(hub=hub, role="hub_staff").first()
        cases = CASES + [("eligible", {}, {}, None)] * 16
        for label, business_overrides, participant_overrides, discretion in cases:
            index += 1
            business = Business.objects.create(
                **{**_business_fields(rng, index, hub), **business_overrides}
            )
            fields = {**_participant_fields(rng, index, year, business), **participant_overrides}
            if label == "eligible" and index % 5 == 0:
                fields["charter_signed_at"] = None  # registered, charter not yet signed
            participant = Participant.objects.create(**fields)
            if index % 3 == 0:
                EqualityData.objects.create(
                    participant=participant,
                    gender=rng.choice(["female", "male", "prefer_not_to_say"]),
                )
            participant_assess(participant=participant, trigger="demo registration")
            if discretion:
                participant_record_discretion(
                    participant=participant,
                    decision=discretion,
                    reason="Demo: discussed with the programme manager.",
                    decided_by=staff,
                )


def _national(rng: random.Random, year, hubs) -> None:
    """About 6,000 participants spread over the 38 hubs by target, in bulk."""
    businesses = []
    index = 0
    for hub in hubs:
        for _ in range(hub.target_participants):
            index += 1
            fields = _business_fields(rng, index, hub)
            roll = rng.random()
            if roll < 0.04:
                fields["turnover_gbp"] = rng.randrange(40_000, 99_000, 1000)
            elif roll < 0.06:
                fields["legal_form"] = "charity"
            elif roll < 0.08:
                fields.update(
                    turnover_gbp=80_000,
                    pre_covid_employees_full_time=9,
                    pre_covid_employees_part_time_permanent=0,
                    pre_covid_turnover_gbp=300_000,
                    viable_going_forward=True,
                )
            businesses.append(Business(**fields))
    with transaction.atomic():
        Business.objects.bulk_create(businesses, batch_size=1000)
        participants = [
            # Nationally everyone has signed: about 550 full cohorts, as in a real year.
            Participant(**_participant_fields(rng, i, year, business, charter_rate=1.0))
            for i, business in enumerate(businesses, start=1)
        ]
        Participant.objects.bulk_create(participants, batch_size=1000)
        participants_assess_bulk(participants=participants, trigger="demo registration")
