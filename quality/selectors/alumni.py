"""Reads for carrying on after the programme (Post-Programme Sustainability): which cohorts
have ended, their members' consent to stay in touch, and what each member may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import cohorts_for, cohorts_with_schedule_totals
from cohorts.status import is_completed
from participants.models import Participant

from ..models import ALUMNI_OPTED_IN_Q, AlumniConsent, ContinuingSession
from .evaluation import completion_days


def cohort_is_completed(cohort: Cohort) -> bool:
    """COH-6: the cohort's delivered lengths have reached the required hours."""
    totals = (
        cohorts_with_schedule_totals(Cohort.objects.filter(pk=cohort.pk))
        .select_related("programme_year")
        .first()
    )
    return totals is not None and is_completed(totals)


def cohort_completed_on(cohort: Cohort) -> date | None:
    return completion_days([cohort.pk]).get(cohort.pk)


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
        if is_completed(c)
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
