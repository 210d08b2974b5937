from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"
    label = "participants"
    verbose_name = "Businesses and participants"
