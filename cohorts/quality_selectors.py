"""Reads for quality management and life after the programme (issue 11), with the access
scope applied. Every page is a fixed number of queries: averages and counts are aggregated in
the database, per facilitator or per cohort, never once per row.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from participants.models import Participant, SessionFeedback, SurveyKind, SurveyResponse
from peernetworks.access import scope_to_hub
from peernetworks.models import Role, User
from sessions.models import Observation, Session, SessionStatus
from sessions.schedule import LONDON

from .models import Cohort, CohortMembership, CohortStatus
from .models_quality import (
    ALUMNI_OPTED_IN_Q,
    AlumniConsent,
    Characteristic,
    ChecklistSummary,
    ContinuingSession,
    FacilitatorPeerGroup,
    PractitionerProfile,
    ProfileCheck,
    QualityAction,
    QualityActionKind,
    QualityItem,
    QualityItemStatus,
    characteristics_for,
    checklist_summary,
    completion_day,
    evaluation_survey_days,
)
from .selectors import cohorts_for, cohorts_with_schedule_totals
from .status import cohort_status

TWO_PLACES = Decimal("0.01")


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# Feedback, complaints and compliments (QM-3) --------------------------------------------------


def quality_items_for(user) -> QuerySet[QualityItem]:
    """The user's hub's log (hub staff); nobody else's."""
    return scope_to_hub(
        QualityItem.objects.select_related("hub", "owner", "about_cohort", "about_person"), user
    )


def _overdue_actions(today: date) -> Q:
    return Q(actions__done_on__isnull=True, actions__due_on__lt=today)


def quality_items_listed(user, *, today: date | None = None) -> QuerySet[QualityItem]:
    """The log with each item's action counts, in one query."""
    today = today or timezone.localdate()
    return quality_items_for(user).annotate(
        action_count=Count("actions", distinct=True),
        corrective_count=Count(
            "actions", filter=Q(actions__kind=QualityActionKind.CORRECTIVE), distinct=True
        ),
        overdue_action_count=Count("actions", filter=_overdue_actions(today), distinct=True),
    )


def quality_items_overdue(user, *, today: date | None = None) -> QuerySet[QualityItem]:
    """Open items past their resolve-by date, or with an action past its due date and not done
    (due today is not yet overdue): for the staff home page. One query."""
    today = today or timezone.localdate()
    late_action = QualityAction.objects.filter(
        item=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    return (
        quality_items_listed(user, today=today)
        .filter(status=QualityItemStatus.OPEN)
        .filter(Q(due_on__lt=today) | Exists(late_action))
        .order_by("due_on", "pk")
    )


def quality_item_detail(user, pk: int) -> QualityItem:
    """One item of the user's hub with its actions (raises DoesNotExist otherwise)."""
    item = (
        quality_items_for(user)
        .select_related(
            "about_session", "raised_by_participant", "resolved_by", "created_by", "feedback"
        )
        .get(pk=pk)
    )
    item.action_list = list(item.actions.select_related("owner"))
    item.update_list = list(item.updates.select_related("by"))
    return item


def hub_team(hub) -> QuerySet[User]:
    """Who may own items and actions: the hub's active people."""
    return User.objects.filter(hub=hub, is_active=True).order_by("first_name", "last_name")


# Facilitator and provider records (Annex 1, QM-4) ---------------------------------------------

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
        satisfaction=_round(row["satisfaction"]),
        relevance=_round(row["relevance"]),
        facilitation=_round(row["facilitation"]),
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
        name: _round(
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


# Facilitator peer groups -----------------------------------------------------------------------


def peer_groups_for(user) -> QuerySet[FacilitatorPeerGroup]:
    """The groups of the user's cluster, with their meeting count and latest meeting."""
    return (
        scope_to_hub(FacilitatorPeerGroup.objects.select_related("cluster", "organiser"), user)
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_met_on=Max("meetings__held_on"),
        )
        .order_by("cluster__name", "name")
    )


def my_peer_groups(user) -> QuerySet[FacilitatorPeerGroup]:
    """The groups a facilitator (or hub staff member) belongs to or organises, for the
    facilitator portal: someone outside a group never reaches it (404)."""
    if not user.is_authenticated:
        return FacilitatorPeerGroup.objects.none()
    mine = FacilitatorPeerGroup.objects.filter(Q(members=user) | Q(organiser=user)).values("pk")
    return (
        FacilitatorPeerGroup.objects.filter(pk__in=mine)
        .select_related("cluster", "organiser")
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_met_on=Max("meetings__held_on"),
        )
        .order_by("cluster__name", "name")
    )


