"""`import_programme`: load a whole programme file in one transaction, every record or none.

Integrity rules are enforced as in the application (unknown refs, one attendance/feedback per
participant and session, ratings 1-5, hours > 0, cohort size, a participant attending only their
cohort's sessions, one hub per business and its records). Rules that are advice in the
application (session lengths, the 18-hour total, one-to-one timing) are not import errors:
historical data is loaded as it happened (INTERCHANGE.md).

Years accumulate (PY-1): a file brings one new programme year. Clusters, hubs and users are
shared by the years, so those already stored are reused when the file agrees with them; every
other record of the file is new and belongs to the file's year.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction

from cohorts.models import Cohort, CohortMembership
from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import OneToOneSession
from participants.eligibility import LEGAL_FORMS, PREVIOUS_PARTICIPATION_CHOICES, Outcome
from participants.models import Business, DiscretionChoice, DiscretionDecision, Participant
from participants.services import participant_assess
from peernetworks.db_statistics import planner_statistics_refresh
from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User
from peernetworks.services import programme_year_create
from peernetworks.units import LONDON
from sessions.models import Attendance, AttendanceStatus, Observation, Session, SessionStatus, Topic

from .fields import MONEY_MAX, Record

FORMAT = "peer-networks-programme/1"
TOP_LEVEL = [
    "format",
    "programme_year",
    "clusters",
    "hubs",
    "users",
    "businesses",
    "participants",
    "cohorts",
    "sessions",
    "attendance",
    "one_to_one",
    "feedback",
    "surveys",
    "observations",
]
ROLES = {r.value for r in Role}
ATTENDANCE = {s.value for s in AttendanceStatus}
SESSION_STATUSES = {s.value for s in SessionStatus}
ROUTES = {"programme", "existing_provision"}
MODES = {"video", "phone", "face_to_face"}
SURVEY_KINDS = {"baseline", "exit", "drop_out"}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class Loaded:
    year: ProgrammeYear
    counts: dict[str, int] = field(default_factory=dict)


def _noon(day):
    """A date-only timestamp from the file, held as midday London so it reads back the same."""
    return datetime.combine(day, time(12, 0), tzinfo=LONDON) if day else None


def _shown(value) -> str:
    """A value as the file spells it: "text" in quotes, null, true."""
    return json.dumps(value, ensure_ascii=False)


class Importer:
    def __init__(self, data):
        self.data = data
        self.errors: list[str] = []
        self.hubs: dict[str, GrowthHub] = {}
        self.users: dict[str, User] = {}
        self.businesses: dict[str, Business] = {}
        self.participants: dict[str, Participant] = {}
        self.cohorts: dict[str, Cohort] = {}
        self.sessions: dict[str, Session] = {}
        self.member_of: dict[int, int] = {}  # participant pk -> cohort pk
        self.counts: dict[str, int] = {}

    # -- helpers ----------------------------------------------------------------------------

    def _list(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.errors.append(f"{key}: must be a list")
            return []
        return value

    def _ref(self, record: Record, model, seen: set) -> str | None:
        ref = record.str("ref", blank=False, max_length=64)
        if ref is None:
            return None
        if ref in seen:
            record.error("ref", f'"{ref}" is used twice')
            return None
        seen.add(ref)
        if model.objects.filter(ref=ref).exists():
            record.error("ref", f'"{ref}" already exists in the database')
            return None
        return ref

    def _same_hub(self, record: Record, field: str, hub_id: int | None, other_hub_id) -> bool:
        if hub_id is not None and other_hub_id is not None and hub_id != other_hub_id:
            record.error(field, "belongs to another hub (a cross-hub reference)")
            return False
        return True

    # -- the whole file ---------------------------------------------------------------------

    def run(self) -> Loaded:
        if not isinstance(self.data, dict):
            raise ImportFailed(["the file must hold a JSON object"])
        for key in self.data:
            if key not in TOP_LEVEL:
                self.errors.append(f"{key}: unknown top-level key")
        if self.data.get("format") != FORMAT:
            self.errors.append(f'format: must be "{FORMAT}"')
        with transaction.atomic():
            self.year = self._programme_year()
            # What does not depend on the year is still checked, so one run reports a
            # refused year together with any disagreement about the shared records.
            self._clusters()
            self._hubs()
            self._users()
            self._businesses()
            if self.year is None:
                raise ImportFailed(self.errors)  # rolls every write back
            self._cohorts()
            self._participants()
            self._sessions()
            self._attendance()
            self._one_to_one()
            self._feedback()
            self._surveys()
            self._observations()
            if self.errors:
                raise ImportFailed(self.errors)  # rolls every write back
        return Loaded(year=self.year, counts=self.counts)

    def _programme_year(self) -> ProgrammeYear | None:
        """The file's year, created here: it must be new and overlap no stored year (PY-2)."""
        r = Record(self.data.get("programme_year"), "programme_year", self.errors)
        name = r.str("name", blank=False, max_length=20)
        start, end = r.date("start"), r.date("end")
        settings = {
            "target_participants": r.int("target_participants", default=None, nullable=True),
            "group_hours_required": r.decimal("group_hours_required", default=None, nullable=True),
            "one_to_one_minimum_hours": r.decimal(
                "one_to_one_minimum_hours", default=None, nullable=True
            ),
            "cohort_max": r.int("cohort_max", default=None, nullable=True, minimum=1),
        }
        if start and end and end <= start:
            r.error("end", "must be after start")
        if not r.ok:
            return None
        if ProgrammeYear.objects.filter(name=name).exists():
            r.error(
                "name",
                f"the year {_shown(name)} is already in the database; a year is imported once "
                "(import a file for another year, or correct the year in the application)",
            )
            return None
        clash = (
            ProgrammeYear.objects.filter(start__lte=end, end__gte=start).order_by("start").first()
        )
        if clash is not None:
            r.error(
                "start",
                f"{start} to {end} overlaps the stored year {_shown(clash.name)} "
                f"({clash.start} to {clash.end}); programme years never overlap, so correct "
                "the file's dates",
            )
            return None
        settings = {k: v for k, v in settings.items() if v is not None}
        try:
            return programme_year_create(name=name, start=start, end=end, **settings)
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for key, messages in problems.items():
                r.error(key if key in settings else None, " ".join(messages))
            return None

    def _agree(self, r: Record, kind: str, key: str, stored: dict, given: dict) -> None:
        """A shared record already stored is reused only when the file says the same."""
        for name, value in given.items():
            if value != stored[name]:
                r.error(
                    name,
                    f"{_shown(value)} differs from the stored {kind} {_shown(key)} "
                    f"({_shown(stored[name])})",
                )

    def _name_free(self, r: Record, model, kind: str, slug: str, name: str) -> None:
        """Names are unique too: a new record may not take a stored record's name."""
        other = model.objects.filter(name=name).exclude(slug=slug).first()
        if other is not None:
            r.error(
                "name",
                f"{_shown(name)} is the name of the stored {kind} {_shown(other.slug)}; "
                f"use that slug or another name",
            )

    def _clusters(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("clusters")):
            r = Record(item, f"clusters[{i}]", self.errors)
            slug, name = r.str("slug", blank=False, max_length=50), r.str("name", blank=False)
            if slug in seen:
                r.error("slug", f"{_shown(slug)} is used twice")
            seen.add(slug)
            if not r.ok:
                continue
            stored = Cluster.objects.filter(slug=slug).first()
            if stored is not None:
                self._agree(r, "cluster", slug, {"name": stored.name}, {"name": name})
                continue
            self._name_free(r, Cluster, "cluster", slug, name)
            if r.ok:
                Cluster.objects.create(slug=slug, name=name)

    def _hubs(self) -> None:
        """Hubs are shared by the years; `target_participants` is the file's year's target
        (PY-1), kept on the hub's year, so it never disagrees with another year's."""
        clusters = {c.slug: c for c in Cluster.objects.all()}
        seen = set()
        for i, item in enumerate(self._list("hubs")):
            r = Record(item, f"hubs[{i}]", self.errors)
            slug, name = r.str("slug", blank=False, max_length=50), r.str("name", blank=False)
            cluster = r.ref("cluster", clusters, "cluster")
            target = r.int("target_participants", default=0)
            if slug in seen:
                r.error("slug", f"{_shown(slug)} is used twice")
            seen.add(slug)
            if not r.ok:
                continue
            hub = GrowthHub.objects.select_related("cluster").filter(slug=slug).first()
            if hub is not None:
                self._agree(
                    r,
                    "hub",
                    slug,
                    {"name": hub.name, "cluster": hub.cluster.slug},
                    {"name": name, "cluster": cluster.slug},
                )
            else:
                self._name_free(r, GrowthHub, "hub", slug, name)
                if r.ok:
                    hub = GrowthHub.objects.create(slug=slug, name=name, cluster=cluster)
            if r.ok and self.year is not None:
                HubYear.objects.update_or_create(
                    hub=hub, programme_year=self.year, defaults={"target_participants": target}
                )
        self.hubs = {h.slug: h for h in GrowthHub.objects.all()}

    def _users(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("users")):
            r = Record(item, f"users[{i}]", self.errors)
            username = r.str("username", blank=False, max_length=150)
            role = r.choice("role", ROLES)
            hub = r.ref("hub", self.hubs, "hub", nullable=True)
            email = r.str("email", default="")
            first, last = r.str("first_name", default=""), r.str("last_name", default="")
            if username in seen:
                r.error("username", f"{_shown(username)} is used twice")
            seen.add(username)
            if role and role != Role.NATIONAL_COORDINATOR and r.data.get("hub") is None:
                r.error("hub", "is required for this role")
            if not r.ok:
                continue
            hub = hub if role != Role.NATIONAL_COORDINATOR else None
            stored = User.objects.select_related("hub").filter(username=username).first()
            if stored is not None:
                self._agree(
                    r,
                    "user",
                    username,
                    {
                        "email": stored.email,
                        "first_name": stored.first_name,
                        "last_name": stored.last_name,
                        "role": stored.role,
                        "hub": stored.hub.slug if stored.hub else None,
                    },
                    {
                        "email": email,
                        "first_name": first,
                        "last_name": last,
                        "role": role,
                        "hub": hub.slug if hub else None,
                    },
                )
                if r.ok:
                    self.users[username] = stored
                continue
            user = User(
                username=username,
                email=email,
                first_name=first,
                last_name=last,
                role=role,
                hub=hub,
                is_staff=role in (Role.HUB_STAFF, Role.NATIONAL_COORDINATOR),
            )
            user.set_unusable_password()
            user.save()
            self.users[username] = user
        self.counts["users"] = len(self.users)

    def _businesses(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("businesses")):
            r = Record(item, f"businesses[{i}]", self.errors)
            ref = self._ref(r, Business, seen)
            hub = r.ref("hub", self.hubs, "hub")
            values = {
                "name": r.str("name", blank=False),
                "sic_code": r.str("sic_code", blank=False, max_length=5),
                "legal_form": r.choice("legal_form", set(LEGAL_FORMS)),
                "trading_start_date": r.date("trading_start_date"),
                "employees_full_time": r.int("employees_full_time"),
                "employees_part_time_permanent": r.int("employees_part_time_permanent"),
                "associates_freelancers": r.int("associates_freelancers", default=0),
                "pays_staff_via_paye": r.bool("pays_staff_via_paye"),
                "turnover_gbp": r.int("turnover_gbp", maximum=MONEY_MAX),
                "balance_sheet_total_gbp": r.int(
                    "balance_sheet_total_gbp", default=None, nullable=True, maximum=MONEY_MAX
                ),
                "trading_address_in_hub_area": r.bool("trading_address_in_hub_area"),
                "cross_lep_agreement": r.bool("cross_lep_agreement", default=False),
                "viable_going_forward": r.bool("viable_going_forward", default=None, nullable=True),
                "companies_house_number": r.str("companies_house_number", default="", max_length=8),
                "postcode": r.str("postcode", default="", max_length=10),
                "trading_address": r.str("trading_address", default="", max_length=1000),
                "local_authority": r.str("local_authority", default="", max_length=100),
            }
            if values["sic_code"] and not (
                len(values["sic_code"]) == 5 and values["sic_code"].isdigit()
            ):
                r.error("sic_code", "must be 5 digits")
            pre = r.data.get("pre_covid")
            if pre is not None:
                p = Record(pre, f"businesses[{i}].pre_covid", self.errors)
                values.update(
                    pre_covid_employees_full_time=p.int("employees_full_time"),
                    pre_covid_employees_part_time_permanent=p.int("employees_part_time_permanent"),
                    pre_covid_associates_freelancers=p.int("associates_freelancers", default=0),
                    pre_covid_turnover_gbp=p.int("turnover_gbp", maximum=MONEY_MAX),
                )
                r.ok = r.ok and p.ok
            if not r.ok:
                continue
            business = Business.objects.create(ref=ref, hub=hub, **values)
            self.businesses[ref] = business
        self.counts["businesses"] = len(self.businesses)

    def _cohorts(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("cohorts")):
            r = Record(item, f"cohorts[{i}]", self.errors)
            ref = self._ref(r, Cohort, seen)
            hub = r.ref("hub", self.hubs, "hub")
            name = r.str("name", blank=False, max_length=120)
            facilitator = r.ref("facilitator", self.users, "user", nullable=True)
            if facilitator and hub:
                self._same_hub(r, "facilitator", hub.pk, facilitator.hub_id)
            if (
                name
                and hub
                and Cohort.objects.filter(hub=hub, programme_year=self.year, name=name).exists()
            ):
                r.error("name", f'"{name}" already exists in this hub')
            if not r.ok:
                continue
            self.cohorts[ref] = Cohort.objects.create(
                ref=ref,
                hub=hub,
                programme_year=self.year,
                name=name,
                lead_facilitator=facilitator,
            )
        self.counts["cohorts"] = len(self.cohorts)

    def _participants(self) -> None:
        seen = set()
        seats: dict[int, int] = {}
        per_business: set[int] = set()
        for i, item in enumerate(self._list("participants")):
            r = Record(item, f"participants[{i}]", self.errors)
            ref = self._ref(r, Participant, seen)
            business = r.ref("business", self.businesses, "business")
            values = {
                "first_name": r.str("first_name", blank=False, max_length=100),
                "last_name": r.str("last_name", default="", max_length=100),
                "email": r.str("email", default="", max_length=254),
                "job_title": r.str("job_title", default="", max_length=100),
                "is_senior_decision_maker": r.bool("is_senior_decision_maker"),
                "aspiration_to_improve": r.bool("aspiration_to_improve"),
                "previous_participation": r.choice(
                    "previous_participation", set(PREVIOUS_PARTICIPATION_CHOICES)
                ),
                "business_already_has_participant": r.bool("business_already_has_participant"),
                "registered_on": r.date("registered_on"),
                "privacy_acknowledged_at": _noon(
                    r.date("privacy_acknowledged_on", default=None, nullable=True)
                ),
                "evaluation_consent": r.bool("evaluation_consent", default=False),
                "charter_signed_at": _noon(
                    r.date("charter_signed_on", default=None, nullable=True)
                ),
                "dropped_out_on": r.date("dropped_out_on", default=None, nullable=True),
                "drop_out_reason": r.str("drop_out_reason", default="", max_length=2000),
            }
            cohort = r.ref("cohort", self.cohorts, "cohort", nullable=True)
            # ELIG-9 background the application keeps no field for: read so that a wrong value
            # is still an error, and otherwise not stored.
            r.bool("drop_out_outside_control", default=False)
            registered = values["registered_on"]
            if registered and not self.year.contains(registered):
                r.error(
                    "registered_on",
                    f"{registered} is outside the programme year {_shown(self.year.name)} "
                    f"({self.year.start} to {self.year.end}); a participant belongs to the "
                    "year they registered in, so import them with that year's file",
                )
            discretion = r.data.get("discretion")
            if discretion is not None:
                d = Record(discretion, f"participants[{i}].discretion", self.errors)
                decision = d.choice("decision", set(DiscretionChoice.values))
                reason = d.str("reason", default="", max_length=2000)
                # KPI-2: the decision counts from the day it was taken (default: registration).
                decided_on = d.date("decided_on", default=None, nullable=True) or registered
                if decided_on and registered and decided_on < registered:
                    d.error(
                        "decided_on",
                        f"{decided_on} is before the participant registered ({registered}); "
                        "give the date the hub decided",
                    )
                r.ok = r.ok and d.ok
            # ELIG-8 is an eligibility rule (a second participant is assessed ineligible), but two
            # participants who both say they are the business's first cannot both be true.
            first = values["business_already_has_participant"] is False
            if business and first and business.pk in per_business:
                r.error(
                    "business_already_has_participant",
                    "the business already has a participant this programme year (ELIG-8)",
                )
            if business and cohort:
                self._same_hub(r, "cohort", business.hub_id, cohort.hub_id)
            if cohort and r.ok and seats.get(cohort.pk, 0) >= self.year.cohort_max:
                r.error(
                    "cohort",
                    f"{cohort.ref} already has {self.year.cohort_max} participants (cohort_max)",
                )
            if not r.ok:
                continue
            if first:
                per_business.add(business.pk)
            participant = Participant.objects.create(
                ref=ref, business=business, programme_year=self.year, **values
            )
            try:
                participant_assess(participant=participant, trigger="import")
            except Exception as error:  # ValidationError naming the input field
                messages = getattr(error, "message_dict", {"": [str(error)]})
                for name, problems in messages.items():
                    r.error(None, f"eligibility cannot be assessed: {name} {' '.join(problems)}")
                continue
            if discretion is not None:
                DiscretionDecision.objects.create(
                    participant=participant,
                    decision=decision,
                    reason=reason or "Imported.",
                    decided_at=_noon(decided_on),
                )
                if participant.eligibility_outcome == Outcome.NEEDS_DISCRETION:
                    participant.discretion_decision = decision
                    participant.discretion_decided_on = decided_on
                    participant.save(update_fields=["discretion_decision", "discretion_decided_on"])
            if cohort:
                seats[cohort.pk] = seats.get(cohort.pk, 0) + 1
                CohortMembership.objects.create(
                    cohort=cohort,
                    participant=participant,
                    seat=seats[cohort.pk],
                    joined_at=_noon(values["registered_on"]),
                )
                self.member_of[participant.pk] = cohort.pk
            self.participants[ref] = participant
        self.counts["participants"] = len(self.participants)

    def _sessions(self) -> None:
        seen = set()
        # National topics are shared; a name that is not one becomes the session's hub's own.
        national = {t.name: t for t in Topic.objects.filter(hub__isnull=True)}
        own: dict[tuple[int, str], Topic] = {
            (t.hub_id, t.name): t for t in Topic.objects.filter(hub__isnull=False)
        }
        created = []
        for i, item in enumerate(self._list("sessions")):
            r = Record(item, f"sessions[{i}]", self.errors)
            ref = self._ref(r, Session, seen)
            cohort = r.ref("cohort", self.cohorts, "cohort")
            starts_at = r.datetime("starts_at")
            hours = r.decimal("duration_hours")
            status = r.choice("status", SESSION_STATUSES)
            names = r.data.get("topics", [])
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                r.error("topics", "must be a list of topic names")
                names = []
            if not r.ok:
                continue
            session = Session.objects.create(
                ref=ref, cohort=cohort, starts_at=starts_at, duration_hours=hours, status=status
            )
            for name in dict.fromkeys(n.strip()[:120] for n in names):
                topic = national.get(name) or own.get((cohort.hub_id, name))
                if topic is None:
                    topic = own[cohort.hub_id, name] = Topic.objects.create(
                        name=name, hub_id=cohort.hub_id
                    )
                session.topics.add(topic)
            self.sessions[ref] = session
            created.append(session)
        # Numbers follow the order of the series.
        by_cohort: dict[int, list[Session]] = {}
        for session in sorted(created, key=lambda s: (s.starts_at, s.pk)):
            by_cohort.setdefault(session.cohort_id, []).append(session)
        for sessions in by_cohort.values():
            for number, session in enumerate(sessions, start=1):
                session.number = number
        Session.objects.bulk_update(created, ["number"])
        self.counts["sessions"] = len(self.sessions)

    def _in_cohort(self, r: Record, participant, session) -> bool:
        if self.member_of.get(participant.pk) != session.cohort_id:
            r.error("participant", f"is not in the cohort of session {session.ref}")
            return False
        return True

    def _attendance(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("attendance")):
            r = Record(item, f"attendance[{i}]", self.errors)
            session = r.ref("session", self.sessions, "session")
            participant = r.ref("participant", self.participants, "participant")
            status = r.choice("status", ATTENDANCE)
            minutes = r.int("minutes_attended", default=None, nullable=True)
            if session and participant:
                if (session.pk, participant.pk) in seen:
                    r.error(None, "a second attendance for this participant and session")
                seen.add((session.pk, participant.pk))
                self._in_cohort(r, participant, session)
            if r.ok:
                Attendance.objects.create(
                    session=session,
                    participant=participant,
                    status=status,
                    minutes_attended=minutes,
                )
        self.counts["attendance"] = len(seen)

    def _one_to_one(self) -> None:
        count = 0
        for i, item in enumerate(self._list("one_to_one")):
            r = Record(item, f"one_to_one[{i}]", self.errors)
            participant = r.ref("participant", self.participants, "participant")
            day = r.date("date")
            hours = r.decimal("hours")
            route = r.choice("route", ROUTES)
            provider = r.ref("provider", self.users, "user", nullable=True)
            programme = r.str("existing_programme", default="", max_length=200)
            mode = r.choice("mode", MODES | {""}, default="")
            if route == "programme" and r.data.get("provider") is None:
                r.error("provider", "is required for the programme route")
            if route == "existing_provision" and not programme:
                r.error("existing_programme", "is required for existing provision")
            if provider and participant:
                self._same_hub(r, "provider", participant.business.hub_id, provider.hub_id)
            if r.ok:
                OneToOneSession.objects.create(
                    participant=participant,
                    date=day,
                    hours=hours,
                    route=route,
                    provider=provider,
                    existing_programme=programme,
                    mode=mode,
                    nature_of_support=r.data.get("nature_of_support", "") or "",
                )
                count += 1
        self.counts["one_to_one"] = count

    def _feedback(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("feedback")):
            r = Record(item, f"feedback[{i}]", self.errors)
            session = r.ref("session", self.sessions, "session")
            participant = r.ref("participant", self.participants, "participant")
            ratings = {
                name: r.int(name, minimum=1, maximum=5)
                for name in ("satisfaction", "relevance", "facilitation")
            }
            submitted_on = r.date("submitted_on")
            if session and participant:
                if (session.pk, participant.pk) in seen:
                    r.error(None, "a second feedback for this participant and session")
                seen.add((session.pk, participant.pk))
                self._same_hub(r, "participant", session.cohort.hub_id, participant.business.hub_id)
            if r.ok:
                SessionFeedback.objects.create(
                    session=session,
                    participant=participant,
                    submitted_on=submitted_on,
                    **ratings,
                )
        self.counts["feedback"] = len(seen)

    def _surveys(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("surveys")):
            r = Record(item, f"surveys[{i}]", self.errors)
            participant = r.ref("participant", self.participants, "participant")
            kind = r.choice("kind", SURVEY_KINDS)
            completed_on = r.date("completed_on", default=None, nullable=True)
            if participant and kind:
                if (participant.pk, kind) in seen:
                    r.error("kind", f"a second {kind} survey for this participant")
                seen.add((participant.pk, kind))
            if r.ok:
                SurveyResponse.objects.create(
                    participant=participant, kind=kind, completed_on=completed_on
                )
        self.counts["surveys"] = len(seen)

    def _observations(self) -> None:
        count = 0
        for i, item in enumerate(self._list("observations")):
            r = Record(item, f"observations[{i}]", self.errors)
            session = r.ref("session", self.sessions, "session")
            observer = r.ref("observer", self.users, "user")
            completed_on = r.date("completed_on", default=None, nullable=True)
            if session and observer and observer.hub_id is not None:
                self._same_hub(r, "observer", session.cohort.hub_id, observer.hub_id)
            if r.ok:
                Observation.objects.create(
                    session=session,
                    observer=observer,
                    completed_on=completed_on,
                    notice_given_at=session.starts_at,
                )
                count += 1
        self.counts["observations"] = count


def programme_import(data) -> Loaded:
    """Raises ImportFailed with every error (path: message); the database is left as it was.
    A loaded programme is a bulk load: the planner statistics are refreshed at once, or
    PostgreSQL plans the first reports over the new rows blind (minutes instead of
    milliseconds for a year's KPI compile)."""
    loaded = Importer(data).run()
    planner_statistics_refresh()
    return loaded
