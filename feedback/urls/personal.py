"""Participants' feedback and survey pages, reached only through signed links (SPEC §1).
The project shell mounts them under /my/ with the participant's own page, in namespace "my"."""

from django.urls import path

from ..views import personal

urlpatterns = [
    path("feedback/<str:token>/", personal.feedback_form, name="feedback-form"),
    path("survey/<str:kind>/<str:token>/", personal.survey_form, name="survey-form"),
]
