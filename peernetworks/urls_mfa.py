"""Two-factor sign-in pages (issue 9 item 2), under /accounts/two-factor/."""

from django.urls import path

from . import mfa

app_name = "mfa"

urlpatterns = [
    path("", mfa.verify, name="verify"),
    path("setup/", mfa.setup, name="setup"),
    path("backup-codes/", mfa.backup_codes, name="backup-codes"),
]
