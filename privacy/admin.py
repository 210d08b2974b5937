"""Admin actions for UK GDPR rights on participants (GDPR-2, GDPR-3).

Hub staff (and system administrators) only: the national coordinator never sees participants,
and rows come through the participant admin's hub-scoped queryset, so another hub's
participant is never selected.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse

from participants.admin import ParticipantAdmin
from participants.models import Participant
from peernetworks.models import Role
from reporting.exports import export_log

from .selectors import (
    participant_subject_access,
    subject_access_csv,
    subject_access_record_count,
    subject_access_rows,
)
from .services import participant_anonymise

CONFIRM_TEMPLATE = """{% extends "admin/base_site.html" %}
{% block content %}
<h1>Erase {{ participant }}?</h1>
<p>Every personal field held about this participant, in every table, is replaced or blanked
and their equality data deleted. Attendance, hours and KPI returns are kept. This cannot be
undone.</p>
<form method="post">{% csrf_token %}
<input type="hidden" name="{{ action_checkbox_name }}" value="{{ participant.pk }}">
<input type="hidden" name="action" value="anonymise_participant">
<input type="hidden" name="confirm_erasure" value="yes">
<input type="submit" value="Yes, erase this participant's personal data">
<a href="." class="button cancel-link">No, take me back</a>
</form>
{% endblock %}
"""


def _may_use_gdpr(request) -> bool:
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.role == Role.HUB_STAFF and user.hub_id)


def _one(modeladmin, request, queryset) -> Participant | None:
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one participant.", messages.WARNING)
        return None
    return queryset.select_related("business__hub").get()


def _export(modeladmin, request, queryset, fmt: str):
    if not _may_use_gdpr(request):
        modeladmin.message_user(request, "Only hub staff can do this.", messages.ERROR)
        return None
    participant = _one(modeladmin, request, queryset)
    if participant is None:
        return None
    export = participant_subject_access(participant)
    if fmt == "json":
        body = json.dumps(export, indent=2, sort_keys=True)
        content_type = "application/json"
        rows = subject_access_record_count(export)
    else:
        body = subject_access_csv(export)
        content_type = "text/csv"
        rows = len(subject_access_rows(export))
    export_log(  # KPI-5, GDPR-5: logged and audited
        by=request.user,
        hub_id=participant.business.hub_id,
        what=f"Subject access export: participant {participant.pk}",
        fmt=fmt,
        rows=rows,
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-participant-{participant.pk}.{fmt}"'
    )
    return response


class GdprParticipantAdmin(ParticipantAdmin):
    actions = [
        *ParticipantAdmin.actions,
        "subject_access_json",
        "subject_access_csv",
        "anonymise_participant",
    ]

    def has_gdpr_permission(self, request) -> bool:
        return _may_use_gdpr(request)

    @admin.action(description="Subject access export (JSON)", permissions=["gdpr"])
    def subject_access_json(self, request, queryset):
        return _export(self, request, queryset, "json")

    @admin.action(description="Subject access export (CSV)", permissions=["gdpr"])
    def subject_access_csv(self, request, queryset):
        return _export(self, request, queryset, "csv")

    @admin.action(description="Erase (anonymise) the selected participant", permissions=["gdpr"])
    def anonymise_participant(self, request, queryset):
        if not _may_use_gdpr(request):
            self.message_user(request, "Only hub staff can do this.", messages.ERROR)
            return None
        participant = _one(self, request, queryset)
        if participant is None:
            return None
        if request.POST.get("confirm_erasure") != "yes":
            template = engines["django"].from_string(CONFIRM_TEMPLATE)
            context = {
                **self.admin_site.each_context(request),
                "title": "Erase participant",
                "participant": participant,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, template, context)
        participant_anonymise(participant=participant, by=request.user)
        self.message_user(request, f"Participant {participant.pk}'s personal data was erased.")
        return None


admin.site.unregister(Participant)
admin.site.register(Participant, GdprParticipantAdmin)
