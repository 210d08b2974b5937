"""Development: a bare checkout runs with SQLite, console email and in-process tasks."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The demo logins (`make run`) work without an authenticator app; DJANGO_STAFF_MFA=true tries the
# two-factor sign-in locally.
STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA", default=False)
