"""Every email the product sends is a pair of templates under templates/emails/: `<name>.txt`
(the plain text every client shows) and `<name>.html` (the same words, for clients that
prefer HTML), rendered here and sent through Django's mail framework only (GDPR-1)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str) -> str:
    """An absolute address for a link in an email."""
    return settings.SITE_URL + path


def email_message(
    name: str, context: dict, *, subject: str, to: list[str], connection=None, **kwargs
) -> EmailMultiAlternatives:
    """The email `name` for `to`, its text and HTML bodies rendered from the same context.
    A subject is one line: any line break in it (from a name someone typed) becomes a space."""
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/{name}.txt", context),
        to=to,
        connection=connection,
        **kwargs,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
