"""Facilitator peer groups, for hub staff: the cluster's groups, their members and meetings.

Thin views for hub staff: reads go through quality/selectors (the access scope: another hub's
object is a 404), writes through quality/services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from peernetworks.web import form_errors_from, hub_staff_required

from .. import selectors, services
from ..forms import PeerGroupForm, PeerGroupMeetingForm, PeerGroupMembersForm


@hub_staff_required
def peer_group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quality/peer_group_list.html",
        {"groups": list(selectors.peer_groups_for(request.user))},
    )


@hub_staff_required
def peer_group_create(request: HttpRequest) -> HttpResponse:
    hub = request.user.hub
    if hub is None:
        raise Http404("Peer groups belong to a cluster.")
    cluster = hub.cluster
    form = PeerGroupForm(request.POST or None, candidates=selectors.peer_group_candidates(cluster))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.peer_group_create(cluster=cluster, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, f"{group.name} created.")
            return redirect("quality:peer-group-detail", pk=group.pk)
    return render(request, "quality/peer_group_form.html", {"form": form, "cluster": cluster})


def _group(request, pk: int):
    return get_object_or_404(selectors.peer_groups_for(request.user), pk=pk)


def _group_page(request, group, *, meeting=None, members=None, status=200):
    member_list = group.members.select_related("hub").order_by("last_name", "first_name")
    context = {
        "group": group,
        "members": list(member_list),
        "meetings": list(
            group.meetings.prefetch_related("attendees").select_related("recorded_by")
        ),
        "meeting_form": meeting
        or PeerGroupMeetingForm(members=member_list, initial={"held_on": timezone.localdate()}),
        "members_form": members
        or PeerGroupMembersForm(
            candidates=selectors.peer_group_candidates(group.cluster),
            initial={"members": [m.pk for m in member_list]},
        ),
    }
    return render(request, "quality/peer_group_detail.html", context, status=status)


@hub_staff_required
def peer_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_page(request, _group(request, pk))


@require_POST
@hub_staff_required
def peer_group_members(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    form = PeerGroupMembersForm(
        request.POST, candidates=selectors.peer_group_candidates(group.cluster)
    )
    if form.is_valid():
        try:
            services.peer_group_set_members(group=group, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Members saved.")
            return redirect("quality:peer-group-detail", pk=group.pk)
    return _group_page(request, group, members=form, status=400)


@require_POST
@hub_staff_required
def peer_group_meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    form = PeerGroupMeetingForm(request.POST, members=group.members.all())
    if form.is_valid():
        try:
            services.peer_group_meeting_record(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("quality:peer-group-detail", pk=group.pk)
    return _group_page(request, group, meeting=form, status=400)
