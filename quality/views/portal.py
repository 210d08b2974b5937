"""Facilitator peer groups in the facilitator portal: a facilitator sees the groups they belong
to, with every meeting, and records a meeting of their own group.

Mounted under /facilitator/ in the portal's URL namespace (peernetworks/urls.py); the portal's
own access check applies (facilitators and hub staff). Someone outside a group gets a 404
(SPEC §1). Writes go through the same service as hub staff's page
(quality.services.peer_group_meeting_record). The portal's home lists the user's groups
through `peer_groups_section`, which the project shell passes to that page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from peernetworks.web import form_errors_from, portal_required

from .. import selectors, services
from ..forms import PeerGroupMeetingForm


def peer_groups_section(user) -> dict:
    """The portal home's "My peer groups": the groups the user belongs to or organises."""
    return {"peer_groups": list(selectors.my_peer_groups(user))}


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
            form_errors_from(form, error)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("facilitator:peer-group", pk=group.pk)
    return _page(request, group, form=form, status=400)
