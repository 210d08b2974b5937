"""The audit trail page (GDPR-5): hub staff read their hub's events, the
national coordinator every hub's (they hold no personal values), newest first, filtered."""

from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import scope_to_hub
from ..models import AuditAction, AuditEvent, GrowthHub
from ..personal_data import audited_models
from ..web import staff_required

PAGE_SIZE = 50


def _model_choices() -> list[tuple[str, str]]:
    models = sorted(audited_models(), key=lambda model: model.__name__)
    return (
        [("", "Any record")]
        + [(model._meta.label_lower, model.__name__) for model in models]
        + [("export", "Exports")]
    )


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label="Record", choices=_model_choices, required=False)
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any action"), *AuditAction.choices], required=False
    )
    actor = forms.CharField(label="Who (username or job)", max_length=150, required=False)
    object_id = forms.CharField(label="Record id", max_length=64, required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hub = forms.ChoiceField(label="Growth Hub", required=False)

    def __init__(self, *args, all_hubs: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if all_hubs:  # the national coordinator reads every hub's events (one query)
            hubs = GrowthHub.objects.order_by("name").values_list("pk", "name")
            self.fields["hub"].choices = [("", "Every Growth Hub"), *hubs]
        else:
            del self.fields["hub"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Choose a date on or after the From date.")
        return data


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """The one access scope: hub staff their hub's events, the national coordinator all."""
    return scope_to_hub(AuditEvent.objects.select_related("hub"), user)


def audit_events_filter(events: QuerySet[AuditEvent], data: dict) -> QuerySet[AuditEvent]:
    if data.get("model"):
        events = events.filter(model_label=data["model"])
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("actor"):
        events = events.filter(actor_label__icontains=data["actor"].strip())
    if data.get("object_id"):
        object_id = data["object_id"].strip()
        events = events.filter(Q(object_id=object_id) | _in_bulk_ids(object_id))
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        events = events.filter(at__gte=datetime.combine(data["date_from"], time.min, zone))
    if data.get("date_to"):
        events = events.filter(at__lte=datetime.combine(data["date_to"], time.max, zone))
    if data.get("hub"):
        events = events.filter(hub_id=int(data["hub"]))
    return events


def _in_bulk_ids(object_id: str) -> Q:
    """Bulk events listing this id. SQLite has no JSON containment: there the ids' text is
    searched, which may also match longer ids containing it."""
    if not connection.features.supports_json_field_contains:
        return Q(object_ids__icontains=object_id)
    return Q(object_ids__contains=[int(object_id) if object_id.isdigit() else object_id])


@staff_required
def audit_event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    all_hubs = user.is_superuser or user.is_national_coordinator
    form = AuditFilterForm(request.GET or None, all_hubs=all_hubs)
    events = audit_events_for(user)
    if form.is_bound and form.is_valid():
        events = audit_events_filter(events, form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        # Values are record-level data of a hub's businesses: the hub's own staff (and system
        # administrators) see them; the national coordinator sees what changed, not to what.
        {
            "form": form,
            "page": page,
            "all_hubs": all_hubs,
            "show_values": user.is_superuser or not user.is_national_coordinator,
        },
    )
