"""Crawl and replay (SPEC §1): every staff-side user's pages, found by following links, show
only the participants that user may see, and the pages that show one hub's participants show
nothing to anyone else.

The programme is the demo (`seed_demo`, small scale: the Greater Manchester and Liverpool City
Region hubs), with a second facilitator and a second provider in Greater Manchester and a
provider in Liverpool City Region, plus what the demo lacks: quality items naming a
participant, disengagement reports, support referrals, action cards, absence follow-ups, a peer
group, alumni and a distinctive feedback comment, and the latest two months' KPI returns
compiled again. Every date derives from today: the demo builds the programme year covering
today, mid-flight, and the year before it; the additions belong to the running year.

1. Each user crawls breadth-first from the landing pages ("/", "/facilitator/", the provider
   portal, "/admin/") following same-site `<a href>` links and the GET forms pages offer
   (tests/access/crawl.py), GET only, skipping sign-out, deletes and the admin's history and
   add pages, at most PER_PATTERN URLs per (view name, query keys) and MAX_PAGES per user
   (CRAWL_MAX_PAGES overrides it). Links naming a file (exports, calendars) are requested
   first, so the downloads are read however soon the limit is reached.
2. Every response is < 500, and every page (HTML or download: CSV, JSON, ICS, XLSX) shows no
   participant the crawling user may not see (`allowed`): hub staff their hub's participants;
   the national coordinator none (aggregates only); a facilitator the members of the cohorts
   they lead or support; a provider the participants currently assigned to them.
3. Every crawled URL whose page showed any participant is replayed as every other user who
   may not see one of those participants: < 500 and no participant that user may not see.
   Redirects are not followed.

A participant is recognised by full name, email and business name (and, for one person, a
feedback comment), each at least MIN_MARKER characters and shared with nobody else. For hub
staff, facilitators and providers the other hub's cohort names count as well.

Personal links (a participant's token) are crawled but not replayed: whoever holds the link is
meant to open it. A defect of the application is listed in KNOWN_DEFECTS (xfail, strict).
"""

import os
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from .crawl import body_of, crawl, is_download, text_of

# Keep this mark: without a django_db test in the session pytest-django creates no test database
# and the module-scoped world below would be built in the development database.
pytestmark = pytest.mark.django_db

MAX_PAGES = int(os.environ.get("CRAWL_MAX_PAGES", "600"))
PER_PATTERN = 3
MIN_MARKER = 6
START = ["/", "/facilitator/", "/one-to-one/provider/", "/admin/"]
HUBS = {"gm": "greater-manchester", "lcr": "liverpool-city-region"}
# Crawlers (the brief's seven staff-side users, then the extra same-hub portal users).
CRAWLERS = (
    "gm-staff",
    "lcr-staff",
    "national",
    "gm-facilitator",
    "lcr-facilitator",
    "gm-provider",
    "lcr-provider",
    "gm-facilitator-2",
    "gm-provider-2",
)
# View names whose URL carries a participant's personal link (a bearer token): not replayed.
PERSONAL_LINK_VIEWS = ("my:", "cohorts:participant-calendar", "quality:alumni-page")

# (view name, user) -> the defect; the cell's assertion is xfail(strict) until it is fixed.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


# ---------------------------------------------------------------------------------------------
# The programme.
# ---------------------------------------------------------------------------------------------


def _extra_users():
    """Made before seed_demo, so the demo's cohorts alternate between the two Greater
    Manchester facilitators and Liverpool City Region's participants get a provider."""
    from demo.structure import demo_structure
    from peernetworks.models import GrowthHub
    from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

    demo_structure()
    gm = GrowthHub.objects.get(slug=HUBS["gm"])
    lcr = GrowthHub.objects.get(slug=HUBS["lcr"])
    FacilitatorFactory(username="gm-facilitator-2", hub=gm, first_name="Wren", last_name="Aske")
    ProviderFactory(username="lcr-provider", hub=lcr, first_name="Juno", last_name="Pell")


def _programme_year():
    """The year the demo is in today: the running one (staff pages show it unless another is
    picked), else the one staff pages show by default."""
    from peernetworks.models import ProgrammeYear

    today = timezone.localdate()
    return ProgrammeYear.running(today) or ProgrammeYear.current(today)


