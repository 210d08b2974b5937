"""Staff pages on feedback and surveys (SUR-1, SUR-3): response rates, satisfaction per
facilitator and cohort over time, change per topic, and free-text comments for quality
assurance. Hub staff only (the comments are participants' words); another hub's cohort is 404.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cohorts.selectors import cohorts_for
from peernetworks.web import hub_staff_required, selected_year

from .. import selectors


@hub_staff_required
def overview(request: HttpRequest) -> HttpResponse:
    year = selected_year(request)
    report = selectors.feedback_overview(request.user, year=year)
    return render(
        request,
        "feedback/feedback_overview.html",
        {
            "year": year,
            "report": report,
            "by_cohort_chart": report.by_cohort.as_chart(),
            "by_facilitator_chart": report.by_facilitator.as_chart(),
        },
    )


@hub_staff_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    return render(
        request,
        "feedback/feedback_cohort.html",
        {
            "cohort": cohort,
            "sessions": selectors.cohort_session_rates(request.user, cohort),
            "changes": selectors.survey_topic_changes(request.user, cohort_ids=[cohort.pk]),
            "comments": selectors.feedback_comments(request.user, cohort_ids=[cohort.pk])[:50],
        },
    )


@hub_staff_required
def comment_list(request: HttpRequest) -> HttpResponse:
    # PY-1: the picked (or default) programme year's comments only.
    comments = selectors.feedback_comments(request.user, year=selected_year(request))
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    return render(request, "feedback/feedback_comments.html", {"page": page})
