"""Participants' own pages, reached only through personal signed links (SPEC §1, SUR-1..4).

No account and no password: the link is the key. A tampered link, one made for another page or
person, or an expired one gets a plain page saying so (404 or 410), never anyone's data.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from one_to_one.selectors import referrals_of, support_services_offered
from sessions.models import Session

from . import selectors_feedback as selectors
from .feedback import (
    LinkExpired,
    LinkInvalid,
    feedback_link_open,
    feedback_period_open,
    feedback_token,
    home_link_open,
    home_token,
    link_lifetime,
    survey_link_open,
    survey_token,
)
from .forms_feedback import SessionFeedbackForm, SurveyForm
from .models import FeedbackInvitation, Participant, SessionFeedback, SurveyKind
from .services_feedback import (
    SURVEY_INTROS,
    feedback_may_answer,
    session_feedback_submit,
    survey_may_answer,
    survey_questions_for,
    survey_start,
    survey_submit,
)
from .surveys import survey_refusal


class Unavailable(Exception):
    """A genuine link to something this participant cannot do (say, a drop-out survey while
    still taking part)."""


def personal_page(view: Callable) -> Callable:
    """Turns link problems into a plain page, and keeps the link itself private: never cached,
    never indexed, never sent to another site as a referrer. ("same-origin", not "no-referrer":
    with no referrer at all browsers send `Origin: null` and the form fails the CSRF check.)"""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except LinkExpired:
            response = render(
                request, "participants/my_link_problem.html", {"expired": True}, status=410
            )
        except LinkInvalid:
            response = render(
                request, "participants/my_link_problem.html", {"expired": False}, status=404
            )
        except Unavailable as refusal:
            response = render(
                request, "participants/my_unavailable.html", {"message": str(refusal)}, status=404
            )
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _home_url(participant: Participant) -> str:
    return reverse("my:home", args=[home_token(participant)])


@personal_page
def home(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's page: their sessions, action cards, surveys, and other business
    support (OTO-8; issue 11 item 6): the directory their hub offers and their referrals."""
    participant = home_link_open(token)
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
    return render(
        request,
        "participants/my_home.html",
        {
            "participant": participant,
            "cohort": page.cohort,
            "sessions": sessions,
            "action_cards": page.action_cards,
            "surveys": surveys,
            "support_services": support_services_offered(participant.business.hub_id),
            "referrals": referrals_of(participant),
        },
    )


@personal_page
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    """SUR-1: the short form for one session; answered once, then it says thank you."""
    participant, session_id = feedback_link_open(token)
    session = Session.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise LinkInvalid
    context = {"participant": participant, "session": session, "home_url": _home_url(participant)}
    if SessionFeedback.objects.filter(participant=participant, session=session).exists():
        return render(request, "participants/feedback_thanks.html", context)
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
    return render(request, "participants/feedback_form.html", {**context, "form": form})


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
        return render(request, "participants/survey_thanks.html", context)
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
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return redirect(request.path)
    return render(request, "participants/survey_form.html", {**context, "form": form})
