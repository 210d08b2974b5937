"""Writes to the programme structure."""

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from .models import STAFF_SITE_ROLES, Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User
from .signals import programme_year_started


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
def growth_hubs_load_england(*, year: ProgrammeYear | None = None) -> list[GrowthHub]:
    """Loads (or refreshes) England's 9 clusters and 38 LEP Growth Hubs, keyed by slug; with a
    year, each hub's target for that year where it has none yet."""
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
                "local_authorities": "\n".join(row["local_authorities"]),
            },
        )
        if year is not None:
            HubYear.objects.get_or_create(
                hub=hub,
                programme_year=year,
                defaults={"target_participants": row["target_participants"]},
            )
        hubs.append(hub)
    return hubs


def _lock_years() -> None:
    """Serialises writes that create or move programme years, so two at once cannot both pass
    the no-overlap check (PY-2); PostgreSQL's exclusion constraint is the backstop."""
    list(ProgrammeYear.objects.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def programme_year_create(*, name: str, start: date, end: date, **settings) -> ProgrammeYear:
    """Creates a programme year with the Playbook's defaults for anything not given. Its
    status (upcoming, running, closed) follows from its dates (PY-2)."""
    _lock_years()
    year = ProgrammeYear(name=name, start=start, end=end, **settings)
    year.full_clean()
    year.save()
    return year


# Every number and text of a year is copied into the next; identity and dates are not.
NOT_COPIED = {"id", "name", "start", "end", "registration_opens_on"}


@transaction.atomic
def programme_year_start(
    *,
    from_year: ProgrammeYear,
    name: str,
    start: date,
    end: date,
    registration_opens_on: date | None = None,
) -> ProgrammeYear:
    """PY-4: year N+1 from year N. Every number, the charter text and each hub's target are
    copied for editing, and the apps copy what they keep per year (survey questions) through
    `programme_year_started`. Year N and its records are not touched."""
    if start <= from_year.end:
        raise ValidationError(
            {
                "start": f"The new year must start after {from_year.name} ends "
                f"({from_year.end:%-d %B %Y})."
            }
        )
    values = {
        key: value for key, value in model_to_dict(from_year).items() if key not in NOT_COPIED
    }
    year = programme_year_create(
        name=name, start=start, end=end, registration_opens_on=registration_opens_on, **values
    )
    HubYear.objects.bulk_create(
        HubYear(hub_id=hub_id, programme_year=year, target_participants=target)
        for hub_id, target in from_year.hub_years.values_list("hub_id", "target_participants")
    )
    programme_year_started.send(sender=ProgrammeYear, year=year, from_year=from_year)
    return year


@transaction.atomic
def hub_registration_close(*, hub: GrowthHub, year: ProgrammeYear, on: date) -> HubYear:
    """PY-3: a hub stops taking registrations for the year before its end."""
    hub_year, _ = HubYear.objects.select_for_update().get_or_create(hub=hub, programme_year=year)
    hub_year.registration_closed_on = on
    hub_year.save(update_fields=["registration_closed_on"])
    return hub_year


@transaction.atomic
def hub_registration_reopen(*, hub: GrowthHub, year: ProgrammeYear) -> HubYear:
    hub_year, _ = HubYear.objects.select_for_update().get_or_create(hub=hub, programme_year=year)
    hub_year.registration_closed_on = None
    hub_year.save(update_fields=["registration_closed_on"])
    return hub_year
