"""The pages of group sessions, in two lists the project shell mounts (peernetworks/urls.py):

- `cohort_urlpatterns`, in the "cohorts" namespace next to the cohorts app's own pages: hub
  staff's cohort list and page, the schedule, observations and the calendar downloads;
- `portal_urlpatterns`, under /facilitator/ in the "facilitator" namespace. The portal's home
  and cohort pages also show each member's one-to-one progress, so the shell routes those two
  (`portal_home` and `portal_cohort`, with the one-to-one app's progress passed in).
"""

from django.urls import path

from . import views

cohort_urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort-list"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("cohorts/<int:pk>/allocate/", views.cohort_allocate, name="cohort-allocate"),
    path("cohorts/<int:pk>/schedule/", views.schedule_generate, name="schedule-generate"),
    path(
        "cohorts/<int:pk>/schedule/confirm/", views.cohort_schedule_confirm, name="schedule-confirm"
    ),
    path("cohorts/<int:cohort_pk>/sessions/new/", views.session_edit, name="session-add"),
    path(
        "cohorts/<int:pk>/observations/book/", views.observation_book_view, name="observation-book"
    ),
    path("cohorts/<int:pk>/calendar.ics", views.cohort_calendar, name="cohort-calendar"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel_view, name="session-cancel"),
    path(
        "observations/<int:pk>/complete/",
        views.observation_complete_view,
        name="observation-complete",
    ),
    path("my/calendar/<str:token>.ics", views.participant_calendar, name="participant-calendar"),
]

portal_urlpatterns = [
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/disengaged/",
        views.participant_disengaged,
        name="participant-disengaged",
    ),
    path(
        "cohorts/<int:cohort_pk>/participants/<int:pk>/refer/",
        views.participant_refer,
        name="participant-refer",
    ),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path(
        "sessions/<int:pk>/attendance/",
        views.session_attendance_save,
        name="session-attendance",
    ),
    path("sessions/<int:pk>/notes/", views.session_notes_save, name="session-notes"),
    path(
        "sessions/<int:pk>/report-back/",
        views.session_report_back_save,
        name="session-report-back",
    ),
    path("follow-ups/<int:pk>/close/", views.follow_up_close, name="follow-up-close"),
    # Hub staff
    path(
        "disengagement/<int:pk>/",
        views.disengagement_review,
        name="disengagement-review",
    ),
    path(
        "referrals/<int:pk>/acknowledge/",
        views.referral_acknowledge,
        name="referral-acknowledge",
    ),
]