def peer_group_meetings(group: FacilitatorPeerGroup) -> list:
    """A group's meetings, newest first, with who came (two queries)."""
    return list(
        group.meetings.select_related("recorded_by")
        .prefetch_related("attendees")
        .order_by("-held_on", "-pk")
    )


def peer_group_candidates(cluster) -> QuerySet[User]:
    """Who may join a cluster's group: its hubs' active facilitators and hub staff."""
    return (
        User.objects.filter(
            hub__cluster=cluster,
            is_active=True,
            role__in=[Role.FACILITATOR, Role.HUB_STAFF],
        )
        .select_related("hub")
        .order_by("hub__name", "last_name", "first_name")
    )


# Evaluation surveys (Impact Assessment & Evaluation) -------------------------------------------


@dataclass(frozen=True)
class EvaluationDates:
    """One participant's place in the independent evaluation: completed (with the days the
    post-completion and six-month surveys fall due), dropped out (the drop-out survey instead),
    or still taking part (all None)."""

    completed_on: date | None = None
    post_completion_survey_due: date | None = None
    six_month_survey_due: date | None = None
    dropped_out_on: date | None = None

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    @property
    def dropped_out(self) -> bool:
        return self.dropped_out_on is not None


@dataclass(frozen=True)
class Completion:
    """A completed cohort: the day it completed and its programme year's evaluation numbers."""

    completed_on: date
    post_completion_days: int
    follow_up_months: int


def _completions(cohort_ids) -> dict[int, Completion]:
    """Each completed cohort's completion day, from its delivered sessions, with its programme
    year's survey numbers (two queries)."""
    years = {
        pk: (hours, post_days, months)
        for pk, hours, post_days, months in Cohort.objects.filter(
            pk__in=cohort_ids, cancelled_at__isnull=True
        ).values_list(
            "pk",
            "programme_year__group_hours_required",
            "programme_year__post_completion_survey_days",
            "programme_year__six_month_survey_months",
        )
    }
    sessions = defaultdict(list)
    rows = Session.objects.filter(
        cohort__in=list(years), status=SessionStatus.DELIVERED
    ).values_list("cohort_id", "starts_at", "duration_hours")
    for cohort_id, starts_at, hours in rows:
        sessions[cohort_id].append((starts_at.astimezone(LONDON).date(), hours))
    found = {}
    for cohort_id, (hours_required, post_days, months) in years.items():
        day = completion_day(sessions[cohort_id], required_hours=hours_required)
        if day is not None:
            found[cohort_id] = Completion(day, post_days, months)
    return found


def _completion_days(cohort_ids) -> dict[int, date]:
    return {pk: c.completed_on for pk, c in _completions(cohort_ids).items()}


def evaluation_dates_from(rows: Iterable[tuple[int, date | None, int | None]]) -> dict:
    """Impact Assessment & Evaluation, the one implementation behind the evaluation page and
    the evaluator export: {participant pk: EvaluationDates} from (participant pk, dropped out
    on, current cohort pk or None) rows.

    A participant completes when the cohort they are a current member of completes (COH-6:
    its delivered session lengths reach the required hours), on the day that happens; the
    evaluator's surveys fall due after the cohort's programme year's
    `post_completion_survey_days` and `six_month_survey_months`. A participant who dropped out
    gets the drop-out survey instead and no completion dates. Two queries."""
    rows = list(rows)
    completions = _completions({cohort for _, _, cohort in rows if cohort is not None})
    dates = {}
    for pk, dropped_out_on, cohort_id in rows:
        completion = completions.get(cohort_id)
        if dropped_out_on is not None:
            dates[pk] = EvaluationDates(dropped_out_on=dropped_out_on)
        elif completion is not None:
            post, follow_up = evaluation_survey_days(
                completion.completed_on,
                post_completion_days=completion.post_completion_days,
                follow_up_months=completion.follow_up_months,
            )
            dates[pk] = EvaluationDates(
                completed_on=completion.completed_on,
                post_completion_survey_due=post,
                six_month_survey_due=follow_up,
            )
        else:
            dates[pk] = EvaluationDates()
    return dates


