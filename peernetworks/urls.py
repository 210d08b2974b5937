from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_audit

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views_audit.audit_event_list, name="audit-event-list"),  # GDPR-5
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("peernetworks.urls_mfa")),  # issue 9: staff 2FA
    path("admin/", admin.site.urls),
    path("", include("participants.urls")),
    path("", include("participants.urls_public")),
    path("", include("cohorts.urls")),
    path("facilitator/", include("sessions.urls_portal")),
    path("one-to-one/", include("one_to_one.urls")),
    path("my/", include("participants.urls_participant")),
    path("feedback/", include("participants.urls_feedback_staff")),
    path("reporting/", include("reporting.urls")),
    path("quality/", include("cohorts.urls_quality")),
]
