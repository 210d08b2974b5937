"""Hub staff's pages for quality management and life after the programme: the quality log,
facilitator and provider records, peer groups, the evaluation lists and the alumni.

Thin views: reads go through quality/selectors (the access scope: another hub's object is a
404), writes through quality/services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from cohorts.selectors import cohorts_for
from peernetworks.models import User
from peernetworks.web import error_messages, form_errors_from, hub_staff_required, selected_year

from .. import selectors, services
from ..forms import (
    ContinuingSessionForm,
    PeerGroupForm,
    PeerGroupMeetingForm,
    PeerGroupMembersForm,
    PractitionerProfileForm,
    ProfileChecklistForm,
    QualityActionForm,
    QualityAssignForm,
    QualityItemForm,
    QualityReopenForm,
    QualityResolveForm,
)
from ..models import (
    PractitionerProfile,
    ProfileCheck,
    QualityAction,
    QualityItem,
    QualityItemStatus,
)

# Feedback, complaints and compliments (QM-3) --------------------------------------------------

LIST_FILTERS = {
    "open": "Open",
    "overdue": "Overdue",
    "resolved": "Resolved",
    "all": "All",
}


@hub_staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in LIST_FILTERS:
        show = "open"
    today = timezone.localdate()
    if show == "overdue":
        items = selectors.quality_items_overdue(request.user, today=today)
    else:
        items = selectors.quality_items_listed(request.user, today=today)
        if show == "open":
            items = items.filter(status=QualityItemStatus.OPEN).order_by("due_on", "pk")
        elif show == "resolved":
            items = items.filter(status=QualityItemStatus.RESOLVED)
    return render(
        request,
        "quality/item_list.html",
        {
            "items": list(items[:200]),
            "show": show,
            "filters": LIST_FILTERS,
            "today": today,
            "overdue_count": selectors.quality_items_overdue(request.user, today=today).count(),
        },
    )


def _team(request):
    return selectors.hub_team(request.user.hub)


@hub_staff_required
def item_create(request: HttpRequest) -> HttpResponse:
    hub = request.user.hub
    if hub is None:
        raise Http404("The quality log belongs to a hub.")
    form = QualityItemForm(
        request.POST or None,
        team=_team(request),
        cohorts=cohorts_for(request.user).order_by("name"),
        initial={"raised_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.quality_item_create(
                hub=hub, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, f"{item.get_kind_display()} recorded.")
            return redirect("quality:item-detail", pk=item.pk)
    return render(request, "quality/item_form.html", {"form": form})


def _item(request, pk: int):
    try:
        return selectors.quality_item_detail(request.user, pk)
    except QualityItem.DoesNotExist as missing:
        raise Http404("No such item in your hub's log.") from missing


def _item_page(request, item, *, assign=None, action=None, resolve=None, reopen=None, status=200):
    team = _team(request)
    today = timezone.localdate()
    context = {"item": item, "today": today}
    if not item.is_open:
        context["reopen_form"] = reopen or QualityReopenForm()
    else:
        context.update(
            assign_form=assign
            or QualityAssignForm(
                team=team, initial={"owner": item.owner_id, "due_on": item.due_on}
            ),
            action_form=action
            or QualityActionForm(
                team=team,
                initial={"owner": item.owner_id or request.user.pk, "due_on": item.due_on},
            ),
            resolve_form=resolve or QualityResolveForm(),
        )
    return render(request, "quality/item_detail.html", context, status=status)


@hub_staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, _item(request, pk))


def _item_post(request, pk: int, *, slot: str, make_form, act, done) -> HttpResponse:
    """The item page's forms: validate, call the service, then back to the item with a
    message; a refusal shows the page again with the form's errors (400)."""
    item = _item(request, pk)
    form = make_form(request.POST)
    if form.is_valid():
        try:
            result = act(item, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, done(result))
            return redirect("quality:item-detail", pk=item.pk)
    return _item_page(request, item, **{slot: form}, status=400)


@require_POST
@hub_staff_required
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        slot="assign",
        make_form=lambda data: QualityAssignForm(data, team=_team(request)),
        act=lambda item, data: services.quality_item_assign(item=item, **data),
        done=lambda _: "Owner and resolve-by date saved.",
    )


@require_POST
@hub_staff_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        slot="action",
        make_form=lambda data: QualityActionForm(data, team=_team(request)),
        act=lambda item, data: services.quality_action_add(item=item, **data),
        done=lambda action: f"{action.get_kind_display()} added.",
    )


@require_POST
@hub_staff_required
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        QualityAction.objects.filter(item__in=selectors.quality_items_for(request.user)), pk=pk
    )
    if services.quality_action_complete(action=action):
        messages.success(request, "Action marked done.")
    return redirect("quality:item-detail", pk=action.item_id)


