"""One-to-one support: the provider portal and staff progress pages, mounted at /one-to-one/
(namespace "one_to_one"), and the facilitator portal's signposting page (`portal_urlpatterns`),
mounted by peernetworks/urls.py under /facilitator/ in the portal's namespace ("facilitator").
"""

from django.urls import path

from .views import provider, signposting, staff

app_name = "one_to_one"

urlpatterns = [
    # The provider portal
    path("provider/", provider.provider_home, name="provider-home"),
    path(
        "provider/participants/<int:pk>/",
        provider.provider_participant,
        name="provider-participant",
    ),
    path("provider/participants/<int:pk>/log/", provider.provider_log, name="provider-log"),
    path(
        "provider/participants/<int:pk>/action-plan/",
        provider.provider_action_plan,
        name="provider-action-plan",
    ),
    path(
        "provider/participants/<int:pk>/referral/",
        provider.provider_referral,
        name="provider-referral",
    ),
    path(
        "provider/participants/<int:pk>/declaration/",
        provider.provider_declaration,
        name="provider-declaration",
    ),
    path(
        "provider/participants/<int:pk>/decline/",
        provider.provider_decline,
        name="provider-decline",
    ),
    # Staff pages
    path("progress/", staff.progress, name="progress"),
    path("progress/cohorts/<int:pk>/", staff.cohort_detail, name="cohort-progress"),
    path("progress/short/", staff.short_of_minimum, name="short-of-minimum"),
    path("participants/<int:pk>/", staff.participant_detail, name="participant-detail"),
    path(
        "participants/<int:pk>/assign/",
        staff.participant_assign,
        name="participant-assign",
    ),
    path(
        "participants/<int:pk>/existing-provision/",
        staff.existing_provision_record,
        name="existing-provision-record",
    ),
]

# The facilitator portal's routes (namespace "facilitator"): signposting a member of the user's
# cohort to other business support (OTO-8).
portal_urlpatterns = [
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/signpost/",
        signposting.participant_signpost,
        name="participant-signpost",
    ),
]
