from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peernetworks.access import staff_required


@staff_required
def return_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/return_list.html", {})
