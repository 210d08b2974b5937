"""Production: refuses to start without a secret key or with two-factor sign-in switched off;
HTTPS everywhere.

Behind a reverse proxy that terminates TLS, the proxy must set `X-Forwarded-Proto: https` and
`X-Forwarded-For` (and strip any such headers from clients); SECURE_PROXY_SSL_HEADER trusts the
first, and DJANGO_PROXY_COUNT (default 1 here) tells the login lockout how many proxies to look
through for the client's IP.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Two-factor sign-in for staff is not optional in production.
if not env.bool("DJANGO_STAFF_MFA", default=True):
    raise ImproperlyConfigured("DJANGO_STAFF_MFA cannot be switched off in production.")
STAFF_MFA_REQUIRED = True

# The rate limits need a cache every gunicorn worker shares: the broker's Redis by default.
CACHE_URL = env("DJANGO_CACHE_URL", default=env("CELERY_BROKER_URL", default=""))
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The number of trusted reverse proxies in front of the application (docs/operations.md): the
# client's IP is read from X-Forwarded-For through exactly that many (peernetworks.security).
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Error reporting (off unless SENTRY_DSN is set; no personal data: peernetworks.observability).
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
if SENTRY_DSN:
    from peernetworks.observability import sentry_start

    sentry_start(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# Structured logs: one JSON object a line, for the platform's log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