def _report_months(today: date) -> list[date]:
    """The two latest months of the running year that have ended; with fewer than two, the
    latest ended months that a programme year covers."""
    from peernetworks.models import ProgrammeYear
    from reporting.kpi import month_end

    def previous(month: date) -> date:
        return (month - timedelta(days=1)).replace(day=1)

    latest = previous(today.replace(day=1))
    running = ProgrammeYear.running(today)
    if running is not None and previous(latest) >= running.start.replace(day=1):
        return [previous(latest), latest]
    covered = [
        month
        for month in (previous(previous(latest)), previous(latest), latest)
        if ProgrammeYear.objects.filter(start__lte=month_end(month), end__gte=month).exists()
    ]
    return covered[-2:]


def _enrich(hub, staff, word: str) -> None:
    """What the demo lacks, for one hub: dated after the running year's first delivered
    session of the hub (never after today)."""
    from cohorts.models import Cohort
    from feedback.models import SessionFeedback
    from quality import services as quality_services
    from quality.selectors import cohort_completed_on
    from sessions.models import (
        AbsenceFollowUp,
        ActionCard,
        Attendance,
        DisengagementReport,
        SessionNote,
        SupportReferral,
    )
    from tests.sessions.factories import ObservationFactory, future_session

    today = timezone.localdate()
    delivering = Cohort.objects.filter(hub=hub, sessions__status="delivered").distinct()
    cohort = (
        delivering.filter(programme_year=_programme_year()).order_by("pk").first()
        or delivering.order_by("-programme_year__start", "pk").first()
    )
    members = [m.participant for m in cohort.memberships.select_related("participant")]
    p1, p2 = members[0], members[1]
    delivered = cohort.sessions.filter(status="delivered").order_by("number").first()
    delivered_on = timezone.localdate(delivered.starts_at)

    def after(days: int) -> date:
        return min(delivered_on + timedelta(days=days), today)

    facilitator = cohort.lead_facilitator
    SessionNote.objects.get_or_create(session=delivered, defaults={"process_issues": "Wifi."})
    ActionCard.objects.create(session=delivered, participant=p1, actions="Call the bank.")
    DisengagementReport.objects.create(
        participant=p2, cohort=cohort, reported_by=facilitator, reason="Not replying."
    )
    SupportReferral.objects.create(
        participant=p1, cohort=cohort, referred_by=facilitator, reason="Needs finance help."
    )
    absent = Attendance.objects.filter(session__cohort=cohort, status="absent").first()
    if absent is not None:
        AbsenceFollowUp.objects.get_or_create(attendance=absent)
    SessionFeedback.objects.update_or_create(
        session=delivered,
        participant=p2,
        defaults={
            "satisfaction": 5,
            "relevance": 5,
            "facilitation": 5,
            "what_worked": f"The {word} hot-seat exercise",
            "submitted_on": after(1),
        },
    )
    quality_services.quality_item_create(
        hub=hub,
        created_by=staff,
        kind="complaint",
        raised_by_type="participant",
        raised_by_name=f"{p1.first_name} {p1.last_name}",
        channel="email",
        raised_on=after(4),
        about="The second session",
        summary="The room was cold.",
        owner=staff,
        about_cohort=cohort,
    )
    if facilitator is not None:
        group = quality_services.peer_group_create(
            cluster=hub.cluster,
            name=f"Peer group {word}",
            organiser=staff,
            members=[facilitator],
        )
        quality_services.peer_group_meeting_record(
            group=group, held_on=after(40), attendees=[facilitator], themes="Silence"
        )
        quality_services.practitioner_profile_for(facilitator)
    try:
        quality_services.alumni_opt_in(cohort=cohort, participant=p1, share_email=True)
        finished = cohort_completed_on(cohort)
        held_on = max(min(finished + timedelta(days=28), today), finished) if finished else today
        quality_services.continuing_session_record(
            cohort=cohort, held_on=held_on, topics="Hiring", attendees=[p1], by=staff
        )
    except ValidationError:
        pass  # the cohort has not finished: no alumni
    # A planned session to edit, with an observation booked but not yet done.
    planned = future_session(cohort, number=cohort.sessions.count() + 1)
    ObservationFactory(session=planned, observer=staff, completed_on=None)
    return p2, f"The {word} hot-seat exercise"


