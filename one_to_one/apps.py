from django.apps import AppConfig


class OneToOneConfig(AppConfig):
    name = "one_to_one"
    label = "one_to_one"
    verbose_name = "One-to-one support"
