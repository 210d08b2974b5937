"""Two-factor sign-in pages, under /accounts/two-factor/."""

from django.urls import path

from . import views

app_name = "mfa"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
]
