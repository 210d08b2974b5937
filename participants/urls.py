from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("participants/", views.participant_list, name="participant-list"),
    path("participants/<int:pk>/", views.participant_detail, name="participant-detail"),
]
