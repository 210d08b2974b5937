"""The facilitator portal: cohorts, a session's register, notes and action cards, absence
follow-ups, disengagement and referrals. Phone first.

Every lookup goes through the portal's access scope: a facilitator reaches only the cohorts
they lead or support, hub staff their hub's; anything else is a 404 (SPEC §1).
"""

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.models import CohortMembership
from cohorts.selectors import cohorts_for
from peernetworks.access import is_programme_staff
from peernetworks.web import (
    YEAR_PARAMETER,
    error_messages,
    portal_required,
    selected_year,
    staff_required,
)

from ..forms import (
    AttendanceForm,
    DisengagementDecisionForm,
    DisengagementForm,
    FollowUpCloseForm,
    ReportBackForm,
    SessionNoteForm,
    SupportReferralForm,
)
from ..models import DisengagementOutcome, SessionNote, SessionStatus
from ..selectors import (
    OneToOneProgress,
    cards_to_report_back,
    cohort_summaries,
    disengagement_reports_for,
    follow_ups_for,
    portal_cohorts_for,
    portal_participant_in,
    session_attendance,
    session_cards,
    session_changes,
    session_presenter_issues,
    session_roll,
    sessions_for,
    support_referrals_for,
    topic_choices,
)
from ..services import (
    absence_follow_up_close,
    action_cards_report_back,
    attendance_record,
    disengagement_keep,
    disengagement_report,
    participant_drop_out,
    session_note_save,
    support_referral_acknowledge,
    support_referral_create,
)

# A section another app adds to the portal's home page: it takes the user and returns more of
# the page's context.
HomeSection = Callable[[object], dict]


@portal_required
def portal_home(
    request: HttpRequest,
    *,
    one_to_one_progress: OneToOneProgress | None = None,
    sections: Sequence[HomeSection] = (),
) -> HttpResponse:
    """The portal's home. The project shell routes this page and passes in what other apps add
    to it: each member's one-to-one progress, and sections such as the user's peer groups."""
    # A facilitator's running and upcoming cohorts, unless a year is picked explicitly.
    picked = selected_year(request) if request.GET.get(YEAR_PARAMETER) else None
    summaries = cohort_summaries(
        portal_cohorts_for(request.user, year=picked), one_to_one_progress=one_to_one_progress
    )
    follow_ups = (
        follow_ups_for(request.user)
        .filter(
            closed_at__isnull=True,
            attendance__session__cohort__in=[s.cohort.pk for s in summaries],
        )
        .order_by("attendance__session__starts_at", "pk")
    )
    staff = is_programme_staff(request.user)
    extra = {}
    for section in sections:
        extra.update(section(request.user))
    return render(
        request,
        "sessions/portal_home.html",
        {
            "summaries": summaries,
            "follow_ups": list(follow_ups),
            "staff": staff,
            "reports": list(
                disengagement_reports_for(request.user).filter(outcome=DisengagementOutcome.OPEN)
            )
            if staff
            else [],
            "referrals": list(
                support_referrals_for(request.user).filter(acknowledged_at__isnull=True)
            )
            if staff
            else [],
            **extra,
        },
    )


@portal_required
def portal_cohort(
    request: HttpRequest, pk: int, *, one_to_one_progress: OneToOneProgress | None = None
) -> HttpResponse:
    """One cohort on the portal, routed like the home page by the project shell."""
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    summary = cohort_summaries(
        cohorts_for(request.user).filter(pk=cohort.pk), one_to_one_progress=one_to_one_progress
    )[0]
    return render(request, "sessions/portal_cohort.html", {"summary": summary})


def _notes_form(session, roll, data=None) -> SessionNoteForm:
    note = SessionNote.objects.filter(session=session).first()
    chosen = list(session.topics.all())
    return SessionNoteForm(
        data,
        initial={
            "topics": [t.pk for t in chosen if t.is_core],
            "other_topics": ", ".join(t.name for t in chosen if not t.is_core),
        },
        topic_choices=topic_choices(session),
        roll=roll,
        note=note,
        issues=session_presenter_issues(session),
        cards=session_cards(session),
    )


def _session_page(
    request,
    session,
    *,
    attendance_form: AttendanceForm | None = None,
    notes_form: SessionNoteForm | None = None,
    report_form: ReportBackForm | None = None,
) -> HttpResponse:
    roll = session_roll(session)
    existing = session_attendance(session)
    started = session.starts_at <= timezone.now()
    recordable = started and session.status != SessionStatus.CANCELLED
    return render(
        request,
        "sessions/portal_session.html",
        {
            "session": session,
            "cohort": session.cohort,
            "recordable": recordable,
            "recorded": existing,
            "attendance_form": attendance_form
            or AttendanceForm(session=session, roll=roll, existing=existing),
            "notes_form": notes_form or _notes_form(session, roll),
            "report_form": report_form or ReportBackForm(cards=cards_to_report_back(session)),
            "changes": session_changes(session),
        },
    )


