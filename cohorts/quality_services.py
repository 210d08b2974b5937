"""Writes for quality management and life after the programme (issue 11).

Keyword-only services that validate (`full_clean`) then save, in a transaction where more than
one row changes. The rules they apply are the plain functions in cohorts/models_quality.py.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participants.links import participant_token
from participants.models import Participant, SessionFeedback
from peernetworks.models import ProgrammeYear, Role

from . import quality_selectors as selectors
from .models import Cohort
from .models_quality import (
    ANNEX_1_BY_CODE,
    AlumniConsent,
    ContinuingSession,
    FacilitatorPeerGroup,
    PeerGroupMeeting,
    PractitionerProfile,
    ProfileCheck,
    QualityAction,
    QualityActionKind,
    QualityChannel,
    QualityItem,
    QualityItemKind,
    QualityItemSource,
    QualityItemStatus,
    QualityItemUpdate,
    QualityUpdateKind,
    RaisedBy,
    characteristics_for,
    is_low_feedback,
    quality_item_due,
    resolution_problems,
)

ALUMNI = "alumni"  # the personal link's purpose: an alumni link opens no other page

# Feedback, complaints and compliments (QM-3) --------------------------------------------------


def _check_hub_user(user, hub, field: str) -> None:
    if user is not None and user.hub_id != hub.pk:
        raise ValidationError({field: f"{user} is not part of {hub}."})


def quality_item_open_for_low_feedback(*, feedback: SessionFeedback) -> QualityItem | None:
    """QM-3: a low satisfaction score opens an item for the hub to review. Idempotent: one item
    per feedback, however often it is called (the feedback is the item's unique key).

    "Low" and the days to resolve are the participant's programme year's
    (`low_satisfaction_threshold`, `quality_item_days_to_resolve`). Called from
    participants.services_feedback.session_feedback_submit once the feedback is saved; scores
    above the threshold return None and change nothing."""
    feedback = SessionFeedback.objects.select_related(
        "participant__business__hub",
        "participant__programme_year",
        "session__cohort__lead_facilitator",
    ).get(pk=feedback.pk)
    participant, session = feedback.participant, feedback.session
    year = participant.programme_year
    if not is_low_feedback(feedback.satisfaction, threshold=year.low_satisfaction_threshold):
        return None
    existing = QualityItem.objects.filter(feedback=feedback).first()
    if existing is not None:
        return existing
    cohort = session.cohort
    lines = [
        f"Satisfaction {feedback.satisfaction} of 5 (relevance {feedback.relevance}, "
        f"facilitation {feedback.facilitation}) for session {session.number} of {cohort.name}."
    ]
    if feedback.what_to_improve:
        lines.append(f"What could be improved: {feedback.what_to_improve}")
    if feedback.what_worked:
        lines.append(f"What worked well: {feedback.what_worked}")
    item = QualityItem(
        hub=participant.business.hub,  # KPI-2: feedback belongs to the business's hub
        kind=QualityItemKind.FEEDBACK,
        source=QualityItemSource.LOW_FEEDBACK_SCORE,
        raised_by_type=RaisedBy.PARTICIPANT,
        raised_by_name=participant.full_name,
        raised_by_participant=participant,
        channel=QualityChannel.FEEDBACK_FORM,
        raised_on=feedback.submitted_on,
        about=f"Session {session.number} of {cohort.name}",
        about_cohort=cohort,
        about_session=session,
        about_person=cohort.lead_facilitator,
        summary="\n".join(lines),
        feedback=feedback,
        due_on=quality_item_due(feedback.submitted_on, days=year.quality_item_days_to_resolve),
    )
    item.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Called twice at once: the database kept the first (the one-to-one on feedback).
        return QualityItem.objects.get(feedback=feedback)
    return item


def quality_item_year(*, raised_on: date, about_cohort: Cohort | None = None) -> ProgrammeYear:
    """The programme year whose numbers an item follows: its cohort's, else the year the day it
    was raised falls in, else the current one."""
    if about_cohort is not None:
        return about_cohort.programme_year
    year = ProgrammeYear.objects.filter(start__lte=raised_on, end__gte=raised_on).first()
    return year or ProgrammeYear.current() or ProgrammeYear()


def quality_item_create(
    *,
    hub,
    created_by,
    kind: str,
    raised_by_type: str,
    raised_by_name: str,
    channel: str,
    raised_on: date,
    about: str,
    summary: str,
    owner=None,
    due_on: date | None = None,
    about_cohort: Cohort | None = None,
    about_person=None,
) -> QualityItem:
    """QM-3 a, b: records an item in the hub's log; due after the programme year's
    `quality_item_days_to_resolve` unless given."""
    _check_hub_user(owner, hub, "owner")
    _check_hub_user(about_person, hub, "about_person")
    if about_cohort is not None and about_cohort.hub_id != hub.pk:
        raise ValidationError({"about_cohort": f"{about_cohort} belongs to another hub."})
    item = QualityItem(
        hub=hub,
        kind=kind,
        source=QualityItemSource.RECORDED,
        raised_by_type=raised_by_type,
        raised_by_name=raised_by_name.strip(),
        channel=channel,
        raised_on=raised_on,
        about=about.strip(),
        about_cohort=about_cohort,
        about_person=about_person,
        summary=summary.strip(),
        owner=owner,
        due_on=due_on
        or quality_item_due(
            raised_on,
            days=quality_item_year(
                raised_on=raised_on, about_cohort=about_cohort
            ).quality_item_days_to_resolve,
        ),
        created_by=created_by,
    )
    item.full_clean()
    item.save()
    return item


def _open_item(item: QualityItem) -> QualityItem:
    item = QualityItem.objects.select_for_update().get(pk=item.pk)
    if item.status != QualityItemStatus.OPEN:
        raise ValidationError({"status": "This item is resolved: reopen it to change it."})
    return item


@transaction.atomic
def quality_item_assign(*, item: QualityItem, owner, due_on: date) -> QualityItem:
    """Sets who owns an open item and when it should be resolved by."""
    item = _open_item(item)
    _check_hub_user(owner, item.hub, "owner")
    item.owner, item.due_on = owner, due_on
    item.full_clean()
    item.save(update_fields=["owner", "due_on"])
    return item


@transaction.atomic
def quality_action_add(
    *, item: QualityItem, kind: str, description: str, owner, due_on: date
) -> QualityAction:
    """QM-3 c, d: a step of the action plan or a corrective measure, with its owner and date."""
    item = _open_item(item)
    if owner is None:
        raise ValidationError({"owner": "Every action has an owner."})
    _check_hub_user(owner, item.hub, "owner")
    if due_on < item.raised_on:
        raise ValidationError({"due_on": "An action is due on or after the day it was raised."})
    action = QualityAction(
        item=item, kind=kind, description=description.strip(), owner=owner, due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


def quality_action_complete(*, action: QualityAction, done_on: date | None = None) -> bool:
    """Marks an action done; doing it again changes nothing (False)."""
    done_on = done_on or timezone.localdate()
    return bool(
        QualityAction.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=done_on)
    )


@transaction.atomic
def quality_item_resolve(
    *, item: QualityItem, by, outcome: str, process_review: str = "", now: datetime | None = None
) -> QualityItem:
    """QM-3 e: closes an item with its outcome and process review (resolution_problems)."""
    item = _open_item(item)
    corrective = item.actions.filter(kind=QualityActionKind.CORRECTIVE).count()
    problems = resolution_problems(
        kind=item.kind,
        source=item.source,
        outcome=outcome,
        process_review=process_review,
        corrective_measures=corrective,
    )
    if problems:
        raise ValidationError(problems)
    item.outcome, item.process_review = outcome.strip(), process_review.strip()
    item.status = QualityItemStatus.RESOLVED
    item.resolved_at, item.resolved_by = now or timezone.now(), by
    item.full_clean()
    item.save(update_fields=["outcome", "process_review", "status", "resolved_at", "resolved_by"])
    QualityItemUpdate.objects.create(
        item=item,
        kind=QualityUpdateKind.RESOLVED,
        outcome=item.outcome,
        process_review=item.process_review,
        at=item.resolved_at,
        by=by,
    )
    return item


@transaction.atomic
def quality_item_reopen(
    *, item: QualityItem, by, reason: str, now: datetime | None = None
) -> QualityItem:
    """Issue 11: hub staff reopen a resolved item, saying why. The resolution is cleared (the
    history keeps it, with the reason), so the item is open again, and overdue again if its
    resolve-by date has passed; it is resolved again through quality_item_resolve."""
    item = QualityItem.objects.select_for_update().get(pk=item.pk)
    if item.status != QualityItemStatus.RESOLVED:
        raise ValidationError({"status": "Only a resolved item can be reopened."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the item is reopened."})
    QualityItemUpdate.objects.create(
        item=item,
        kind=QualityUpdateKind.REOPENED,
        reason=reason,
        outcome=item.outcome,
        process_review=item.process_review,
        at=now or timezone.now(),
        by=by,
    )
    item.status = QualityItemStatus.OPEN
    item.outcome = item.process_review = ""
    item.resolved_at = item.resolved_by = None
    item.full_clean()
    item.save(update_fields=["outcome", "process_review", "status", "resolved_at", "resolved_by"])
    return item


# Facilitator and provider records (Annex 1, QM-4) ---------------------------------------------

PRACTITIONER_ROLES = (Role.FACILITATOR, Role.PROVIDER)
PROFILE_FIELDS = (
    "supplier_name",
    "is_subcontractor",
    "contract_reference",
    "contract_start",
    "contract_end",
    "contract_notes",
    "orientation_completed_on",
    "orientation_notes",
    "conflicts_of_interest",
    "conflicts_declared_on",
)


def practitioner_profile_for(practitioner) -> PractitionerProfile:
    """The facilitator's or provider's profile, made empty on first use."""
    if practitioner.role not in PRACTITIONER_ROLES:
        raise ValidationError({"user": f"{practitioner} is not a facilitator or provider."})
    profile, _ = PractitionerProfile.objects.get_or_create(user=practitioner)
    return profile


def practitioner_profile_save(*, profile: PractitionerProfile, **fields) -> PractitionerProfile:
    """Contract and supplier details, orientation, conflicts of interest."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"Unknown profile fields: {', '.join(sorted(unknown))}"})
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.conflicts_of_interest.strip() and profile.conflicts_declared_on is None:
        profile.conflicts_declared_on = timezone.localdate()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_checklist_save(
    *,
    profile: PractitionerProfile,
    entries: dict[str, tuple[bool, str]],
    by,
    today: date | None = None,
) -> int:
    """Annex 1: records each characteristic as met or not, with its evidence ({code: (met,
    evidence)}). A characteristic is met only on evidence. Returns how many rows changed."""
    today = today or timezone.localdate()
    allowed = {c.code for c in characteristics_for(profile.user.role)}
    errors = {}
    for code, (met, evidence) in entries.items():
        if code not in allowed:
            errors[code] = "Not an Annex 1 characteristic for this role."
        elif met and not evidence.strip():
            errors[code] = f"Give the evidence that '{ANNEX_1_BY_CODE[code].text}' is met."
    if errors:
        raise ValidationError(errors)
    existing = {check.code: check for check in profile.checks.select_for_update()}
    changed, new = [], []
    for code, (met, evidence) in entries.items():
        evidence = evidence.strip()
        check = existing.get(code)
        if check is None:
            if met or evidence:
                new.append(
                    ProfileCheck(
                        profile=profile,
                        code=code,
                        met=met,
                        evidence=evidence,
                        checked_on=today,
                        checked_by=by,
                    )
                )
        elif (check.met, check.evidence) != (met, evidence):
            check.met, check.evidence, check.checked_on, check.checked_by = met, evidence, today, by
            changed.append(check)
    ProfileCheck.objects.bulk_create(new)
    ProfileCheck.objects.bulk_update(changed, ["met", "evidence", "checked_on", "checked_by"])
    return len(new) + len(changed)


# Facilitator peer groups -----------------------------------------------------------------------


def _check_members(cluster, people, field: str) -> None:
    outsiders = [
        str(p)
        for p in people
        if p.hub is None
        or p.hub.cluster_id != cluster.pk
        or p.role not in (Role.FACILITATOR, Role.HUB_STAFF)
    ]
    if outsiders:
        names = ", ".join(outsiders)
        raise ValidationError({field: f"Only facilitators and hub staff of {cluster}: {names}."})


@transaction.atomic
def peer_group_create(*, cluster, name: str, organiser, members) -> FacilitatorPeerGroup:
    """Facilitator Action Learning Groups: a cluster's facilitators and hub staff."""
    members = list(members)
    _check_members(cluster, members + ([organiser] if organiser else []), "members")
    group = FacilitatorPeerGroup(cluster=cluster, name=name.strip(), organiser=organiser)
    group.full_clean()
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_set_members(*, group: FacilitatorPeerGroup, members) -> FacilitatorPeerGroup:
    members = list(members)
    _check_members(group.cluster, members, "members")
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_meeting_record(
    *,
    group: FacilitatorPeerGroup,
    held_on: date,
    attendees,
    themes: str,
    practice_notes: str = "",
    by=None,
) -> PeerGroupMeeting:
    """A self-facilitated meeting of the group: its members who came, themes and practice."""
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": "Who came? Choose at least one member."})
    members = set(group.members.values_list("pk", flat=True))
    strangers = [str(a) for a in attendees if a.pk not in members]
    if strangers:
        raise ValidationError({"attendees": f"Not members of {group}: {', '.join(strangers)}."})
    meeting = PeerGroupMeeting(
        group=group,
        held_on=held_on,
        themes=themes.strip(),
        practice_notes=practice_notes.strip(),
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


# Carrying on (Post-Programme Sustainability) ---------------------------------------------------


def alumni_token(participant: Participant, cohort: Cohort) -> str:
    return participant_token(participant, ALUMNI, cohort.pk)


def alumni_url(participant: Participant, cohort: Cohort) -> str:
    return reverse("quality:alumni-page", args=[alumni_token(participant, cohort)])


def _check_alumni(cohort: Cohort, participant: Participant) -> None:
    if not selectors.alumni_may_join(cohort, participant):
        raise ValidationError(
            {"participant": "Only members of a cohort that has finished can stay in touch."}
        )


@transaction.atomic
def alumni_opt_in(
    *,
    cohort: Cohort,
    participant: Participant,
    share_email: bool = False,
    share_phone: bool = False,
    other_contact: str = "",
    now: datetime | None = None,
) -> AlumniConsent:
    """Explicit consent to share name, business and the contact details chosen with the other
    members who also opted in. Saving again updates the choices; after a withdrawal it is a
    fresh consent."""
    _check_alumni(cohort, participant)
    now = now or timezone.now()
    consent, _ = AlumniConsent.objects.select_for_update().get_or_create(
        cohort=cohort, participant=participant
    )
    if not consent.is_opted_in:
        consent.opted_in_at, consent.withdrawn_at = now, None
    consent.share_email, consent.share_phone = share_email, share_phone
    consent.other_contact = other_contact.strip()
    consent.full_clean(validate_unique=False)
    consent.save()
    return consent


def alumni_withdraw(
    *, cohort: Cohort, participant: Participant, now: datetime | None = None
) -> bool:
    """Withdraws consent: from this moment nobody sees the member (False: nothing to withdraw).
    The shared contact choices are cleared too, so a later opt-in starts from nothing."""
    return bool(
        AlumniConsent.objects.filter(
            cohort=cohort,
            participant=participant,
            opted_in_at__isnull=False,
            withdrawn_at__isnull=True,
        ).update(
            withdrawn_at=now or timezone.now(),
            share_email=False,
            share_phone=False,
            other_contact="",
        )
    )


def _alumni_email_lines(participant: Participant, cohort: Cohort) -> list[str]:
    return [
        f"Dear {participant.first_name},",
        "",
        f"{cohort.name} has finished its Peer Networks sessions. Many groups carry on meeting.",
        "If you would like to stay in touch, you can choose to share your name, your business",
        "and any contact details you pick with the other members who also choose to. Nobody",
        "sees anything about you unless you say so, and you can change your mind at any time.",
        "",
        settings.SITE_URL + alumni_url(participant, cohort),
        "",
        "This link is personal to you, so please do not forward it.",
        "",
        cohort.hub.name,
    ]


def alumni_invitations_send(*, cohort: Cohort, now: datetime | None = None) -> int:
    """Emails every member of an ended cohort their alumni link, once each: the consent row is
    claimed (`invited_at`) before its email goes and released if sending fails."""
    if not selectors.cohort_is_completed(cohort):
        raise ValidationError({"cohort": f"{cohort.name} has not finished yet."})
    now = now or timezone.now()
    members = list(selectors.alumni_members(cohort))
    AlumniConsent.objects.bulk_create(
        [AlumniConsent(cohort=cohort, participant=p) for p in members], ignore_conflicts=True
    )
    pending = AlumniConsent.objects.filter(
        cohort=cohort, participant__in=members, invited_at__isnull=True
    ).select_related("participant")
    sent, connection = 0, get_connection()
    for consent in pending:
        if not AlumniConsent.objects.filter(pk=consent.pk, invited_at__isnull=True).update(
            invited_at=now
        ):
            continue  # another run has it
        participant = consent.participant
        try:
            sent += EmailMessage(
                subject=f"Stay in touch with {cohort.name}?",
                body="\n".join(_alumni_email_lines(participant, cohort)),
                to=[participant.email],
                connection=connection,
            ).send()
        except Exception:
            AlumniConsent.objects.filter(pk=consent.pk, invited_at=now).update(invited_at=None)
            raise
    return sent


@transaction.atomic
def continuing_session_record(
    *,
    cohort: Cohort,
    held_on: date,
    topics: str,
    attendees=(),
    attendee_count: int | None = None,
    by=None,
) -> ContinuingSession:
    """A self-facilitated session after the programme: date, who came, topics."""
    completed_on = selectors.cohort_completed_on(cohort)
    if completed_on is None:
        raise ValidationError({"cohort": f"{cohort.name} has not finished yet."})
    if held_on < completed_on:
        raise ValidationError(
            {"held_on": f"{cohort.name} finished on {completed_on:%d %B %Y}: pick a later date."}
        )
    attendees = list(attendees)
    members = {p.pk for p in selectors.alumni_members(cohort)}
    strangers = [str(a) for a in attendees if a.pk not in members]
    if strangers:
        raise ValidationError({"attendees": f"Not members of {cohort}: {', '.join(strangers)}."})
    session = ContinuingSession(
        cohort=cohort,
        held_on=held_on,
        topics=topics.strip(),
        attendee_count=max(attendee_count or 0, len(attendees)),
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    return session
