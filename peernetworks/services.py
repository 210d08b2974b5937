"""Writes to the programme structure."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import STAFF_SITE_ROLES, Cluster, GrowthHub, ProgrammeYear, Role, User


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    hub: GrowthHub | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Creates a programme user; staff-site access follows the role."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        hub=hub if role != Role.NATIONAL_COORDINATOR else None,
        is_staff=role in STAFF_SITE_ROLES,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


ENGLAND_GROWTH_HUBS = Path(__file__).resolve().parent / "data" / "england_growth_hubs.json"


@transaction.atomic
def growth_hubs_load_england() -> list[GrowthHub]:
    """Loads (or refreshes) England's 9 clusters and 38 LEP Growth Hubs, keyed by slug."""
    data = json.loads(ENGLAND_GROWTH_HUBS.read_text())
    clusters = {
        row["slug"]: Cluster.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )[0]
        for row in data["clusters"]
    }
    hubs = []
    for row in data["hubs"]:
        hub, _ = GrowthHub.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "cluster": clusters[row["cluster"]],
                "target_participants": row["target_participants"],
                "local_authorities": "\n".join(row["local_authorities"]),
            },
        )
        hubs.append(hub)
    return hubs


@transaction.atomic
def programme_year_create(
    *, name: str, start: date, end: date, make_current: bool = True, **settings
) -> ProgrammeYear:
    """Creates a programme year with the Playbook's defaults for anything not given."""
    if make_current:
        ProgrammeYear.objects.filter(is_current=True).update(is_current=False)
    year = ProgrammeYear(name=name, start=start, end=end, is_current=make_current, **settings)
    year.full_clean()
    year.save()
    return year
