"""The cohorts app's pages, in the "cohorts" namespace. The project shell (peernetworks/urls.py)
mounts them together with the sessions app's `cohort_urlpatterns` (the cohort list and page,
the schedule, observations and calendars), which share the namespace."""

from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/new/", views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort-edit"),
    path("cohorts/<int:pk>/advice/", views.cohort_advice, name="cohort-advice"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("memberships/<int:pk>/move/", views.membership_move, name="membership-move"),
]
