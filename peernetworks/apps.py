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

        # GDPR-5: the audit trail records changes to the audited models and who made them.
        from celery.signals import task_postrun, task_prerun

        from . import audit

        audit.connect()
        task_prerun.connect(audit.task_started, dispatch_uid="audit-task-started")
        task_postrun.connect(audit.task_finished, dispatch_uid="audit-task-finished")
