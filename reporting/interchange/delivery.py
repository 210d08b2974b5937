"""What the year delivered and how it was received: the file's sessions (with their topics),
attendance, one-to-one support, session feedback, surveys and observations."""

from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import OneToOneSession
from sessions.models import Attendance, AttendanceStatus, Observation, Session, SessionStatus, Topic

from .fields import Record
from .validation import ImportChecks

ATTENDANCE = {s.value for s in AttendanceStatus}
SESSION_STATUSES = {s.value for s in SessionStatus}
ROUTES = {"programme", "existing_provision"}
MODES = {"video", "phone", "face_to_face"}
SURVEY_KINDS = {"baseline", "exit", "drop_out"}


class DeliveryImport(ImportChecks):
    """Loads `sessions`, `attendance`, `one_to_one`, `feedback`, `surveys` and `observations`."""

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
