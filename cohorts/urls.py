from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort-list"),
    path("cohorts/new/", views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort-edit"),
    path("cohorts/<int:pk>/allocate/", views.cohort_allocate, name="cohort-allocate"),
    path("cohorts/<int:pk>/advice/", views.cohort_advice, name="cohort-advice"),
    path("cohorts/<int:pk>/schedule/", views.schedule_generate, name="schedule-generate"),
    path(
        "cohorts/<int:pk>/schedule/confirm/", views.cohort_schedule_confirm, name="schedule-confirm"
    ),
    path("cohorts/<int:cohort_pk>/sessions/new/", views.session_edit, name="session-add"),
    path(
        "cohorts/<int:pk>/observations/book/", views.observation_book_view, name="observation-book"
    ),
    path("cohorts/<int:pk>/calendar.ics", views.cohort_calendar, name="cohort-calendar"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("memberships/<int:pk>/move/", views.membership_move, name="membership-move"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel_view, name="session-cancel"),
    path(
        "observations/<int:pk>/complete/",
        views.observation_complete_view,
        name="observation-complete",
    ),
    path("my/calendar/<str:token>.ics", views.participant_calendar, name="participant-calendar"),
]
