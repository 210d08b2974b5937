from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    label = "quality"
    verbose_name = "Quality management"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  connects the receivers to the signals below
