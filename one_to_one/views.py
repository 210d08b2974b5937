from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def provider_home(request: HttpRequest) -> HttpResponse:
    return render(request, "one_to_one/provider_home.html", {})
