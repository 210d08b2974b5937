from django.apps import AppConfig


class ProgrammeSessionsConfig(AppConfig):
    name = "sessions"
    # The default label "sessions" clashes with django.contrib.sessions.
    label = "programme_sessions"
    verbose_name = "Group sessions"
