"""The world the authorization matrix is requested against (SPEC §1).

Two hubs, A and B, built alike. In each: hub staff, a facilitator leading the main cohort and
another facilitator leading a second cohort, a provider assigned to the first participant and
another provider assigned to the third, participants with businesses, cohort memberships,
delivered and planned sessions, attendance (with an absence and its follow-up), notes, an action
card, an observation, feedback, a survey response, one-to-one records, a disengagement report,
a support referral and a KPI return; plus the national coordinator.

Every participant has distinctive names, email and business name (`markers`), so a page can be
searched for people it must not show.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone

from cohorts.services import cohort_allocate
from feedback.models import SurveyKind, SurveyQuestion, SurveyResponse
from feedback.rules import feedback_token, survey_token
from one_to_one.models import SupportService
from one_to_one.services import (
    action_plan_save,
    provider_assign,
    provider_declare,
    referral_record,
    support_decline,
)
from participants.links import home_token, participant_token
from participants.models import CreativeSicCode
from participants.services import participant_assess, participant_record_discretion
from peernetworks.models import AuditEvent, PendingTask
from quality import services as quality_services
from reporting.models import ExportLog, KpiReturn, KpiReturnRevision
from sessions.models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    DisengagementReport,
    SessionNote,
    SupportReferral,
    Topic,
)
from tests.cohorts.factories import CohortFactory
from tests.feedback.factories import SessionFeedbackFactory
from tests.one_to_one.factories import OneToOneSessionFactory
from tests.participants.factories import BusinessFactory, ParticipantFactory
from tests.peernetworks.factories import (
    ClusterFactory,
    FacilitatorFactory,
    GrowthHubFactory,
    HubYearFactory,
    NationalCoordinatorFactory,
    ProgrammeYearFactory,
    ProviderFactory,
    UserFactory,
)
from tests.sessions.factories import LONDON, ObservationFactory, fortnightly_schedule, record

# Participant tags per hub: distinctive words that appear nowhere else in the product.
TAGS = {"a": ("Amber", "Azure", "Aqua", "Apricot"), "b": ("Beige", "Brick", "Bronze", "Birch")}
# A word naming each hub's cohorts and groups: another hub's staff never see them (SPEC §1).
WORDS = {"a": "Alderwick", "b": "Beechcombe"}


@dataclass
class Person:
    """The strings that identify a participant on a page."""

    pk: int
    markers: tuple[str, ...]


@dataclass
class HubWorld:
    hub: object
    staff: object
    facilitator: object
    facilitator_other: object
    provider: object
    provider_other: object
    objects: dict = field(default_factory=dict)  # kind -> object of this hub
    people: dict = field(default_factory=dict)  # participant pk -> Person
    members: set = field(default_factory=set)  # the facilitator's cohort
    other_members: set = field(default_factory=set)  # the other facilitator's cohort
    assigned: set = field(default_factory=set)  # to the provider
    assigned_other: set = field(default_factory=set)  # to the other provider
    private: tuple = ()  # the hub's own (non-personal) names: cohorts, team emails, groups


@dataclass
class World:
    year: object
    a: HubWorld
    b: HubWorld
    national: object
    shared: dict  # kind -> national object (programme year, topic, SIC code, ...)

    def users(self) -> dict:
        return {
            "prov": self.a.provider,
            "prov2": self.a.provider_other,
            "fac": self.a.facilitator,
            "fac2": self.a.facilitator_other,
            "hubA": self.a.staff,
            "hubB": self.b.staff,
            "nat": self.national,
        }

    def people(self) -> dict:
        return {**self.a.people, **self.b.people}

    def a_by_model(self) -> dict:
        """One hub A object per model: the first participant, the main cohort, its delivered
        session, the facilitator (for users), then whatever else the hub has."""
        found = {}
        for kind in ("participant", "cohort", "session", "user", *self.a.objects):
            obj = self.a.objects[kind]
            if hasattr(obj, "_meta"):
                found.setdefault(type(obj), obj)
        return found


def _participant(hub, year, tag: str, **business):
    business = BusinessFactory(hub=hub, name=f"{tag} Quarrington Widgets Ltd", **business)
    participant = ParticipantFactory(
        business=business,
        programme_year=year,
        first_name=f"Ysolde{tag}",
        last_name=f"Quarrington{tag}",
        email=f"ysolde.{tag.lower()}@leakcheck.example",
    )
    participant_assess(participant=participant, trigger="test")
    participant.refresh_from_db()
    return participant


def _person(participant) -> Person:
    return Person(
        participant.pk,
        (
            participant.first_name,
            participant.last_name,
            participant.email,
            participant.business.name,
        ),
    )


def build_hub(key: str, year) -> HubWorld:
    hub = GrowthHubFactory(
        slug=f"hub-{key}",
        name=f"Hub {key.upper()} Growth Hub",
        cluster=ClusterFactory(slug=f"cluster-{key}"),
    )
    w = HubWorld(
        hub=hub,
        staff=UserFactory(username=f"staff-{key}", hub=hub),
        facilitator=FacilitatorFactory(username=f"facilitator-{key}", hub=hub),
        facilitator_other=FacilitatorFactory(username=f"facilitator-{key}-other", hub=hub),
        provider=ProviderFactory(username=f"provider-{key}", hub=hub),
        provider_other=ProviderFactory(username=f"provider-{key}-other", hub=hub),
    )
    t1, t2, t3, t4 = TAGS[key]
    p1, p2, p3 = (_participant(hub, year, tag) for tag in (t1, t2, t3))
    # A charity needs a hub decision (ELIG-12): the discretion decision's participant.
    p4 = _participant(hub, year, t4, legal_form="charity")
    decision = participant_record_discretion(participant=p4, decision="approved", reason="Local")
    for p in (p1, p2, p3, p4):
        w.people[p.pk] = _person(p)
    w.members, w.other_members = {p1.pk, p2.pk}, {p3.pk}
    w.assigned, w.assigned_other = {p1.pk}, {p3.pk}

    cohort = CohortFactory(
        hub=hub,
        programme_year=year,
        lead_facilitator=w.facilitator,
        name=f"Main cohort {WORDS[key]}",
    )
    membership = cohort_allocate(cohort=cohort, participant=p1)
    cohort_allocate(cohort=cohort, participant=p2)
    cohort_other = CohortFactory(
        hub=hub,
        programme_year=year,
        lead_facilitator=w.facilitator_other,
        name=f"Second cohort {WORDS[key]}",
    )
    cohort_allocate(cohort=cohort_other, participant=p3)

    first = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
    sessions = fortnightly_schedule(cohort, first=first)
    other_sessions = fortnightly_schedule(cohort_other, first=first)
    # The main cohort has met for all its 18 hours (completed, so it has alumni): p2 was absent
    # from the first session (a follow-up opens). The second cohort has met once.
    record(sessions[0], [p1, p2], by=w.facilitator, **{f"p{p2.pk}": "absent"})
    for session in sessions[1:]:
        record(session, [p1, p2], by=w.facilitator)
    record(other_sessions[0], [p3], by=w.facilitator_other)
    delivered, planned = sessions[1], other_sessions[5]

    note = SessionNote.objects.create(session=delivered, process_issues="Zoom dropped twice.")
    card = ActionCard.objects.create(session=delivered, participant=p1, actions="Call the bank.")
    observation = ObservationFactory(session=planned, observer=w.staff)
    report = DisengagementReport.objects.create(
        participant=p2, cohort=cohort, reported_by=w.facilitator, reason="Not replying."
    )
    referral = SupportReferral.objects.create(
        participant=p1, cohort=cohort, referred_by=w.facilitator, reason="Needs finance help."
    )
    feedback = SessionFeedbackFactory(
        session=delivered, participant=p2, what_worked=f"Loved it ({t2})"
    )
    w.people[p2.pk].markers += (feedback.what_worked,)
    survey = SurveyResponse.objects.create(
        participant=p1, kind=SurveyKind.BASELINE, completed_on=date(2021, 9, 1)
    )

    assignment = provider_assign(participant=p1, provider=w.provider)
    provider_assign(participant=p3, provider=w.provider_other)
    one_to_one = OneToOneSessionFactory(
        participant=p1, provider=w.provider, date=date(2021, 10, 1), hours=Decimal("1.5")
    )
    plan = action_plan_save(participant=p1, date=date(2021, 10, 1), goal="Grow exports")
    onward = referral_record(
        participant=p1, destination="help_to_grow_digital", referred_on=date(2021, 10, 2)
    )
    declaration = provider_declare(
        provider=w.provider, participant=p1, has_conflict=False, continuing_commercial_work=False
    )
    declined = support_decline(participant=p2, declined_on=date(2021, 10, 3))
    # The hub's own entry in the directory of other business support.
    support_service = SupportService.objects.create(
        hub=hub, name=f"Local support {WORDS[key]}", website="https://example.org/local"
    )

    kpi_return = KpiReturn.objects.create(
        hub=hub,
        programme_year=year,
        month=date(2021, 9, 1),
        due_date=date(2021, 10, 7),
        compiled_at=timezone.now(),
        participants_registered=4,
    )
    revision = KpiReturnRevision.objects.create(
        kpi_return=kpi_return, action="compiled", at=timezone.now(), figures={}
    )
    export = ExportLog.objects.create(by=w.staff, hub=hub, what="KPI return", format="csv")
    audit_event = AuditEvent.objects.create(
        actor=w.staff,
        actor_label=w.staff.username,
        hub=hub,
        action="export",
        model_label="export",
        description="KPI return (csv)",
    )

    # Quality management: a complaint raised by the first participant, an action on
    # it, the facilitator's practitioner record and the cluster's peer group.
    item = quality_services.quality_item_create(
        hub=hub,
        created_by=w.staff,
        kind="complaint",
        raised_by_type="participant",
        raised_by_name=f"{p1.first_name} {p1.last_name}",
        channel="email",
        raised_on=date(2021, 10, 4),
        about="The second session",
        summary="The room was cold.",
        owner=w.staff,
        about_cohort=cohort,
    )
    action = quality_services.quality_action_add(
        item=item,
        kind="action_plan",
        description="Book a warmer room",
        owner=w.staff,
        due_on=date(2021, 10, 20),
    )
    peer_group = quality_services.peer_group_create(
        cluster=hub.cluster,
        name=f"Peer group {WORDS[key]}",
        organiser=w.staff,
        members=[w.facilitator],
    )
    meeting = quality_services.peer_group_meeting_record(
        group=peer_group, held_on=date(2021, 11, 9), attendees=[w.facilitator], themes="Silence"
    )
    profile = quality_services.practitioner_profile_for(w.facilitator)
    # The main cohort has finished: the first participant stays in touch, and it met again.
    consent = quality_services.alumni_opt_in(cohort=cohort, participant=p1)
    continuing = quality_services.continuing_session_record(
        cohort=cohort, held_on=date(2022, 1, 11), topics="Hiring", attendees=[p1], by=w.staff
    )

    w.private = (
        cohort.name,
        cohort_other.name,
        peer_group.name,
        support_service.name,
        *(
            text
            for user in (w.staff, w.facilitator, w.facilitator_other, w.provider, w.provider_other)
            for text in (user.username, user.email)
        ),
    )

    w.objects.update(
        hub=hub,
        hub_year=HubYearFactory(hub=hub, programme_year=year, target_participants=40),
        hub_slug=hub.slug,
        cluster=hub.cluster,
        user=w.facilitator,
        participant=p1,
        business=p1.business,
        assessment=p1.assessments.first(),
        discretion=decision,
        cohort=cohort,
        membership=membership,
        session=delivered,
        planned_session=planned,
        attendance=Attendance.objects.filter(session=delivered, participant=p1).get(),
        follow_up=AbsenceFollowUp.objects.get(attendance__session=sessions[0]),
        note=note,
        action_card=card,
        observation=observation,
        disengagement=report,
        support_referral=referral,
        feedback=feedback,
        survey=survey,
        assignment=assignment,
        one_to_one=one_to_one,
        action_plan=plan,
        onward_referral=onward,
        declaration=declaration,
        declined=declined,
        kpi_return=kpi_return,
        kpi_revision=revision,
        export=export,
        audit_event=audit_event,
        # Personal links of the first participant (the "participant" role holds them).
        token_home=home_token(p1),
        token_feedback=feedback_token(p1, delivered),
        token_survey=survey_token(p1, SurveyKind.BASELINE),
        token_calendar=participant_token(p1, "calendar"),
        survey_kind=SurveyKind.BASELINE,
        token_alumni=quality_services.alumni_token(p1, cohort),
        quality_item=item,
        quality_action=action,
        practitioner=w.facilitator,
        peer_group=peer_group,
        peer_group_meeting=meeting,
        practitioner_profile=profile,
        alumni_consent=consent,
        continuing_session=continuing,
        support_service=support_service,
    )
    return w


def build_world() -> World:
    year = ProgrammeYearFactory()
    a = build_hub("a", year)
    b = build_hub("b", year)
    shared = {
        "year": year,
        "group": Group.objects.create(name="Matrix group"),
        "topic": Topic.objects.order_by("pk").first() or Topic.objects.create(name="Cash flow"),
        "sic_code": CreativeSicCode.objects.order_by("pk").first()
        or CreativeSicCode.objects.create(code4="5811", description="Book publishing"),
        "survey_question": SurveyQuestion.objects.order_by("pk").first()
        or SurveyQuestion.objects.create(
            programme_year=year, kind=SurveyKind.BASELINE, topic="Finance", text="How sure?"
        ),
    }
    if apps.is_installed("axes"):  # the lockout's records: system administrators only
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        seen = {
            "username": "staff-a",
            "ip_address": "192.0.2.10",
            "user_agent": "pytest",
            "http_accept": "*/*",
            "path_info": "/accounts/login/",
        }
        shared["axes_attempt"] = AccessAttempt.objects.create(
            **seen, get_data="", post_data="", failures_since_start=1
        )
        shared["axes_failure"] = AccessFailureLog.objects.create(**seen)
        shared["axes_log"] = AccessLog.objects.create(**seen)
    shared["pending_task"] = PendingTask.objects.create(
        task="participants.tasks.notify_hub_of_registration", args=[0], parked=True
    )
    national = NationalCoordinatorFactory(username="national")
    return World(year=year, a=a, b=b, national=national, shared=shared)
