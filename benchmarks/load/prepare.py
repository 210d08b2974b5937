"""Load test, step 1: the national demo in PostgreSQL, and what the simulated
users need to act without going through the login form.

Usage (run.sh does this):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pn_load DJANGO_SECRET_KEY=... \
        .venv/bin/python benchmarks/load/prepare.py --output benchmarks/load/out/users.json

- Migrates and seeds `seed_demo --scale national` into an empty database (kept between runs).
- Compiles the KPI returns for every month of the demo programme year, so the KPI pages have
  something to list, and refreshes the planner's statistics (ANALYZE).
- Signs in a sample of hub staff and facilitators by writing their sessions directly
  (SessionStore, as django.contrib.auth.login would), including the session clocks
  (peernetworks.middleware) and, for staff who must use two-factor sign-in, a confirmed TOTP
  device as the verified device (django-otp), so every request is an ordinary signed-in one.
- Picks distinct (participant, session) pairs where the participant attended a delivered
  session and has not given feedback yet, and writes their personal links (signed with the
  same DJANGO_SECRET_KEY as the server's): each simulated feedback POST is a real first
  submission (SUR-1 allows one per participant and session), so "0 errors" means 0 errors.
  Any older emailed invitation for those pairs is stamped as sent now, so links are in time.

Nothing here is used by the application; the database is a throwaway one (pn_load).
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peernetworks.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cohorts.models import Cohort  # noqa: E402
from feedback.models import FeedbackInvitation, SessionFeedback  # noqa: E402
from feedback.rules import feedback_token  # noqa: E402
from participants.links import home_token  # noqa: E402
from participants.models import Participant  # noqa: E402
from peernetworks.middleware import LAST_SEEN, STARTED  # noqa: E402
from peernetworks.models import ProgrammeYear, Role, User  # noqa: E402
from reporting.models import KpiReturn  # noqa: E402
from reporting.services import kpi_returns_compile  # noqa: E402
from sessions.models import Attendance, Session, SessionStatus  # noqa: E402

ATTENDED = ["present", "late", "left_early"]


def seed() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    if not ProgrammeYear.objects.exists():
        print("Seeding the national demo (about 30 s)...", flush=True)
        call_command("seed_demo", "--scale", "national", verbosity=0)


def compile_returns() -> None:
    year = ProgrammeYear.objects.order_by("start").first()
    month = year.start.replace(day=1)
    while month <= min(year.end, timezone.localdate()):
        if not KpiReturn.objects.filter(month=month).exists():
            kpi_returns_compile(month=month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in production. Without them, right
    after the bulk load, PostgreSQL guesses a handful of rows per table and picks nested loops
    that make the facilitator portal 100 times slower (515 ms instead of 4 ms for its member
    progress query); `ANALYZE` after seeding, importing or restoring (docs/operations.md)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def signed_in(user: User) -> str:
    """A session as django.contrib.auth.login writes it; returns the session key (cookie)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[STARTED] = session[LAST_SEEN] = time.time()
    if "django_otp" in settings.INSTALLED_APPS and two_factor_required(user):
        session["otp_device_id"] = verified_device(user).persistent_id
    session.create()
    return session.session_key


def two_factor_required(user: User) -> bool:
    try:
        from peernetworks.mfa import mfa_required_for
    except ImportError:  # two-factor sign-in not installed
        return False
    return mfa_required_for(user)


def verified_device(user: User):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Load test", confirmed=True)


def staff_users(count: int, rng: random.Random) -> list[dict]:
    users = list(User.objects.filter(role=Role.HUB_STAFF, is_active=True, hub__isnull=False))
    picked = rng.sample(users, min(count, len(users)))
    out = []
    for user in picked:
        participants = list(
            Participant.objects.filter(business__hub=user.hub).values_list("pk", flat=True)
        )
        cohorts = list(Cohort.objects.filter(hub=user.hub).values_list("pk", flat=True))
        returns = list(KpiReturn.objects.filter(hub=user.hub).values_list("pk", flat=True))
        out.append(
            {
                "username": user.username,
                "cookie": signed_in(user),
                "participants": rng.sample(participants, min(40, len(participants))),
                "cohorts": rng.sample(cohorts, min(10, len(cohorts))),
                "returns": returns,
            }
        )
    return out


def facilitator_users(count: int, rng: random.Random) -> list[dict]:
    """Facilitators with delivered sessions whose register is complete: saving it again (the
    same marks) is a valid save that changes nothing, so it can be repeated all run long."""
    users = list(User.objects.filter(role=Role.FACILITATOR, is_active=True))
    out = []
    for user in rng.sample(users, len(users)):
        sessions = list(
            Session.objects.filter(
                cohort__lead_facilitator=user,
                status=SessionStatus.DELIVERED,
                starts_at__lt=timezone.now(),
            )
            .filter(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
            .order_by("-starts_at")
            .values_list("pk", flat=True)[:8]
        )
        if sessions:
            out.append({"username": user.username, "cookie": signed_in(user), "sessions": sessions})
        if len(out) == count:
            break
    return out


def feedback_links(count: int, rng: random.Random) -> list[dict]:
    """Distinct attended (participant, session) pairs with no feedback yet."""
    candidates = list(
        Attendance.objects.filter(
            status__in=ATTENDED,
            session__status=SessionStatus.DELIVERED,
            participant__dropped_out_on__isnull=True,
        )
        .exclude(
            Exists(
                SessionFeedback.objects.filter(
                    participant=OuterRef("participant"), session=OuterRef("session")
                )
            )
        )
        .values_list("participant_id", "session_id")
    )
    pairs = rng.sample(candidates, min(count, len(candidates)))
    FeedbackInvitation.objects.filter(
        participant_id__in={p for p, _ in pairs}, session_id__in={s for _, s in pairs}
    ).update(sent_at=timezone.now())
    participants = Participant.objects.select_related("programme_year").in_bulk(
        {p for p, _ in pairs}
    )
    sessions = Session.objects.in_bulk({s for _, s in pairs})
    return [
        {
            "home": reverse("my:home", args=[home_token(participants[p])]),
            "feedback": reverse(
                "my:feedback-form", args=[feedback_token(participants[p], sessions[s])]
            ),
        }
        for p, s in pairs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--facilitators", type=int, default=20)
    parser.add_argument("--feedback", type=int, default=2000, help="distinct feedback links")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL=postgres://...")
    rng = random.Random(args.seed)
    seed()
    compile_returns()
    analyze()
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "staff": staff_users(args.staff, rng),
        "facilitators": facilitator_users(args.facilitators, rng),
        "feedback": feedback_links(args.feedback, rng),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data))
    print(
        f"{len(data['staff'])} hub staff, {len(data['facilitators'])} facilitators, "
        f"{len(data['feedback'])} feedback links -> {args.output}"
    )


if __name__ == "__main__":
    main()
