"""Demo one-to-one support (seed_demo): providers assigned, hours logged by both routes (some
participants short of the minimum, some over it), action plans, declarations and referrals, and
each hub's own entries in the directory of other business support.

For one programme year at a time, with nothing dated after today. Deterministic (seeded from
the year) and idempotent. Written in bulk for the national scale; every log is checked against
the OTO rules first, so the demo never shows impossible data.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cohorts.models import CohortMembership
from one_to_one import rules
from one_to_one.models import (
    ActionPlan,
    Mode,
    OneToOnePlatform,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    ReferralDestination,
    Route,
    SupportDeclined,
    SupportService,
    Theme,
)
from participants.models import Participant
from peernetworks.models import Role, User
from sessions.models import Session

EXISTING_PROGRAMMES = [
    ("Business Growth Programme", "Growth adviser sessions on the business plan"),
    ("Made Smarter Adoption", "Digital technology adoption advice"),
    ("Innovate UK EDGE", "Innovation and funding advice"),
    ("Local Scale-Up Service", "Coaching on leadership and recruitment"),
    ("Export Support Service", "International trade adviser meetings"),
]
PLATFORMS = [
    OneToOnePlatform.TEAMS,
    OneToOnePlatform.ZOOM,
    OneToOnePlatform.GOOGLE_MEET,
    OneToOnePlatform.WHATSAPP,
]
GOALS = [
    "Grow turnover by 20% within two years without losing margin.",
    "Build a management team so the owner can step back from day-to-day operations.",
    "Launch the new product line and win three trade customers.",
    "Move the business onto one cloud system for orders, stock and invoicing.",
    "Prepare the business for investment from a regional fund.",
]
SESSION_LENGTHS = [Decimal("1"), Decimal("1.5"), Decimal("2")]
# Each hub's local services in the directory: two of these, by the hub's position.
LOCAL_SERVICES = [
    ("Scale-Up Coaching", "Up to 12 hours of coaching for businesses planning to grow fast."),
    ("Digital Adoption Clinic", "A free hour with a digital adviser on systems and software."),
    ("Export Readiness Workshops", "Half-day workshops on first steps into overseas markets."),
    ("Net Zero Business Advice", "Energy and carbon reviews, with grants towards the work."),
    ("Access to Finance Service", "Help to find and prepare for loans, grants and investment."),
]


def _split(rng: random.Random, total: Decimal) -> list[Decimal]:
    parts, left = [], total
    while left > 0:
        part = min(left, rng.choice(SESSION_LENGTHS))
        parts.append(part)
        left -= part
    return parts


def _hours_plan(rng: random.Random) -> tuple[Decimal, Decimal]:
    """(programme hours, existing-provision hours) for one participant."""
    roll = rng.random()
    if roll < 0.45:  # the minimum within the programme, or a little over
        return rng.choice([Decimal("3.5"), Decimal("4"), Decimal("4.5")]), Decimal(0)
    if roll < 0.65:  # partly through an existing local programme (OTO-4)
        existing = rng.choice([Decimal("1.5"), Decimal("2"), Decimal("3")])
        return Decimal("4") - existing, existing
    if roll < 0.85:  # short of the minimum
        return rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2.5"), Decimal("3")]), Decimal(0)
    if roll < 0.92:  # nothing yet
        return Decimal(0), Decimal(0)
    return rng.choice([Decimal("5"), Decimal("6")]), Decimal(0)  # more than the minimum


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def demo_support_services(hubs) -> None:
    """Two local services per hub (the national ones come with the migrations); only the
    missing ones are added, so seed_demo stays idempotent."""
    existing = set(SupportService.objects.filter(hub__in=hubs).values_list("hub_id", "name"))
    missing = []
    for index, hub in enumerate(hubs):
        for offset in (0, 1):
            name, description = LOCAL_SERVICES[(index + offset) % len(LOCAL_SERVICES)]
            if (hub.pk, name) in existing:
                continue
            path = name.lower().replace(" ", "-")
            missing.append(
                SupportService(
                    hub=hub,
                    name=name,
                    description=description,
                    website=f"https://{hub.slug}.growthhub.example/{path}",
                    phone=f"01632 960{index * 2 + offset:03d}",  # Ofcom's range for fiction
                    email=f"support@{hub.slug}.growthhub.example",
                    order=offset + 1,
                )
            )
    SupportService.objects.bulk_create(missing)


def demo_one_to_one(year, hubs, *, today: date | None = None) -> None:
    demo_support_services(hubs)
    if ProviderAssignment.objects.filter(participant__programme_year=year).exists():
        return  # already seeded: seed_demo stays idempotent
    rng = random.Random(f"one-to-one:{year.start.isoformat()}")
    today = today or timezone.localdate()
    hub_ids = [hub.pk for hub in hubs]
    providers: dict[int, User] = {}
    for user in User.objects.filter(
        role=Role.PROVIDER, hub_id__in=hub_ids, is_active=True
    ).order_by("hub_id", "pk"):
        providers.setdefault(user.hub_id, user)
    memberships = list(
        CohortMembership.objects.filter(
            left_at__isnull=True,
            cohort__hub_id__in=list(providers),
            cohort__programme_year=year,
            participant__dropped_out_on__isnull=True,
        )
        .select_related("cohort")
        .order_by("cohort__hub_id", "cohort_id", "seat")
    )
    schedule = defaultdict(list)
    for cohort_id, starts_at, status in (
        Session.objects.filter(cohort_id__in={m.cohort_id for m in memberships})
        .order_by("cohort_id", "starts_at")
        .values_list("cohort_id", "starts_at", "status")
    ):
        schedule[cohort_id].append((starts_at, status))
    cohort_dates = {cohort_id: rules.cohort_dates(rows) for cohort_id, rows in schedule.items()}

    records = defaultdict(list)
    for membership in memberships:
        dates = cohort_dates.get(membership.cohort_id)
        if dates is None or dates.first_delivered_on is None:
            continue  # OTO-2: no group session yet
        _participant_support(
            rng, records, membership, providers[membership.cohort.hub_id], dates, year, today
        )
    _referral_services(records[Referral], hub_ids)
    with transaction.atomic():
        for model in (
            ProviderAssignment,
            ProviderDeclaration,
            OneToOneSession,
            ActionPlan,
            Referral,
            SupportDeclined,
        ):
            model.objects.bulk_create(records[model], batch_size=1000)


def _participant_support(rng, records, membership, provider, dates, year, today) -> None:
    participant_id = membership.participant_id
    first = dates.first_delivered_on
    latest = min(
        rules.add_months(dates.last_session_on, year.one_to_one_window_months),
        year.end,
        today,
    )
    records[ProviderAssignment].append(
        ProviderAssignment(
            participant_id=participant_id, provider=provider, assigned_at=_aware(first)
        )
    )
    records[ProviderDeclaration].append(
        ProviderDeclaration(
            participant_id=participant_id,
            provider=provider,
            continuing_commercial_work=rng.random() < 0.05,
            commercial_work_details="Annual accounts review for the business.",
            declared_at=_aware(first, 11),
        )
    )
    programme_hours, existing_hours = _hours_plan(rng)
    if not (programme_hours or existing_hours):
        if rng.random() < 0.5:
            records[SupportDeclined].append(
                SupportDeclined(
                    participant_id=participant_id,
                    declined_on=min(first + timedelta(days=rng.randint(1, 20)), latest),
                    note="Has enough support from their accountant for now.",
                    recorded_by=provider,
                )
            )
        return
    span = max((latest - first).days, 0)
    logs = []
    for hours in _split(rng, programme_hours) if programme_hours else []:
        mode = rng.choices([Mode.VIDEO, Mode.PHONE, Mode.FACE_TO_FACE], weights=[7, 2, 1])[0]
        logs.append(
            OneToOneSession(
                participant_id=participant_id,
                date=first + timedelta(days=rng.randint(0, span)),
                hours=hours,
                route=Route.PROGRAMME,
                provider=provider,
                mode=mode,
                platform=rng.choice(PLATFORMS) if mode == Mode.VIDEO else "",
                themes=rng.sample(Theme.values, k=rng.randint(1, 3)),
                recorded_by=provider,
            )
        )
    if existing_hours:
        name, nature = rng.choice(EXISTING_PROGRAMMES)
        logs.append(
            OneToOneSession(
                participant_id=participant_id,
                date=first + timedelta(days=rng.randint(0, span)),
                hours=existing_hours,
                route=Route.EXISTING_PROVISION,
                existing_programme=name,
                nature_of_support=nature,
                recorded_by=provider,
            )
        )
    for log in logs:
        timing = rules.timing_check(
            day=log.date,
            dates=dates,
            year_start=year.start,
            year_end=year.end,
            window_months=year.one_to_one_window_months,
            today=today,
        )
        if timing.ok:
            records[OneToOneSession].append(log)
    if rng.random() < 0.6:
        agreed = min(log.date for log in logs)
        records[ActionPlan].append(
            ActionPlan(
                participant_id=participant_id,
                goal=rng.choice(GOALS),
                reality="Owner-led; the team is stretched and decisions wait for the owner.",
                obstacles_options="Time, cash flow; options: delegate, recruit, automate.",
                way_forward="Agree three priorities with the team and review monthly.",
                tactics="Weekly one-hour planning slot; a simple KPI dashboard.",
                habits="Review the dashboard every Monday.",
                agreed_on=agreed,
                updated_by=provider,
            )
        )
    if rng.random() < 0.2:
        records[Referral].append(
            Referral(
                participant_id=participant_id,
                destination=rng.choice(ReferralDestination.values[:4]),
                referred_on=max(log.date for log in logs),
                recorded_by=provider,
            )
        )


def _referral_services(referrals: list, hub_ids: list[int]) -> None:
    """Demo referrals name a directory entry offered to the participant: the national one of
    their destination, or one of their hub's own for "other Growth Hub services"."""
    national, local = {}, {}
    for service in SupportService.objects.filter(is_active=True).order_by("order", "pk"):
        if service.hub_id is None:
            national.setdefault(service.category, service)
        elif service.hub_id in hub_ids:
            local.setdefault(service.hub_id, service)
    hub_of = dict(
        Participant.objects.filter(pk__in=[r.participant_id for r in referrals]).values_list(
            "pk", "business__hub_id"
        )
    )
    for referral in referrals:
        if referral.destination == ReferralDestination.GROWTH_HUB_SERVICES:
            referral.service = local.get(hub_of.get(referral.participant_id))
        else:
            referral.service = national.get(referral.destination)
        if referral.service is not None:
            referral.destination = referral.service.category