def evaluation_due_dates(queryset: QuerySet[Participant]) -> dict[int, EvaluationDates]:
    """evaluation_dates_from for every participant of `queryset` (already access-scoped by the
    caller). Four queries, however many participants."""
    queryset = queryset.prefetch_related(None)
    people = dict(queryset.values_list("pk", "dropped_out_on"))
    current = dict(
        CohortMembership.objects.filter(
            participant__in=queryset.values("pk"), left_at__isnull=True
        ).values_list("participant_id", "cohort_id")
    )
    return evaluation_dates_from(
        (pk, dropped_out_on, current.get(pk)) for pk, dropped_out_on in people.items()
    )


@dataclass
class EvaluationLine:
    participant: Participant
    dates: EvaluationDates
    drop_out_survey: SurveyResponse | None = None


@dataclass
class EvaluationLists:
    completed: list[EvaluationLine]
    dropped_out: list[EvaluationLine]


def evaluation_lists(user, *, year=None) -> EvaluationLists:
    """Staff's lists: who completed (and when each evaluator survey is due) and who dropped
    out (with their drop-out survey). A fixed number of queries."""
    participants = scope_to_hub(Participant.objects.select_related("business"), user)
    if year is not None:
        participants = participants.filter(programme_year=year)
    dates = evaluation_due_dates(participants)
    wanted = [pk for pk, d in dates.items() if d.completed or d.dropped_out]
    people = {p.pk: p for p in participants.filter(pk__in=wanted)}
    surveys = {
        s.participant_id: s
        for s in SurveyResponse.objects.filter(participant__in=wanted, kind=SurveyKind.DROP_OUT)
    }
    completed = sorted(
        (EvaluationLine(people[pk], dates[pk]) for pk in wanted if dates[pk].completed),
        key=lambda line: (line.dates.completed_on, line.participant.last_name),
    )
    dropped = sorted(
        (
            EvaluationLine(people[pk], dates[pk], surveys.get(pk))
            for pk in wanted
            if dates[pk].dropped_out
        ),
        key=lambda line: (line.dates.dropped_out_on, line.participant.last_name),
    )
    return EvaluationLists(completed=completed, dropped_out=dropped)


# Carrying on (Post-Programme Sustainability) ---------------------------------------------------


def _status_of(cohort: Cohort) -> CohortStatus:
    return cohort_status(
        cancelled=cohort.cancelled_at is not None,
        schedule_confirmed=cohort.scheduled_at is not None,
        delivered_hours=cohort.delivered_hours,
        required_hours=cohort.programme_year.group_hours_required,
        delivered_sessions=cohort.delivered_count,
    )


def cohort_is_completed(cohort: Cohort) -> bool:
    """COH-6: the cohort's delivered lengths have reached the required hours."""
    totals = (
        cohorts_with_schedule_totals(Cohort.objects.filter(pk=cohort.pk))
        .select_related("programme_year")
        .first()
    )
    return totals is not None and _status_of(totals) == CohortStatus.COMPLETED


def cohort_completed_on(cohort: Cohort) -> date | None:
    return _completion_days([cohort.pk]).get(cohort.pk)


def alumni_members(cohort: Cohort) -> QuerySet[Participant]:
    """The members who finished with the cohort: current members who did not drop out."""
    return Participant.objects.filter(
        memberships__cohort=cohort, memberships__left_at__isnull=True, dropped_out_on__isnull=True
    ).select_related("business")


def alumni_may_join(cohort: Cohort, participant: Participant) -> bool:
    return cohort_is_completed(cohort) and alumni_members(cohort).filter(pk=participant.pk).exists()


