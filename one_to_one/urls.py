"""One-to-one support: the provider portal and staff progress pages (issue 7)."""

from django.urls import path

from . import views

app_name = "one_to_one"

urlpatterns = [
    path("provider/", views.provider_home, name="provider-home"),
]
