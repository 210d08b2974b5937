"""Participants' personal pages, reached only through signed links (issue 6)."""

from django.urls import path

app_name = "my"

urlpatterns: list = []