def build_programme() -> dict:
    from cohorts.models import Cohort, CohortMembership
    from one_to_one.models import ProviderAssignment
    from one_to_one.services import provider_assign
    from participants.models import Participant
    from peernetworks.models import GrowthHub, Role, User
    from reporting.services import kpi_returns_compile
    from tests.peernetworks.factories import ProviderFactory

    _extra_users()
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    hubs = {key: GrowthHub.objects.get(slug=slug) for key, slug in HUBS.items()}
    users = {u.username: u for u in User.objects.filter(username__in=CRAWLERS)}
    # A second Greater Manchester provider takes over a few of gm-provider's participants.
    users["gm-provider-2"] = ProviderFactory(
        username="gm-provider-2", hub=hubs["gm"], first_name="Rhys", last_name="Vane"
    )
    taken = ProviderAssignment.objects.filter(
        provider=users["gm-provider"], ended_at__isnull=True
    ).order_by("participant_id")[:3]
    for assignment in list(taken):
        provider_assign(participant=assignment.participant, provider=users["gm-provider-2"])
    words = {"gm": "Quillbrook", "lcr": "Wexmoor"}
    feedback_markers = {}
    for key, hub in hubs.items():
        person, words_of = _enrich(hub, users[f"{key}-staff"], words[key])
        feedback_markers[person.pk] = words_of
    for month in _report_months(timezone.localdate()):
        for slug in HUBS.values():
            kpi_returns_compile(month=month, hub_slug=slug)

    # Who is who: the strings identifying each participant.
    people = {}
    hub_of = {}
    for p in Participant.objects.select_related("business").filter(business__hub__in=hubs.values()):
        people[p.pk] = [f"{p.first_name} {p.last_name}", p.email, p.business.name]
        if p.pk in feedback_markers:
            people[p.pk].append(feedback_markers[p.pk])
        hub_of[p.pk] = p.business.hub_id
    markers = _distinct_markers(people, User.objects.all())

    # Who may see whom (SPEC §1).
    allowed = {}
    for name, user in users.items():
        if user.role == Role.HUB_STAFF:
            allowed[name] = {pk for pk, h in hub_of.items() if h == user.hub_id}
        elif user.role == Role.FACILITATOR:
            allowed[name] = set(
                CohortMembership.objects.filter(
                    Q(cohort__lead_facilitator=user) | Q(cohort__support_person=user)
                ).values_list("participant_id", flat=True)
            )
        elif user.role == Role.PROVIDER:
            allowed[name] = set(
                ProviderAssignment.objects.filter(
                    provider=user, ended_at__isnull=True, participant__business__hub=user.hub_id
                ).values_list("participant_id", flat=True)
            )
        else:
            allowed[name] = set()
    # Hub-private names (cohorts) another hub's staff, facilitators and providers never see.
    cohort_names = defaultdict(list)
    for cohort in Cohort.objects.filter(hub__in=hubs.values()):
        cohort_names[cohort.hub_id].append(cohort.name)
    private = {
        name: [
            n
            for hub_id, names in cohort_names.items()
            if hub_id != user.hub_id
            for n in names
            if not any(n != other and n in other for other in names)
        ]
        for name, user in users.items()
        if user.hub_id
    }
    # A filter's values naming the two hubs (slug, id, cluster): the crawl prefers them.
    hub_values = {v for hub in hubs.values() for v in (hub.slug, str(hub.pk), hub.cluster.slug)}
    hub_values |= {str(hub.cluster_id) for hub in hubs.values()}
    return {
        "hub_values": hub_values,
        "users": users,
        "markers": markers,
        "allowed": allowed,
        "private": private,
        "hub_of": hub_of,
    }


def _distinct_markers(people: dict, users) -> dict[int, list[str]]:
    """Each person's identifying strings, lower-cased: long enough, and found in nobody else's
    strings nor in a user's name, username or email."""
    staff_strings = [
        s.lower()
        for u in users
        for s in (f"{u.first_name} {u.last_name}", u.username, u.email)
        if s.strip()
    ]
    everyone = [(pk, m.lower()) for pk, ms in people.items() for m in ms]
    result = {}
    for pk, ms in people.items():
        result[pk] = [
            m.lower()
            for m in ms
            if len(m) >= MIN_MARKER
            and not any(o != pk and m.lower() in other for o, other in everyone)
            and not any(m.lower() in s or s in m.lower() for s in staff_strings if len(s) > 3)
        ]
    return result


