from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort-list"),
]
