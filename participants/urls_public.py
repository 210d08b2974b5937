from django.urls import path

from . import views_registration

urlpatterns = [
    path("register/<slug:hub_slug>/", views_registration.privacy_notice, name="register"),
    path(
        "register/<slug:hub_slug>/details/",
        views_registration.registration_details,
        name="register-details",
    ),
    path(
        "register/<slug:hub_slug>/done/", views_registration.registration_done, name="register-done"
    ),
]
