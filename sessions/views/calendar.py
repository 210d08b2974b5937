"""SES-5: a cohort's series as an .ics download, for staff and facilitators, and for each
participant through the personal link in their joining instructions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cohorts.selectors import cohorts_for
from participants.links import LinkExpired, LinkInvalid, link_open

from ..ics import series_calendar
from ..models import Session


def _calendar_response(cohort, sessions, filename: str) -> HttpResponse:
    body = series_calendar(cohort=cohort, sessions=sessions, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def cohort_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """SES-5: the series as .ics for hub staff and the cohort's facilitators (no personal
    data: dates, times and the joining link)."""
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    return _calendar_response(
        cohort, cohort.sessions.order_by("starts_at"), f"cohort-{cohort.pk}.ics"
    )


def participant_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """SES-5: a participant's series from the personal link in their joining instructions."""
    # Like every personal link: it lasts the participant's year's link lifetime, and an
    # erased participant's is gone (410).
    try:
        participant = link_open(token, "calendar").participant
    except LinkExpired:
        return HttpResponseGone(
            "This calendar link has expired. Use the link in your latest email from your hub.",
            content_type="text/plain; charset=utf-8",
        )
    except LinkInvalid as error:
        raise Http404("This calendar link is not valid.") from error
    membership = (
        participant.memberships.filter(left_at__isnull=True)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("cohort__sessions", queryset=Session.objects.order_by("starts_at"))
        )
        .first()
    )
    if membership is None:
        raise Http404("You are not in a cohort yet.")
    cohort = membership.cohort
    return _calendar_response(cohort, cohort.sessions.all(), "peer-networks.ics")
