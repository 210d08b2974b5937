"""Staff pages on feedback and surveys. Mounted at /feedback/."""

from django.urls import path

from ..views import staff as views

app_name = "feedback"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("comments/", views.comment_list, name="comment-list"),
]
