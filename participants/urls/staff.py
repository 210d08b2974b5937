"""Staff pages on participants, in namespace "participants". The list itself
("participant-list", at participants/) shows who is at risk from absences, which the sessions
app knows: the project shell mounts it with these (``peernetworks/urls.py``)."""

from django.urls import path

from ..views import staff as views

app_name = "participants"

urlpatterns = [
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
