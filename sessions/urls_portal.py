"""The facilitator portal (issue 5)."""

from django.urls import path

from . import views_portal

app_name = "facilitator"

urlpatterns = [
    path("", views_portal.home, name="home"),
]
