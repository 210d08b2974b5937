"""Public registration for business leaders (ONB-1..5): no account, no namespace."""

from django.urls import path

from ..views import registration as views

urlpatterns = [
    path("register/<slug:hub_slug>/", views.privacy_notice, name="register"),
    path(
        "register/<slug:hub_slug>/details/",
        views.registration_details,
        name="register-details",
    ),
    path("register/<slug:hub_slug>/done/", views.registration_done, name="register-done"),
]
