"""The evaluation lists (Impact Assessment & Evaluation): who is due or overdue a survey.

A thin view for hub staff: the lists are read through quality/selectors (the access scope).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peernetworks.web import hub_staff_required, selected_year

from .. import selectors


@hub_staff_required
def evaluation(request: HttpRequest) -> HttpResponse:
    year = selected_year(request)  # PY-2: the picked year, else the default one
    return render(
        request,
        "quality/evaluation.html",
        {"year": year, "lists": selectors.evaluation_lists(request.user, year=year)},
    )