# ---------------------------------------------------------------------------------------------
# The world: built, crawled and replayed once for the module, then rolled back.
# ---------------------------------------------------------------------------------------------


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _client(session_key: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _request(client: Client, url: str):
    """One GET, rolled back (a page that writes leaves nothing for the next); the response's
    body is read inside the transaction (streamed downloads query as they go)."""
    with rolled_back():
        response = client.get(url)
        body = body_of(response)
    response.read_body = body
    return response


class _Read:
    """A response whose body was already read (so crawl.py does not read it again)."""

    def __init__(self, response):
        self._response = response
        self.status_code = response.status_code
        self.exc_info = getattr(response, "exc_info", None)
        self.content = response.read_body
        self.streaming = False

    def get(self, key, default=None):
        return self._response.get(key, default)


def _found(world, text: str) -> dict[int, list[str]]:
    """The markers a page's text contains, by participant: searched once per distinct text (the
    checks and the report ask about the same pages again)."""
    cache = world.setdefault("found", {})
    found = cache.get(text)
    if found is None:
        found = {}
        for pk, ms in world["markers"].items():
            hits = [m for m in ms if m in text]
            if hits:
                found[pk] = hits
        cache[text] = found
    return found


def seen(world, user: str, text: str) -> set[int]:
    """The participants a page's text shows."""
    return set(_found(world, text))


def leaks(world, user: str, text: str) -> list[str]:
    allowed = world["allowed"][user]
    found = [m for pk, ms in _found(world, text).items() if pk not in allowed for m in ms]
    found += [n for n in world["private"].get(user, ()) if n.lower() in text]
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.monotonic()
            built = build_programme()
            built["build_seconds"] = time.monotonic() - started
            built["sessions"] = {}
            for name, user in built["users"].items():
                client = Client()
                client.force_login(user)
                built["sessions"][name] = client.cookies[settings.SESSION_COOKIE_NAME].value
            started = time.monotonic()
            built["crawls"] = _crawl_all(built)
            built["crawl_seconds"] = time.monotonic() - started
            started = time.monotonic()
            built["replays"] = _replay_all(built)
            built["replay_seconds"] = time.monotonic() - started
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _crawl_all(world) -> dict:
    crawls = {}
    for name in CRAWLERS:
        client = _client(world["sessions"][name])
        crawls[name] = crawl(
            name,
            lambda url, c=client: _Read(_request(c, url)),
            START,
            max_pages=MAX_PAGES,
            per_pattern=PER_PATTERN,
            prefer=lambda url: bool(world["hub_values"] & _query_values(url)),
        )
    return crawls


def _query_values(url: str) -> set[str]:
    return {value for _, value in parse_qsl(urlsplit(url).query)}


def _replay_all(world) -> list[dict]:
    """Each URL whose page showed a participant, requested by every other user who may not
    see one of them."""
    shown_at: dict[str, set[int]] = defaultdict(set)
    pattern_at = {}
    crawled_by = defaultdict(set)
    for name, result in world["crawls"].items():
        for page in result.pages:
            crawled_by[page.url].add(name)
            if page.pattern[0].startswith(PERSONAL_LINK_VIEWS) or not page.text:
                continue
            people = seen(world, name, page.text)
            if people:
                shown_at[page.url] |= people
                pattern_at[page.url] = page.pattern
    replays = []
    clients = {name: _client(key) for name, key in world["sessions"].items()}
    for url in sorted(shown_at):
        for name in CRAWLERS:
            if name in crawled_by[url] or shown_at[url] <= world["allowed"][name]:
                continue
            response = _Read(_request(clients[name], url))
            row = {
                "url": url,
                "user": name,
                "pattern": pattern_at[url],
                "status": response.status_code,
                "error": "",
                "leaks": [],
                "download": False,
            }
            if response.status_code >= 500 and response.exc_info:
                row["error"] = repr(response.exc_info[1])
            if not 300 <= response.status_code < 400:
                row["download"] = is_download(response)
                row["leaks"] = leaks(world, name, text_of(response, response.content))
            replays.append(row)
    return replays


# ---------------------------------------------------------------------------------------------
# The checks.
# ---------------------------------------------------------------------------------------------


def test_the_crawl_reaches_the_pages_that_show_participants(world, capsys):
    """Positive controls: the leak check searches for strings the pages do show."""
    crawls = world["crawls"]
    with capsys.disabled():
        print(_report(world))
    for name in ("gm-staff", "lcr-staff", "gm-facilitator", "gm-provider", "lcr-provider"):
        showed = set()
        for page in crawls[name].pages:
            showed |= seen(world, name, page.text)
        assert showed, f"{name}'s crawl showed no participant: the markers find nothing"
        assert len(crawls[name].pages) > 5, name
    assert any(
        page.download and seen(world, "gm-staff", page.text) for page in crawls["gm-staff"].pages
    ), "gm-staff's crawl downloaded no file showing participants"
    for kind in ("csv", "xlsx"):
        url = f"/reporting/exports/evaluator.{kind}"
        page = next(p for p in crawls["gm-staff"].pages if p.url == url)
        assert seen(world, "gm-staff", page.text), f"{url} shows no participant: not read?"
    # The check finds what it looks for: a page of one hub's participants, as the other hub.
    page = next(p for p in crawls["gm-staff"].pages if p.url == "/participants/")
    assert leaks(world, "lcr-staff", page.text), "the leak check finds nothing"
    assert world["replays"], "nothing was replayed"


def test_the_crawl_has_no_server_errors(world):
    errors = [
        f"{page.url} as {name}: {page.status} {page.error}"
        for name, result in world["crawls"].items()
        for page in result.pages
        if page.status >= 500
    ]
    assert not errors, "\n".join(errors)


def test_the_crawl_shows_each_user_only_their_participants(world):
    found = [
        (page.pattern[0], name, f"{page.url} as {name} ({page.status}) shows {shown}")
        for name, result in world["crawls"].items()
        for page in result.pages
        if page.text and (shown := leaks(world, name, page.text))
    ]
    _assert_none(found)


def test_the_replays_have_no_server_errors(world):
    errors = [
        f"{r['url']} as {r['user']}: {r['status']} {r['error']}"
        for r in world["replays"]
        if r["status"] >= 500
    ]
    assert not errors, "\n".join(errors)


def test_the_replays_show_no_other_users_participants(world):
    found = [
        (
            r["pattern"][0],
            r["user"],
            f"{r['url']} as {r['user']} ({r['status']}) shows {r['leaks']}",
        )
        for r in world["replays"]
        if r["leaks"]
    ]
    _assert_none(found)


def _assert_none(found):
    unknown = [text for view, user, text in found if (view, user) not in KNOWN_DEFECTS]
    assert not unknown, "\n".join(unknown)
    for (view, user), reason in KNOWN_DEFECTS.items():
        if not any((v, u) == (view, user) for v, u, _ in found):
            pytest.fail(f"{reason}: fixed? remove it from KNOWN_DEFECTS")
    if found:
        pytest.xfail("; ".join(sorted({KNOWN_DEFECTS[v, u] for v, u, _ in found})))


def _report(world) -> str:
    lines = ["", "Crawl and replay (tests/access/test_crawl_replay.py):"]
    all_patterns = set()
    for name, result in world["crawls"].items():
        statuses = defaultdict(int)
        for page in result.pages:
            statuses[page.status] += 1
        showing = sum(1 for p in result.pages if seen(world, name, p.text))
        downloads = sum(1 for p in result.pages if p.download)
        all_patterns |= result.patterns
        lines.append(
            f"  {name:<17} {len(result.pages):>4} pages, {len(result.patterns):>3} patterns, "
            f"{showing:>3} showing participants, {downloads:>2} downloads, "
            f"{result.skipped_by_pattern:>4} links over the pattern cap; "
            + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        )
    replay_statuses = defaultdict(int)
    for r in world["replays"]:
        replay_statuses[r["status"]] += 1
    lines.append(
        f"  distinct patterns (view name, query keys) over all users: {len(all_patterns)}; "
        f"view names: {len({p[0] for p in all_patterns})}"
    )
    lines.append(
        f"  replays: {len(world['replays'])} of "
        f"{len({r['url'] for r in world['replays']})} URLs; "
        + ", ".join(f"{s}: {n}" for s, n in sorted(replay_statuses.items()))
    )
    lines.append(
        f"  seconds: build {world['build_seconds']:.1f}, crawl {world['crawl_seconds']:.1f}, "
        f"replay {world['replay_seconds']:.1f}; database: {connection.vendor}"
    )
    if os.environ.get("CRAWL_VERBOSE"):
        for name, result in world["crawls"].items():
            for page in result.pages:
                shows = len(seen(world, name, page.text))
                lines.append(
                    f"    {name} {page.status} {page.url} {'D' if page.download else ''} {shows}"
                )
        for r in world["replays"]:
            lines.append(f"    replay {r['user']} {r['status']} {r['url']}")
    return "\n".join(lines)
