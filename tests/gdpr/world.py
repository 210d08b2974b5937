"""A participant with a record, holding a distinctive value, in every table that can hold
personal data about them: what the GDPR tests export, erase and search for."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from cohorts.models import Cohort, CohortMembership
from feedback.models import (
    FeedbackInvitation,
    SessionFeedback,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from one_to_one.models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    SupportDeclined,
)
from participants.models import (
    Business,
    DiscretionDecision,
    EligibilityAssessment,
    EqualityData,
    Participant,
)
from quality.models import (
    AlumniConsent,
    ContinuingSession,
    QualityAction,
    QualityItem,
    QualityItemUpdate,
)
from sessions.models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    AttendanceChange,
    DisengagementReport,
    PresenterNote,
    Session,
    SessionNote,
    SupportReferral,
)
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def zq(tag: str) -> str:
    """A value no other row of the database holds."""
    return f"zq-{tag}-Quillfeather"


def populate(participant: Participant) -> Participant:
    """Fill every personal-data table about `participant` with distinctive values."""
    hub = participant.business.hub
    year = participant.programme_year
    staff = UserFactory(hub=hub)
    facilitator = FacilitatorFactory(hub=hub)
    provider = ProviderFactory(hub=hub)
    now = timezone.now()

    Participant.objects.filter(pk=participant.pk).update(
        first_name=zq("first"),
        last_name=zq("last"),
        email="zanthia.quillfeather@example.org",
        phone="07700 900999",
        job_title=zq("job"),
        referral_source="other",
        referral_source_other=zq("referral"),
        drop_out_reason=zq("dropout"),
    )
    Business.objects.filter(pk=participant.business_id).update(
        name=zq("business"),
        companies_house_number="ZQ999999",
        trading_address=zq("address"),
        postcode="ZQ9 9QZ",
        legal_form="sole_trader",
        cross_lep_agreement_note=zq("lep"),
        declared_competitors=zq("competitors"),
    )
    participant.refresh_from_db()
    EqualityData.objects.update_or_create(
        participant=participant,
        defaults={
            "gender": "self_describe",
            "age_band": "65_plus",
            "ethnicity": "mixed",
            "disability": "yes",
        },
    )
    EligibilityAssessment.objects.create(
        participant=participant,
        application_date=participant.registered_on,
        inputs={"ref": zq("inputref"), "turnover_gbp": 1000, "is_senior_decision_maker": True},
        outcome="needs_discretion",
        assessed_at=now,
    )
    DiscretionDecision.objects.create(
        participant=participant, decision="approved", reason=zq("discretion"), decided_at=now
    )

    cohort = Cohort.objects.create(hub=hub, programme_year=year, name=zq("cohort"))
    CohortMembership.objects.create(
        cohort=cohort,
        participant=participant,
        seat=1,
        joined_at=now - timedelta(days=10),
        left_at=now - timedelta(days=5),
        move_reason="other",
        move_note=zq("move"),
    )
    session = Session.objects.create(
        cohort=cohort,
        number=1,
        starts_at=datetime(2021, 9, 7, 9, 30, tzinfo=LONDON),
        duration_hours=Decimal("3"),
        status="planned",
    )
    attendance = Attendance.objects.create(
        session=session, participant=participant, status="absent"
    )
    AttendanceChange.objects.create(attendance=attendance, new_status="absent")
    AbsenceFollowUp.objects.create(attendance=attendance, closed_at=now, note=zq("followup"))
    note = SessionNote.objects.create(session=session, process_issues="Ran late.")
    PresenterNote.objects.create(note=note, participant=participant, issue=zq("issue"))
    ActionCard.objects.create(
        session=session,
        participant=participant,
        actions=zq("actions"),
        report_status="done",
        reflection=zq("reflection"),
        reported_at=now,
    )
    DisengagementReport.objects.create(
        participant=participant,
        cohort=cohort,
        reported_by=facilitator,
        reason=zq("disengaged"),
        outcome="staying",
        resolved_at=now,
        resolution_note=zq("resolution"),
    )
    SupportReferral.objects.create(
        participant=participant,
        cohort=cohort,
        referred_by=facilitator,
        reason=zq("supportref"),
        acknowledged_at=now,
    )
    feedback = SessionFeedback.objects.create(
        session=session,
        participant=participant,
        satisfaction=1,
        relevance=2,
        facilitation=3,
        what_worked=zq("worked"),
        what_to_improve=zq("improve"),
        submitted_on=date(2021, 9, 8),
    )
    FeedbackInvitation.objects.create(session=session, participant=participant)
    question = SurveyQuestion.objects.create(
        programme_year=year,
        kind="drop_out",
        topic="Why",
        text="Why did you leave?",
        answer_type="text",
    )
    response, _ = SurveyResponse.objects.get_or_create(participant=participant, kind="drop_out")
    SurveyAnswer.objects.create(
        response=response, question=question, topic="Why", question_text="Why?", text=zq("answer")
    )
    item = QualityItem.objects.create(
        hub=hub,
        kind="complaint",
        raised_by_name=zq("raisedby"),
        raised_by_participant=participant,
        channel="email",
        raised_on=date(2021, 9, 10),
        about=zq("about"),
        summary=zq("summary"),
        feedback=feedback,
        due_on=date(2021, 9, 30),
        status="resolved",
        outcome=zq("outcome"),
        process_review=zq("review"),
        resolved_at=now,
    )
    QualityAction.objects.create(
        item=item,
        kind="corrective",
        description=zq("qaction"),
        owner=staff,
        due_on=date(2021, 9, 20),
    )
    QualityItemUpdate.objects.create(  # the item's history (a reopening)
        item=item,
        kind="reopened",
        reason=zq("reopened"),
        outcome=zq("oldoutcome"),
        process_review=zq("oldreview"),
        at=now,
        by=staff,
    )
    AlumniConsent.objects.create(
        cohort=cohort, participant=participant, opted_in_at=now, other_contact=zq("contact")
    )
    continuing = ContinuingSession.objects.create(
        cohort=cohort, held_on=date(2021, 12, 1), topics="Hiring", attendee_count=1
    )
    continuing.attendees.add(participant)

    ProviderAssignment.objects.filter(participant=participant, ended_at__isnull=True).update(
        ended_at=now
    )
    ProviderAssignment.objects.create(participant=participant, provider=provider, assigned_at=now)
    OneToOneSession.objects.create(
        participant=participant,
        date=date(2021, 10, 1),
        hours=Decimal("1.5"),
        route="existing_provision",
        existing_programme="Scale-up",
        nature_of_support=zq("nature"),
        notes=zq("otonotes"),
    )
    ActionPlan.objects.update_or_create(
        participant=participant,
        defaults={
            "goal": zq("goal"),
            "reality": zq("reality"),
            "obstacles_options": zq("obstacles"),
            "way_forward": zq("wayforward"),
            "tactics": zq("tactics"),
            "habits": zq("habits"),
            "agreed_on": date(2021, 10, 1),
        },
    )
    Referral.objects.create(
        participant=participant,
        destination="other",
        note=zq("refnote"),
        referred_on=date(2021, 10, 2),
    )
    ProviderDeclaration.objects.create(
        provider=provider,
        participant=participant,
        has_conflict=True,
        conflict_details=zq("conflict"),
        continuing_commercial_work=True,
        commercial_work_details=zq("commercial"),
        declared_at=now,
    )
    SupportDeclined.objects.update_or_create(
        participant=participant,
        defaults={"declined_on": date(2021, 10, 3), "note": zq("declined")},
    )
    participant.refresh_from_db()
    return participant
