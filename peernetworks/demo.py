"""The demo programme's structure and logins (seed_demo). Deterministic: same data every run."""

from datetime import date

from .models import GrowthHub, ProgrammeYear, Role, User
from .services import growth_hubs_load_england, programme_year_create, user_create

DEMO_PASSWORD = "peer-networks-demo"  # demo data only; never used outside `make run`

# (username, role, hub slug, first name, last name)
DEMO_USERS = [
    ("national", Role.NATIONAL_COORDINATOR, None, "Nadia", "Okafor"),
    ("gm-staff", Role.HUB_STAFF, "greater-manchester", "Sam", "Lee"),
    ("gm-facilitator", Role.FACILITATOR, "greater-manchester", "Ola", "Ade"),
    ("gm-provider", Role.PROVIDER, "greater-manchester", "Kit", "Moss"),
    ("lcr-staff", Role.HUB_STAFF, "liverpool-city-region", "Priya", "Shah"),
    ("lcr-facilitator", Role.FACILITATOR, "liverpool-city-region", "Tom", "Hughes"),
]
DEMO_HUBS = ["greater-manchester", "liverpool-city-region"]


def demo_programme_year() -> ProgrammeYear:
    year = ProgrammeYear.objects.filter(name="2021/22").first()
    return year or programme_year_create(
        name="2021/22", start=date(2021, 4, 1), end=date(2022, 3, 31), make_current=True
    )


def demo_structure() -> tuple[ProgrammeYear, list[GrowthHub]]:
    year = demo_programme_year()
    hubs = growth_hubs_load_england()
    for hub in hubs:
        if not hub.privacy_policy_url:
            hub.privacy_policy_url = f"https://{hub.slug}.growthhub.example/privacy"
            hub.tech_support_contact = f"Technology support: 0161 000 {hubs.index(hub):04d}"
            hub.contact_email = f"peernetworks@{hub.slug}.growthhub.example"
            hub.save(update_fields=["privacy_policy_url", "tech_support_contact", "contact_email"])
    return year, hubs


def demo_users() -> list[tuple[str, str, str]]:
    """Creates the demo logins if missing; returns (username, password, description) rows."""
    rows = []
    for username, role, hub_slug, first, last in DEMO_USERS:
        hub = GrowthHub.objects.get(slug=hub_slug) if hub_slug else None
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                role=role,
                hub=hub,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.example",
                password=DEMO_PASSWORD,
            )
        rows.append(
            (username, DEMO_PASSWORD, f"{Role(role).label}" + (f", {hub.name}" if hub else ""))
        )
    return rows


def demo_hub_teams(hubs: list[GrowthHub]) -> None:
    """National scale: a staff member, facilitator and provider for every hub without a team
    (no password: they exist for the data, not to sign in)."""
    staffed = set(User.objects.exclude(hub=None).values_list("hub_id", flat=True))
    users = []
    for hub in hubs:
        if hub.pk in staffed:
            continue
        for role, suffix in (
            (Role.HUB_STAFF, "staff"),
            (Role.FACILITATOR, "facilitator"),
            (Role.PROVIDER, "provider"),
        ):
            user = User(
                username=f"{hub.slug}-{suffix}",
                email=f"{suffix}@{hub.slug}.demo.example",
                first_name=suffix.title(),
                last_name=hub.name.removesuffix(" Growth Hub"),
                role=role,
                hub=hub,
                is_staff=role == Role.HUB_STAFF,
            )
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users)