def alumni_consent_of(cohort: Cohort, participant: Participant) -> AlumniConsent | None:
    return AlumniConsent.objects.filter(cohort=cohort, participant=participant).first()


@dataclass(frozen=True)
class AlumniCard:
    """What one opted-in member shares: name and business, and only the contact details they
    chose."""

    name: str
    business: str
    email: str = ""
    phone: str = ""
    other_contact: str = ""


def alumni_visible_to(cohort: Cohort, participant: Participant) -> list[AlumniCard]:
    """The other members a participant sees: none unless they opted in themselves, and then
    only the members who opted in too (withdrawn consent hides a member at once). Built from
    the consent row, so nothing a member did not choose to share leaves the database."""
    if not AlumniConsent.objects.filter(
        ALUMNI_OPTED_IN_Q, cohort=cohort, participant=participant
    ).exists():
        return []
    still_members = CohortMembership.objects.filter(
        cohort=cohort,
        participant=OuterRef("participant"),
        left_at__isnull=True,
        participant__dropped_out_on__isnull=True,
    )
    consents = (
        AlumniConsent.objects.filter(ALUMNI_OPTED_IN_Q, cohort=cohort)
        .filter(Exists(still_members))
        .exclude(participant=participant)
        .select_related("participant__business")
        .order_by("participant__first_name", "participant__last_name", "pk")
    )
    return [
        AlumniCard(
            name=c.participant.full_name,
            business=c.participant.business.name,
            email=c.participant.email if c.share_email else "",
            phone=c.participant.phone if c.share_phone else "",
            other_contact=c.other_contact,
        )
        for c in consents
    ]


@dataclass
class AlumniCohortLine:
    cohort: Cohort
    members: int
    opted_in: int
    invited: int
    continuing_sessions: int
    last_met_on: date | None

    @property
    def lives_on(self) -> bool:
        return self.continuing_sessions > 0


def alumni_cohorts(user) -> list[AlumniCohortLine]:
    """Ended cohorts of the user's hub: how many members opted in to stay in touch and which
    cohorts carry on meeting. Four queries."""
    cohorts = [
        c
        for c in cohorts_with_schedule_totals(cohorts_for(user)).order_by("-pk")
        if _status_of(c) == CohortStatus.COMPLETED
    ]
    ids = [c.pk for c in cohorts]
    members = dict(
        CohortMembership.objects.filter(
            cohort__in=ids, left_at__isnull=True, participant__dropped_out_on__isnull=True
        )
        .values_list("cohort")
        .annotate(n=Count("pk"))
    )
    consents = {
        row["cohort"]: row
        for row in AlumniConsent.objects.filter(cohort__in=ids)
        .values("cohort")
        .annotate(
            opted_in=Count("pk", filter=ALUMNI_OPTED_IN_Q),
            invited=Count("pk", filter=Q(invited_at__isnull=False)),
        )
    }
    continuing = {
        row["cohort"]: row
        for row in ContinuingSession.objects.filter(cohort__in=ids)
        .values("cohort")
        .annotate(n=Count("pk"), last=Max("held_on"))
    }
    return [
        AlumniCohortLine(
            cohort=c,
            members=members.get(c.pk, 0),
            opted_in=consents.get(c.pk, {}).get("opted_in", 0),
            invited=consents.get(c.pk, {}).get("invited", 0),
            continuing_sessions=continuing.get(c.pk, {}).get("n", 0),
            last_met_on=continuing.get(c.pk, {}).get("last"),
        )
        for c in cohorts
    ]


@dataclass
class AlumniMemberLine:
    participant: Participant
    consent: AlumniConsent | None

    @property
    def opted_in(self) -> bool:
        return self.consent is not None and self.consent.is_opted_in


def cohort_alumni(cohort: Cohort) -> list[AlumniMemberLine]:
    """Staff's view of an ended cohort's members and their consent (two queries)."""
    consents = {c.participant_id: c for c in AlumniConsent.objects.filter(cohort=cohort)}
    return [
        AlumniMemberLine(p, consents.get(p.pk))
        for p in alumni_members(cohort).order_by("last_name", "first_name")
    ]
