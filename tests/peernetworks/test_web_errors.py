"""A service's refusal on the page: on the form's fields (`form_errors_from`) or as messages
(`error_messages`, `form_error_messages`), from `peernetworks.web`."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from peernetworks.web import error_messages, form_error_messages, form_errors_from


class NoteForm(forms.Form):
    date = forms.DateField(label="Date")
    note = forms.CharField(label="Note")


def _form() -> NoteForm:
    form = NoteForm({"date": "2021-09-07", "note": "Kept as typed"})
    assert form.is_valid()
    return form


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_it_puts_each_fields_messages_on_that_field_and_the_rest_on_the_form():
    form = _form()
    form_errors_from(
        form,
        ValidationError({"note": "Say more.", "starts_at": "Too early.", "hub": "Not yours."}),
        field_map={"starts_at": "date"},
    )
    assert form.errors == {"note": ["Say more."], "date": ["Too early."], "__all__": ["Not yours."]}
    assert form["note"].value() == "Kept as typed"


def test_it_takes_a_refusal_without_fields():
    form = _form()
    form_errors_from(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]


def test_it_can_send_what_no_field_takes_to_messages():
    form, request = _form(), _request()
    form_errors_from(
        form, ValidationError({"note": "Say more.", "status": "Open."}), request=request
    )
    assert form.errors == {"note": ["Say more."]}
    assert _messages(request) == ["Open."]


def test_it_reports_a_refusal_as_messages_named_by_field_or_not():
    request = _request()
    error_messages(request, ValidationError({"starts_at": "Too early.", "__all__": "Not now."}))
    error_messages(request, ValidationError({"reason": "Say why."}), named=False)
    assert _messages(request) == ["Starts at: Too early.", "Not now.", "Say why."]


def test_it_reports_a_forms_errors_as_messages_named_by_label():
    form, request = _form(), _request()
    form.add_error("note", "Say more.")
    form.add_error(None, "Not now.")
    form_error_messages(request, form)
    assert _messages(request) == ["Note: Say more.", "Not now."]
