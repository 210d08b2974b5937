from django.apps import AppConfig


class PeerNetworksConfig(AppConfig):
    name = "peernetworks"
    label = "peernetworks"
    verbose_name = "Programme structure"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_clocks_start

        # Auth plumbing, not business logic: a login starts the session's clocks.
        user_logged_in.connect(session_clocks_start, dispatch_uid="session-clocks")
