from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peernetworks.access import staff_required

from .selectors import cohorts_for, cohorts_with_schedule_totals


@staff_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = cohorts_with_schedule_totals(cohorts_for(request.user)).order_by("name")
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts})