def _session(request, pk: int):
    return get_object_or_404(sessions_for(request.user), pk=pk)


@portal_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session(request, pk))


@require_POST
@portal_required
def session_attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = AttendanceForm(
        request.POST,
        session=session,
        roll=session_roll(session),
        existing=session_attendance(session),
    )
    if form.is_valid():
        try:
            attendance_record(session=session, marks=form.marks, by=request.user)
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(
                request,
                f"Attendance saved for {len(form.marks)} members; the session is delivered.",
            )
            return redirect(reverse("facilitator:session-detail", args=[session.pk]))
    else:
        messages.error(request, "Attendance not saved: check the highlighted members.")
    return _session_page(request, session, attendance_form=form)


@require_POST
@portal_required
def session_notes_save(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = _notes_form(session, session_roll(session), data=request.POST)
    if form.is_valid():
        try:
            session_note_save(
                session=session,
                topics=form.cleaned_data["topics"],
                other_topics=form.cleaned_data["other_topics"],
                presenters=form.presenters(),
                process_issues=form.cleaned_data["process_issues"],
                hot_topics=form.cleaned_data["hot_topics"],
                by=request.user,
            )
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Notes and action cards saved.")
            return redirect(reverse("facilitator:session-detail", args=[session.pk]) + "#notes")
    return _session_page(request, session, notes_form=form)


@require_POST
@portal_required
def session_report_back_save(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = ReportBackForm(request.POST, cards=cards_to_report_back(session))
    if form.is_valid():
        try:
            action_cards_report_back(session=session, reports=form.reports(), by=request.user)
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Report back saved.")
            return redirect(
                reverse("facilitator:session-detail", args=[session.pk]) + "#report-back"
            )
    return _session_page(request, session, report_form=form)


@portal_required
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(follow_ups_for(request.user), pk=pk)
    form = FollowUpCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            absence_follow_up_close(
                follow_up=follow_up, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Follow-up closed.")
            return redirect("facilitator:home")
    return render(request, "sessions/portal_follow_up.html", {"follow_up": follow_up, "form": form})


def _member(request, cohort_pk: int, pk: int) -> CohortMembership:
    try:
        return portal_participant_in(request.user, cohort_pk, pk)
    except CohortMembership.DoesNotExist:
        raise Http404("No such member of your cohorts.") from None


def _member_action(request, cohort_pk, pk, *, form_class, action, title, done) -> HttpResponse:
    membership = _member(request, cohort_pk, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(membership, form.cleaned_data["reason"])
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, done.format(name=membership.participant.full_name))
            return redirect("facilitator:cohort-detail", pk=membership.cohort_id)
    return render(
        request,
        "sessions/portal_member_action.html",
        {"membership": membership, "form": form, "title": title},
    )


@portal_required
def participant_disengaged(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    return _member_action(
        request,
        cohort_pk,
        pk,
        form_class=DisengagementForm,
        action=lambda m, reason: disengagement_report(
            participant=m.participant, cohort=m.cohort, reason=reason, by=request.user
        ),
        title="Report as disengaged",
        done="{name} reported as disengaged; hub staff have been emailed.",
    )


@portal_required
def participant_refer(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    return _member_action(
        request,
        cohort_pk,
        pk,
        form_class=SupportReferralForm,
        action=lambda m, reason: support_referral_create(
            participant=m.participant, cohort=m.cohort, reason=reason, by=request.user
        ),
        title="Refer for deeper one-to-one support",
        done="{name} referred for deeper support; hub staff will see it.",
    )


@staff_required
def disengagement_review(request: HttpRequest, pk: int) -> HttpResponse:
    """SES-8: hub staff confirm the drop-out (date, reason) or keep the participant on."""
    report = get_object_or_404(disengagement_reports_for(request.user), pk=pk)
    form = DisengagementDecisionForm(
        request.POST or None, initial={"dropped_out_on": timezone.localdate()}
    )
    if request.method == "POST" and report.outcome != DisengagementOutcome.OPEN:
        messages.error(request, "This report has already been decided.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == form.DROP_OUT:
                participant_drop_out(
                    participant=report.participant,
                    on=data["dropped_out_on"],
                    reason=data["note"],
                    by=request.user,
                )
            else:
                disengagement_keep(report=report, note=data["note"], by=request.user)
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("facilitator:disengagement-review", pk=report.pk)
    return render(request, "sessions/portal_disengagement.html", {"report": report, "form": form})


@require_POST
@staff_required
def referral_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(support_referrals_for(request.user), pk=pk)
    support_referral_acknowledge(referral=referral, by=request.user)
    messages.success(request, f"Referral for {referral.participant.full_name} acknowledged.")
    return redirect("facilitator:home")
