"""Facilitator peer groups in the facilitator portal (issue 11 item 3): a facilitator sees the
groups they belong to, with every meeting, and records a meeting of their own group.

Mounted by sessions/urls_portal.py under /facilitator/; the portal's own access check applies
(facilitators and hub staff). Someone outside a group gets a 404 (SPEC §1). Writes go through
the same service as hub staff's page (cohorts.quality_services.peer_group_meeting_record).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from sessions.views_portal import portal_required

from . import quality_selectors as selectors
from . import quality_services as services
from .quality_forms import PeerGroupMeetingForm


def _page(request, group, *, form=None, status=200) -> HttpResponse:
    members = group.members.select_related("hub").order_by("last_name", "first_name")
    context = {
        "group": group,
        "members": list(members),
        "meetings": selectors.peer_group_meetings(group),
        "form": form
        or PeerGroupMeetingForm(
            members=members,
            initial={"held_on": timezone.localdate(), "attendees": [request.user.pk]},
        ),
    }
    return render(request, "quality/portal_peer_group.html", context, status=status)


@portal_required
def my_peer_group(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's page for its members: who is in it, its meetings, and a meeting to record."""
    group = get_object_or_404(selectors.my_peer_groups(request.user), pk=pk)
    if request.method != "POST":
        return _page(request, group)
    form = PeerGroupMeetingForm(request.POST, members=group.members.all())
    if form.is_valid():
        try:
            services.peer_group_meeting_record(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("facilitator:peer-group", pk=group.pk)
    return _page(request, group, form=form, status=400)
