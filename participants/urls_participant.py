"""Participants' personal pages, reached only through signed links (issue 6, SPEC §1)."""

from django.urls import path

from . import views_participant

app_name = "my"

urlpatterns = [
    path("feedback/<str:token>/", views_participant.feedback_form, name="feedback-form"),
    path("survey/<str:kind>/<str:token>/", views_participant.survey_form, name="survey-form"),
    path("<str:token>/", views_participant.home, name="home"),
]
