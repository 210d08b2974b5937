from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    label = "cohorts"
    verbose_name = "Cohorts"
