from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cohorts import urls as cohorts_urls
from feedback.urls import personal as feedback_personal_urls
from one_to_one import urls as one_to_one_urls
from participants.urls import staff as participants_staff_urls
from quality import urls as quality_urls
from sessions import urls as sessions_urls

from . import views
from .audit import views as audit_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_event_list, name="audit-event-list"),  # GDPR-5
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("peernetworks.mfa.urls")),  # staff two-factor sign-in
    path("admin/", admin.site.urls),
    # The staff participant list shows who is at risk from absences (SES-8, from sessions).
    path(
        "",
        include(
            (
                [
                    path("participants/", views.participant_list, name="participant-list"),
                    *participants_staff_urls.urlpatterns,
                ],
                participants_staff_urls.app_name,
            )
        ),
    ),
    path("", include("participants.urls.registration")),
    # Hub staff's cohort pages: the cohorts app's and, with the schedule, the sessions app's.
    path(
        "",
        include(
            (
                [*cohorts_urls.urlpatterns, *sessions_urls.cohort_urlpatterns],
                cohorts_urls.app_name,
            )
        ),
    ),
    # The facilitator portal, with the pages other apps add to it, in one namespace. Its home
    # and cohort pages show each member's one-to-one progress (sessions, one_to_one).
    path(
        "facilitator/",
        include(
            (
                [
                    path("", views.facilitator_home, name="home"),
                    path("cohorts/<int:pk>/", views.facilitator_cohort, name="cohort-detail"),
                    *sessions_urls.portal_urlpatterns,
                    *quality_urls.portal_urlpatterns,
                    *one_to_one_urls.portal_urlpatterns,
                ],
                "facilitator",
            )
        ),
    ),
    path("one-to-one/", include("one_to_one.urls")),
    # A participant's personal pages: their own page and the feedback and survey forms.
    path(
        "my/",
        include(
            (
                [
                    *feedback_personal_urls.urlpatterns,
                    path("<str:token>/", views.participant_home, name="home"),
                ],
                "my",
            )
        ),
    ),
    path("feedback/", include("feedback.urls.staff")),
    path("reporting/", include("reporting.urls")),
    path("quality/", include("quality.urls")),
]