@require_POST
@hub_staff_required
def item_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        slot="resolve",
        make_form=QualityResolveForm,
        act=lambda item, data: services.quality_item_resolve(item=item, by=request.user, **data),
        done=lambda _: "Item resolved.",
    )


@require_POST
@hub_staff_required
def item_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """A resolved item opens again, with the reason in its history."""
    return _item_post(
        request,
        pk,
        slot="reopen",
        make_form=QualityReopenForm,
        act=lambda item, data: services.quality_item_reopen(item=item, by=request.user, **data),
        done=lambda _: "Item reopened.",
    )


# Facilitator and provider records (Annex 1, QM-4) ---------------------------------------------


@hub_staff_required
def practitioner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quality/practitioner_list.html",
        {"rows": selectors.practitioner_rows(request.user)},
    )


def _practitioner(request, pk: int) -> User:
    return get_object_or_404(selectors.practitioners_for(request.user), pk=pk)


@hub_staff_required
def practitioner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = selectors.practitioner_page(request.user, pk)
    except User.DoesNotExist as missing:
        raise Http404("No such facilitator or provider in your hub.") from missing
    return render(request, "quality/practitioner_detail.html", {"page": page})


def _existing_profile(practitioner) -> PractitionerProfile:
    """The saved profile, or an empty one to show: a GET writes nothing."""
    profile = getattr(practitioner, "practitioner_profile", None)
    return profile or PractitionerProfile(user=practitioner)


@hub_staff_required
def practitioner_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practitioner = _practitioner(request, pk)
    form = PractitionerProfileForm(request.POST or None, instance=_existing_profile(practitioner))
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.practitioner_profile_for(practitioner)
            services.practitioner_profile_save(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Profile saved.")
            return redirect("quality:practitioner-detail", pk=practitioner.pk)
    return render(
        request, "quality/profile_form.html", {"form": form, "practitioner": practitioner}
    )


@hub_staff_required
def practitioner_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    practitioner = _practitioner(request, pk)
    checks = {c.code: c for c in ProfileCheck.objects.filter(profile__user=practitioner)}
    form = ProfileChecklistForm(request.POST or None, role=practitioner.role, checks=checks)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_checklist_save(
                profile=services.practitioner_profile_for(practitioner),
                entries=form.entries(),
                by=request.user,
            )
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Annex 1 checklist saved.")
            return redirect("quality:practitioner-detail", pk=practitioner.pk)
    return render(
        request, "quality/checklist_form.html", {"form": form, "practitioner": practitioner}
    )


# Facilitator peer groups -----------------------------------------------------------------------


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


# Evaluation surveys (Impact Assessment & Evaluation) -------------------------------------------


@hub_staff_required
def evaluation(request: HttpRequest) -> HttpResponse:
    year = selected_year(request)  # PY-2: the picked year, else the default one
    return render(
        request,
        "quality/evaluation.html",
        {"year": year, "lists": selectors.evaluation_lists(request.user, year=year)},
    )


# Carrying on (Post-Programme Sustainability) ---------------------------------------------------


@hub_staff_required
def alumni_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "quality/alumni_list.html", {"lines": selectors.alumni_cohorts(request.user)}
    )


def _ended_cohort(request, pk: int) -> Cohort:
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    if not selectors.cohort_is_completed(cohort):
        raise Http404("This cohort has not finished yet.")
    return cohort


def _alumni_cohort_page(request, cohort, *, form=None, status=200):
    members = selectors.alumni_members(cohort).order_by("last_name", "first_name")
    context = {
        "cohort": cohort,
        "completed_on": selectors.cohort_completed_on(cohort),
        "lines": selectors.cohort_alumni(cohort),
        "sessions": list(cohort.continuing_sessions.prefetch_related("attendees")),
        "form": form or ContinuingSessionForm(members=members),
    }
    return render(request, "quality/alumni_cohort.html", context, status=status)


@hub_staff_required
def alumni_cohort(request: HttpRequest, pk: int) -> HttpResponse:
    return _alumni_cohort_page(request, _ended_cohort(request, pk))


@require_POST
@hub_staff_required
def alumni_invite(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _ended_cohort(request, pk)
    try:
        sent = services.alumni_invitations_send(cohort=cohort)
    except ValidationError as error:
        error_messages(request, error, named=False)
    else:
        messages.success(request, f"{sent} invitation(s) sent; nobody is emailed twice.")
    return redirect("quality:alumni-cohort", pk=cohort.pk)


@require_POST
@hub_staff_required
def continuing_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _ended_cohort(request, pk)
    form = ContinuingSessionForm(request.POST, members=selectors.alumni_members(cohort))
    if form.is_valid():
        try:
            services.continuing_session_record(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Session recorded: this cohort lives on.")
            return redirect("quality:alumni-cohort", pk=cohort.pk)
    return _alumni_cohort_page(request, cohort, form=form, status=400)
