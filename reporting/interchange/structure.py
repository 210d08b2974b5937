"""The file's programme year, and the structure the years share: clusters, hubs, users (PY-1).

The file's year is created new; clusters, hubs and users already stored are reused when the
file agrees with them, and names stay unique.
"""

from django.core.exceptions import ValidationError

from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User
from peernetworks.services import programme_year_create

from .fields import Record
from .validation import ImportChecks, _shown

ROLES = {r.value for r in Role}


class StructureImport(ImportChecks):
    """Loads `programme_year`, `clusters`, `hubs` and `users`."""

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
