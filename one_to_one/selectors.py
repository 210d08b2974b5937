"""Reads of one-to-one support, with the access scope applied.

A provider sees only the participants currently assigned to them; hub staff their hub's; the
national coordinator no personal data (SPEC §1). Progress lists run a constant number of
queries: hours by route are summed in the database and each participant's cohort comes from a
subquery, so no per-row queries are needed.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone

from cohorts.models import Cohort, CohortMembership
from participants.models import Participant
from peernetworks.access import is_provider, scope_to_hub
from peernetworks.models import Role, User
from sessions.models import Session

from . import rules
from .models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    Route,
    SupportDeclined,
    SupportService,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))


def participants_for_provider(user) -> QuerySet[Participant]:
    """The participants whose one-to-one support this user may see."""
    base = Participant.objects.select_related("business", "programme_year")
    if is_provider(user):
        current = ProviderAssignment.objects.filter(
            participant=OuterRef("pk"), provider=user, ended_at__isnull=True
        )
        return base.filter(Exists(current), business__hub=user.hub_id)
    return scope_to_hub(base, user)


def _in_scope(queryset: QuerySet, user) -> QuerySet:
    """Rows about participants this user may see (providers: assigned to them)."""
    if is_provider(user):
        return queryset.filter(participant__in=participants_for_provider(user).values("pk"))
    return scope_to_hub(queryset, user)


def one_to_one_sessions_for(user) -> QuerySet[OneToOneSession]:
    return _in_scope(OneToOneSession.objects.select_related("provider", "recorded_by"), user)


def referrals_for(user) -> QuerySet[Referral]:
    return _in_scope(Referral.objects.select_related("service", "recorded_by"), user)


def referrals_of(participant: Participant) -> QuerySet[Referral]:
    """A participant's referrals, for pages whose access is settled already (their own page,
    their facilitator's portal)."""
    return Referral.objects.filter(participant=participant).select_related("service", "recorded_by")


# The directory of other business support (OTO-8) ---------------------------------------------


def support_services_offered(hub_id: int | None) -> QuerySet[SupportService]:
    """What a participant of this hub is offered: the active national entries, then the hub's
    own. The one definition of "offered": forms list it, participants' pages show it, and
    `services.referral_service_check` refuses anything else."""
    return (
        SupportService.objects.filter(Q(hub__isnull=True) | Q(hub_id=hub_id), is_active=True)
        .select_related("hub")
        .order_by(F("hub_id").asc(nulls_first=True), "order", "name", "pk")
    )


def support_services_visible_to(user) -> QuerySet[SupportService]:
    """Directory rows in the admin: hub staff see their hub's and the national ones (which
    they may not change); the national coordinator every hub's (SPEC §1: not personal data)."""
    base = SupportService.objects.select_related("hub")
    if (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.role == Role.HUB_STAFF
        and user.hub_id
    ):
        return base.filter(Q(hub_id=user.hub_id) | Q(hub__isnull=True))
    return scope_to_hub(base, user)


def action_plans_for(user) -> QuerySet[ActionPlan]:
    return _in_scope(ActionPlan.objects.all(), user)


def declarations_for(user) -> QuerySet[ProviderDeclaration]:
    return _in_scope(ProviderDeclaration.objects.select_related("provider"), user)


def support_declined_for(user) -> QuerySet[SupportDeclined]:
    return _in_scope(SupportDeclined.objects.all(), user)


def provider_assignments_for(user) -> QuerySet[ProviderAssignment]:
    return _in_scope(ProviderAssignment.objects.select_related("provider", "participant"), user)


