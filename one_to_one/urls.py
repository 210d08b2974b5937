"""One-to-one support: the provider portal and staff progress pages (issue 7)."""

from django.urls import path

from . import views, views_staff

app_name = "one_to_one"

urlpatterns = [
    # The provider portal
    path("provider/", views.provider_home, name="provider-home"),
    path(
        "provider/participants/<int:pk>/",
        views.provider_participant,
        name="provider-participant",
    ),
    path("provider/participants/<int:pk>/log/", views.provider_log, name="provider-log"),
    path(
        "provider/participants/<int:pk>/action-plan/",
        views.provider_action_plan,
        name="provider-action-plan",
    ),
    path(
        "provider/participants/<int:pk>/referral/",
        views.provider_referral,
        name="provider-referral",
    ),
    path(
        "provider/participants/<int:pk>/declaration/",
        views.provider_declaration,
        name="provider-declaration",
    ),
    path(
        "provider/participants/<int:pk>/decline/",
        views.provider_decline,
        name="provider-decline",
    ),
    # Staff pages
    path("progress/", views_staff.progress, name="progress"),
    path("progress/cohorts/<int:pk>/", views_staff.cohort_detail, name="cohort-progress"),
    path("progress/short/", views_staff.short_of_minimum, name="short-of-minimum"),
    path("participants/<int:pk>/", views_staff.participant_detail, name="participant-detail"),
    path(
        "participants/<int:pk>/assign/",
        views_staff.participant_assign,
        name="participant-assign",
    ),
    path(
        "participants/<int:pk>/existing-provision/",
        views_staff.existing_provision_record,
        name="existing-provision-record",
    ),
]
