"""Demo businesses and participants across every eligibility outcome (seed_demo).

Each demo hub's registrations over the year so far (demo.applications) become businesses and
participants, assessed and decided as they are created (demo.eligibility). Deterministic for a
given date (seeded per year and hub); bulk writes, so the national scale stays quick.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from demo.applications import Application, hub_registrations
from demo.eligibility import assessments_for, assessments_save, decisions_record
from demo.structure import aware, demo_hubs, hub_plans, rng_for
from participants.models import Business, EqualityData, Participant
from peernetworks.models import HubYear

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
        by_hub[hub] = hub_registrations(
            rng, year, plans[hub.pk], targets.get(hub.pk, 0), scale=scale, today=today
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
    assessments = assessments_for(year, participants)
    Participant.objects.bulk_create(participants, batch_size=1000)
    assessments_save(participants, assessments)
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
    decisions_record(year, participants, [application for *_, application in rows], today)


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