def providers_of_hub(hub_id: int) -> QuerySet[User]:
    return User.objects.filter(role=Role.PROVIDER, hub_id=hub_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def current_cohort_dates(participant: Participant) -> tuple[Cohort | None, rules.CohortDates]:
    """The participant's current cohort and the dates the timing rules need (two queries)."""
    membership = (
        CohortMembership.objects.filter(participant=participant, left_at__isnull=True)
        .select_related("cohort")
        .first()
    )
    if membership is None:
        return None, rules.CohortDates(first_delivered_on=None, last_session_on=None)
    sessions = Session.objects.filter(cohort=membership.cohort_id).values_list(
        "starts_at", "status"
    )
    return membership.cohort, rules.cohort_dates(sessions)


def _current_membership() -> QuerySet[CohortMembership]:
    return CohortMembership.objects.filter(participant=OuterRef("pk"), left_at__isnull=True)


def _last_session_start() -> QuerySet[Session]:
    """The start of the final (not cancelled) session of the participant's current cohort."""
    return (
        Session.objects.filter(
            cohort__memberships__participant=OuterRef("pk"),
            cohort__memberships__left_at__isnull=True,
        )
        .exclude(status="cancelled")
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def progress_by_participant(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    """Adds hours by route (OTO-4), the current cohort, provider, and whether support was
    declined, in the same query. Pass the rows to `progress_of`."""
    hours = "one_to_one_sessions__hours"
    route = "one_to_one_sessions__route"
    full_name = Trim(Concat("provider__first_name", Value(" "), "provider__last_name"))
    provider_name = (
        ProviderAssignment.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)
        .annotate(name=Coalesce(NullIf(full_name, Value("")), "provider__username"))
        .values("name")[:1]
    )
    return queryset.select_related("programme_year").annotate(
        programme_hours=Sum(hours, filter=Q(**{route: Route.PROGRAMME}), default=ZERO),
        existing_provision_hours=Sum(
            hours, filter=Q(**{route: Route.EXISTING_PROVISION}), default=ZERO
        ),
        cohort_id=Subquery(_current_membership().values("cohort_id")[:1]),
        cohort_name=Subquery(_current_membership().values("cohort__name")[:1]),
        cohort_last_session_at=Subquery(_last_session_start()),
        provider_name=Subquery(provider_name),
        declined=Exists(SupportDeclined.objects.filter(participant=OuterRef("pk"))),
    )


def progress_of(participant: Participant) -> rules.Progress:
    """OTO-1 progress of a participant annotated by `progress_by_participant`."""
    return rules.progress(
        programme_hours=participant.programme_hours,
        existing_provision_hours=participant.existing_provision_hours,
        minimum=participant.programme_year.one_to_one_minimum_hours,
    )


@dataclass
class ProgressRow:
    participant: Participant
    progress: rules.Progress

    @property
    def provider_name(self) -> str:
        return self.participant.provider_name or ""


def progress_rows(queryset: QuerySet[Participant]) -> list[ProgressRow]:
    return [ProgressRow(p, progress_of(p)) for p in progress_by_participant(queryset)]


@dataclass
class CohortProgress:
    cohort: Cohort
    rows: list[ProgressRow]

    @property
    def members(self) -> int:
        return len(self.rows)

    @property
    def programme_hours(self) -> Decimal:
        return sum((r.progress.programme_hours for r in self.rows), Decimal(0))

    @property
    def existing_provision_hours(self) -> Decimal:
        return sum((r.progress.existing_provision_hours for r in self.rows), Decimal(0))

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.progress.met)

    @property
    def short(self) -> int:
        return self.members - self.met

    @property
    def percent_met(self) -> int:
        return int(self.met * 100 / self.members) if self.members else 0


def _current_members_of(cohorts) -> QuerySet[Participant]:
    return Participant.objects.filter(
        memberships__cohort__in=cohorts, memberships__left_at__isnull=True
    )


def cohort_progress(cohort: Cohort, user=None) -> CohortProgress:
    """The cohort's current members' progress (one query); with a user, only the members that
    user may see."""
    members = Participant.objects.select_related("business", "programme_year")
    if user is not None:
        members = participants_for_provider(user)
    members = members.filter(pk__in=_current_members_of([cohort]).values("pk"))
    return CohortProgress(cohort, progress_rows(members.order_by("last_name", "first_name", "pk")))


def cohorts_progress(cohorts: QuerySet[Cohort], user) -> list[CohortProgress]:
    """Every cohort with its members' progress, in two queries however many cohorts."""
    cohorts = list(cohorts)
    visible = participants_for_provider(user).filter(
        pk__in=_current_members_of(cohorts).values("pk")
    )
    by_cohort: dict[int, list[ProgressRow]] = {cohort.pk: [] for cohort in cohorts}
    for row in progress_rows(visible.order_by("last_name", "first_name", "pk")):
        by_cohort.setdefault(row.participant.cohort_id, []).append(row)
    return [CohortProgress(cohort, by_cohort[cohort.pk]) for cohort in cohorts]


def short_of_minimum_after_cohort_end(
    user, *, year=None, now: datetime | None = None
) -> list[ProgressRow]:
    """OTO-1: participants (of one programme year, when given) whose cohort's final (not
    cancelled) session is in the past and who are short of the minimum. One query; the minimum
    is tested by the rule itself."""
    now = now or timezone.now()
    participants = participants_for_provider(user)
    if year is not None:
        participants = participants.filter(programme_year=year)
    ended = (
        progress_by_participant(participants)
        .filter(cohort_last_session_at__lt=now, dropped_out_on__isnull=True)
        .order_by("cohort_name", "last_name", "first_name", "pk")
    )
    rows = [ProgressRow(p, progress_of(p)) for p in ended]
    return [row for row in rows if not row.progress.met]
