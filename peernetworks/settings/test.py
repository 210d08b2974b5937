"""Tests: fast hashing, email kept in memory, tasks in-process unless a test asks for the worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-secret-key-not-for-production")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process so they see the test database; tests marked `worker` send a task
# through the real broker to a real worker (CELERY_BROKER_URL, set in CI).
CELERY_TASK_ALWAYS_EAGER = True
# Tests travel in time after signing in; the session limits have their own tests
# (tests/peernetworks/test_login_security.py switches them back on).
SESSION_IDLE_SECONDS = SESSION_ABSOLUTE_SECONDS = 10 * 365 * 24 * 60 * 60
# Tests keep two-factor sign-in on: tests/conftest.py verifies staff sessions made by
# force_login (opt out with @pytest.mark.mfa_unverified).
STAFF_MFA_REQUIRED = True
