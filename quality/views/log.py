"""The quality log: feedback, complaints and compliments (QM-3), each with an owner, a
resolve-by date, its actions and its history.

Thin views for hub staff: reads go through quality/selectors (the access scope: another hub's
object is a 404), writes through quality/services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.selectors import cohorts_for
from peernetworks.web import form_errors_from, hub_staff_required

from .. import selectors, services
from ..forms import (
    QualityActionForm,
    QualityAssignForm,
    QualityItemForm,
    QualityReopenForm,
    QualityResolveForm,
)
from ..models import QualityAction, QualityItem, QualityItemStatus

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
