from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    label = "feedback"
    verbose_name = "Feedback and surveys"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  connects the receivers to the signals below
