from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from peernetworks.access import staff_required

from .selectors import participants_for


@staff_required
def participant_list(request: HttpRequest) -> HttpResponse:
    participants = participants_for(request.user).order_by("-registered_on", "last_name")
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    return render(request, "participants/participant_list.html", {"page": page})


@staff_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(participants_for(request.user), pk=pk)
    return render(
        request,
        "participants/participant_detail.html",
        {"participant": participant, "assessments": participant.assessments.all()},
    )
