"""The facilitator portal (issue 5), mounted at /facilitator/."""

from django.urls import path

from cohorts import quality_portal
from one_to_one import views_signposting

from . import views_portal

app_name = "facilitator"

urlpatterns = [
    path("", views_portal.home, name="home"),
    path("cohorts/<int:pk>/", views_portal.cohort_detail, name="cohort-detail"),
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/disengaged/",
        views_portal.participant_disengaged,
        name="participant-disengaged",
    ),
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/refer/",
        views_portal.participant_refer,
        name="participant-refer",
    ),
    # Signposting to other business support (OTO-8; issue 11 item 6)
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/signpost/",
        views_signposting.participant_signpost,
        name="participant-signpost",
    ),
    path("sessions/<int:pk>/", views_portal.session_detail, name="session-detail"),
    path(
        "sessions/<int:pk>/attendance/",
        views_portal.session_attendance_save,
        name="session-attendance",
    ),
    path("sessions/<int:pk>/notes/", views_portal.session_notes_save, name="session-notes"),
    path(
        "sessions/<int:pk>/report-back/",
        views_portal.session_report_back_save,
        name="session-report-back",
    ),
    path("follow-ups/<int:pk>/close/", views_portal.follow_up_close, name="follow-up-close"),
    # Facilitator peer groups (issue 11): the groups the user belongs to.
    path("peer-groups/<int:pk>/", quality_portal.my_peer_group, name="peer-group"),
    # Hub staff
    path(
        "disengagement/<int:pk>/",
        views_portal.disengagement_review,
        name="disengagement-review",
    ),
    path(
        "referrals/<int:pk>/acknowledge/",
        views_portal.referral_acknowledge,
        name="referral-acknowledge",
    ),
]
