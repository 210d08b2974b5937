"""Reads for facilitator and provider records (Annex 1, QM-4), with the access scope applied.
Averages and counts are aggregated in the database, per facilitator or per cohort, never once
per row, so every page is a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from cohorts.models import Cohort
from cohorts.selectors import cohorts_for
from feedback.models import SessionFeedback
from peernetworks.access import scope_to_hub
from peernetworks.models import Role, User
from peernetworks.units import round_mean
from sessions.models import Observation

from ..models import (
    Characteristic,
    PractitionerProfile,
    ProfileCheck,
    QualityItem,
    QualityItemStatus,
)
from ..rules import ChecklistSummary, characteristics_for, checklist_summary
from .log import quality_items_for

PRACTITIONER_ROLES = (Role.FACILITATOR, Role.PROVIDER)


@dataclass
class FeedbackMeans:
    responses: int = 0
    satisfaction: Decimal | None = None
    relevance: Decimal | None = None
    facilitation: Decimal | None = None


def _feedback_means(row: dict | None) -> FeedbackMeans:
    if not row:
        return FeedbackMeans()
    return FeedbackMeans(
        responses=row["responses"],
        satisfaction=round_mean(row["satisfaction"]),
        relevance=round_mean(row["relevance"]),
        facilitation=round_mean(row["facilitation"]),
    )


FEEDBACK_MEANS = {
    "responses": Count("pk"),
    "satisfaction": Avg("satisfaction"),
    "relevance": Avg("relevance"),
    "facilitation": Avg("facilitation"),
}


def practitioners_for(user) -> QuerySet[User]:
    """Facilitators and one-to-one providers of the user's hub."""
    return scope_to_hub(
        User.objects.filter(role__in=PRACTITIONER_ROLES).select_related(
            "hub", "practitioner_profile"
        ),
        user,
    ).order_by("last_name", "first_name", "pk")


@dataclass
class PractitionerRow:
    practitioner: User
    profile: PractitionerProfile | None
    checklist: ChecklistSummary
    observations: int = 0
    feedback: FeedbackMeans = field(default_factory=FeedbackMeans)
    open_items: int = 0

    @property
    def orientation_done(self) -> bool:
        return bool(self.profile and self.profile.orientation_completed_on)


def _met_codes(profile_user_ids) -> dict[int, set[str]]:
    met = defaultdict(set)
    rows = ProfileCheck.objects.filter(profile__user__in=profile_user_ids, met=True).values_list(
        "profile__user_id", "code"
    )
    for user_id, code in rows:
        met[user_id].add(code)
    return met


def practitioner_rows(user) -> list[PractitionerRow]:
    """Every facilitator and provider of the hub with their checklist, observations, mean
    feedback and open items: five queries, however many there are."""
    people = list(practitioners_for(user))
    ids = [p.pk for p in people]
    met = _met_codes(ids)
    observed = dict(
        scope_to_hub(Observation.objects.all(), user)
        .filter(session__cohort__lead_facilitator__in=ids)
        .values_list("session__cohort__lead_facilitator")
        .annotate(n=Count("pk"))
    )
    feedback = {
        row["session__cohort__lead_facilitator"]: row
        for row in scope_to_hub(SessionFeedback.objects.all(), user)
        .filter(session__cohort__lead_facilitator__in=ids)
        .values("session__cohort__lead_facilitator")
        .annotate(**FEEDBACK_MEANS)
    }
    open_items = dict(
        quality_items_for(user)
        .filter(about_person__in=ids, status=QualityItemStatus.OPEN)
        .values_list("about_person")
        .annotate(n=Count("pk"))
    )
    return [
        PractitionerRow(
            practitioner=p,
            profile=getattr(p, "practitioner_profile", None),
            checklist=checklist_summary(p.role, met.get(p.pk, ())),
            observations=observed.get(p.pk, 0),
            feedback=_feedback_means(feedback.get(p.pk)),
            open_items=open_items.get(p.pk, 0),
        )
        for p in people
    ]


@dataclass
class ChecklistLine:
    characteristic: Characteristic
    check: ProfileCheck | None


@dataclass
class CohortFeedback:
    cohort_id: int
    cohort_name: str
    means: FeedbackMeans


@dataclass
class PractitionerPage:
    practitioner: User
    profile: PractitionerProfile | None
    checklist: list[ChecklistLine]
    summary: ChecklistSummary
    observations: list[Observation]
    observation_means: dict
    feedback: FeedbackMeans
    feedback_by_cohort: list[CohortFeedback]
    cohorts: list[Cohort]
    items: list[QualityItem]


def practitioner_page(user, pk: int) -> PractitionerPage:
    """A facilitator's or provider's page for hub staff: profile and Annex 1 checklist,
    observation history, mean feedback overall and per cohort, and the quality items about
    them. A fixed number of queries; raises User.DoesNotExist outside the user's hub."""
    practitioner = practitioners_for(user).get(pk=pk)
    profile = getattr(practitioner, "practitioner_profile", None)
    checks = {c.code: c for c in ProfileCheck.objects.filter(profile__user=practitioner)}
    wanted = characteristics_for(practitioner.role)
    observations = list(
        scope_to_hub(Observation.objects.all(), user)
        .filter(session__cohort__lead_facilitator=practitioner)
        .select_related("session__cohort", "observer")
        .order_by("-session__starts_at", "-pk")
    )
    completed = [o for o in observations if o.completed_on]
    observation_means = {
        name: round_mean(
            sum(getattr(o, f"score_{name}") for o in scored) / len(scored)
            if (scored := [o for o in completed if getattr(o, f"score_{name}") is not None])
            else None
        )
        for name in ("topic", "facilitation", "behaviour")
    }
    feedback = scope_to_hub(SessionFeedback.objects.all(), user).filter(
        session__cohort__lead_facilitator=practitioner
    )
    overall = feedback.aggregate(**FEEDBACK_MEANS)
    by_cohort = [
        CohortFeedback(
            cohort_id=row["session__cohort"],
            cohort_name=row["session__cohort__name"],
            means=_feedback_means(row),
        )
        for row in feedback.values("session__cohort", "session__cohort__name")
        .annotate(**FEEDBACK_MEANS)
        .order_by("session__cohort__name")
    ]
    cohorts = list(
        cohorts_for(user)
        .filter(Q(lead_facilitator=practitioner) | Q(support_person=practitioner))
        .order_by("name")
    )
    items = list(
        quality_items_for(user).filter(about_person=practitioner).order_by("-raised_on", "-pk")
    )
    return PractitionerPage(
        practitioner=practitioner,
        profile=profile,
        checklist=[ChecklistLine(c, checks.get(c.code)) for c in wanted],
        summary=checklist_summary(
            practitioner.role, [code for code, check in checks.items() if check.met]
        ),
        observations=observations,
        observation_means=observation_means,
        feedback=_feedback_means(overall if overall["responses"] else None),
        feedback_by_cohort=by_cohort,
        cohorts=cohorts,
        items=items,
    )
