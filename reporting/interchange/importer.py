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

from dataclasses import dataclass, field

from django.db import transaction

from cohorts.models import Cohort
from participants.models import Business, Participant
from peernetworks.db_statistics import planner_statistics_refresh
from peernetworks.models import GrowthHub, ProgrammeYear, User
from sessions.models import Session

from .delivery import ATTENDANCE, MODES, ROUTES, SESSION_STATUSES, SURVEY_KINDS, DeliveryImport
from .participants import ParticipantsImport
from .structure import ROLES, StructureImport

__all__ = [
    "ATTENDANCE",
    "FORMAT",
    "MODES",
    "ROLES",
    "ROUTES",
    "SESSION_STATUSES",
    "SURVEY_KINDS",
    "TOP_LEVEL",
    "ImportFailed",
    "Importer",
    "Loaded",
    "programme_import",
]

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


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class Loaded:
    year: ProgrammeYear
    counts: dict[str, int] = field(default_factory=dict)


class Importer(StructureImport, ParticipantsImport, DeliveryImport):
    """One file's import: the records it has loaded so far, by ref, and every error found.
    Each kind of record is read, checked and created by its loader (structure, participants,
    delivery), in the order the references between them need."""

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


def programme_import(data) -> Loaded:
    """Raises ImportFailed with every error (path: message); the database is left as it was.
    A loaded programme is a bulk load: the planner statistics are refreshed at once, or
    PostgreSQL plans the first reports over the new rows blind (minutes instead of
    milliseconds for a year's KPI compile)."""
    loaded = Importer(data).run()
    planner_statistics_refresh()
    return loaded
