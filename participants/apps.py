from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"
    label = "participants"
    verbose_name = "Businesses and participants"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  connects the receivers to the core's signals
