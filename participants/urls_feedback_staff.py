"""Staff pages on feedback and surveys (issue 6). Mounted at /feedback/."""

from django.urls import path

from . import views_feedback_staff

app_name = "feedback"

urlpatterns = [
    path("", views_feedback_staff.overview, name="overview"),
    path("cohorts/<int:pk>/", views_feedback_staff.cohort_detail, name="cohort-detail"),
    path("comments/", views_feedback_staff.comment_list, name="comment-list"),
]
