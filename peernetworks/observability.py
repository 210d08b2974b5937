"""Error reporting and logs for operators. Sentry is off unless SENTRY_DSN is set, and then it
receives no personal data: participants' and staff details stay in this system (GDPR-1)."""

# What an error event keeps of the request: where it went and how, never what was sent.
REQUEST_KEPT = ("method", "url")


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """before_send: strips everything that can carry personal data from an error event."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
        if "url" in event["request"]:
            # Personal links carry a signed token naming the participant.
            event["request"]["url"] = event["request"]["url"].split("?")[0]
            event["request"]["url"] = _without_tokens(event["request"]["url"])
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)  # local variables may hold a person's answers
    event.pop("extra", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
        if crumb.get("category") == "query":
            crumb["message"] = "(query)"  # SQL parameters may be personal data
    return event


def _without_tokens(url: str) -> str:
    """/my/<token>/ and similar personal-link paths lose their token."""
    parts = url.split("/")
    return "/".join("<token>" if len(part) > 40 and ":" in part else part for part in parts)


def sentry_start(*, dsn: str, environment: str, transport=None) -> bool:
    """Starts error reporting when a DSN is configured; returns whether it did."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    options = {
        "dsn": dsn,
        "environment": environment,
        # send_default_pii stays at its default, off (this sentry-sdk deprecates setting it).
        "include_local_variables": False,
        "include_source_context": False,
        "max_request_body_size": "never",
        "before_send": scrub_event,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    return True
