"""Participants' own pages, reached only through personal signed links (SPEC §1, SUR-1..4).

No account and no password: the link is the key. A tampered link, one made for another page or
person, or an expired one gets a plain page saying so (404 or 410), never anyone's data.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from participants.links import LinkExpired, LinkInvalid, home_token, link_lifetime
from participants.models import Participant
from participants.personal_pages import Unavailable, personal_page
from peernetworks.web import form_errors_from
from sessions.models import Session

from .. import selectors
from ..forms import SessionFeedbackForm, SurveyForm
from ..models import FeedbackInvitation, SessionFeedback, SurveyKind
from ..rules import (
    feedback_link_open,
    feedback_period_open,
    feedback_token,
    survey_link_open,
    survey_token,
)
from ..services import (
    SURVEY_INTROS,
    feedback_may_answer,
    session_feedback_submit,
    survey_may_answer,
    survey_questions_for,
    survey_start,
    survey_submit,
)
from ..surveys import survey_refusal


def _home_url(participant: Participant) -> str:
    return reverse("my:home", args=[home_token(participant)])


def home_sections(participant: Participant) -> dict:
    """The feedback app's part of the participant's own page: their cohort, sessions (with a
    feedback link while it is open), action cards and surveys (with a link when due)."""
    page = selectors.participant_page(participant, now=timezone.now())
    sessions = [
        (
            line,
            reverse("my:feedback-form", args=[feedback_token(participant, line.session)])
            if line.feedback_open
            else "",
        )
        for line in page.sessions
    ]
    surveys = []
    for kind, label in SurveyKind.choices:
        response = page.surveys.get(kind)
        if response is not None and response.is_complete:
            surveys.append((label, response, ""))
        elif survey_may_answer(participant=participant, kind=kind):
            url = reverse("my:survey-form", args=[kind, survey_token(participant, kind)])
            surveys.append((label, response, url))
    return {
        "cohort": page.cohort,
        "sessions": sessions,
        "action_cards": page.action_cards,
        "surveys": surveys,
    }


@personal_page
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    """SUR-1: the short form for one session; answered once, then it says thank you."""
    participant, session_id = feedback_link_open(token)
    session = Session.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise LinkInvalid
    context = {"participant": participant, "session": session, "home_url": _home_url(participant)}
    if SessionFeedback.objects.filter(participant=participant, session=session).exists():
        return render(request, "feedback/feedback_thanks.html", context)
    invitation = FeedbackInvitation.objects.filter(participant=participant, session=session).first()
    if (
        invitation is not None
        and invitation.sent_at is not None
        and not feedback_period_open(
            sent_at=invitation.sent_at, now=timezone.now(), lifetime=link_lifetime(participant)
        )
    ):
        raise LinkExpired  # SUR-1: reminder links close with the first one
    if not feedback_may_answer(participant=participant, session=session):
        raise Unavailable("Feedback on this session is for the people who attended it.")
    form = SessionFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_feedback_submit(participant=participant, session=session, **form.cleaned_data)
        except ValidationError as error:
            raise Unavailable(" ".join(error.messages)) from error
        return redirect(request.path)  # the same link now shows the thank-you page
    return render(request, "feedback/feedback_form.html", {**context, "form": form})


def _initial_figures(participant: Participant, kind: str) -> dict:
    """The baseline starts from the figures given at registration; the exit asks afresh."""
    if kind != SurveyKind.BASELINE:
        return {}
    business = participant.business
    return {
        "employees": business.employees_full_time + business.employees_part_time_permanent,
        "turnover_gbp": business.turnover_gbp,
    }


@personal_page
def survey_form(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    """SUR-2..4: one survey, answered once; the drop-out survey only after a drop-out."""
    if kind not in SurveyKind.values:
        raise LinkInvalid
    participant = survey_link_open(token, kind)
    context = {
        "participant": participant,
        "kind": kind,
        "title": SurveyKind(kind).label,
        "intro": SURVEY_INTROS[kind],
        "home_url": _home_url(participant),
    }
    response = participant.survey_responses.filter(kind=kind).first()
    if response is not None and response.is_complete:
        return render(request, "feedback/survey_thanks.html", context)
    if not survey_may_answer(participant=participant, kind=kind):
        raise Unavailable(survey_refusal(kind))
    questions = survey_questions_for(participant.programme_year, kind)
    if response is None:
        survey_start(participant=participant, kind=kind)
    form = SurveyForm(
        request.POST or None,
        questions=questions,
        kind=kind,
        initial=_initial_figures(participant, kind),
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit(
                participant=participant,
                kind=kind,
                answers=form.answers(),
                employees=form.cleaned_data.get("employees"),
                turnover_gbp=form.cleaned_data.get("turnover_gbp"),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(request.path)
    return render(request, "feedback/survey_form.html", {**context, "form": form})
