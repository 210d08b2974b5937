from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("participants/", views.participant_list, name="participant-list"),
    path("participants/<int:pk>/", views.participant_detail, name="participant-detail"),
    path(
        "participants/<int:pk>/discretion/",
        views.participant_discretion,
        name="participant-discretion",
    ),
    path(
        "participants/<int:pk>/viability/",
        views.participant_viability,
        name="participant-viability",
    ),
    path(
        "participants/<int:pk>/cross-lep/",
        views.participant_cross_lep,
        name="participant-cross-lep",
    ),
]
