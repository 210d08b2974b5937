"""KPI-3 and KPI-6 dashboards: hub staff see their hub; the national coordinator sees the
nation and each cluster (a cluster selector). Charts with the same numbers as tables."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peernetworks.web import selected_year, staff_required

from ..dashboards import STATUS_ORDER, UnknownCluster, dashboard_for
from ..forms import ClusterChoiceForm


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    cluster_slug = request.GET.get("cluster", "")
    try:
        board = dashboard_for(
            request.user,
            cluster_slug=cluster_slug,
            today=timezone.localdate(),
            year=selected_year(request),
        )
    except UnknownCluster as error:
        raise Http404("No such cluster.") from error
    chooser = None
    if board.clusters:
        chooser = ClusterChoiceForm({"cluster": cluster_slug}, clusters=board.clusters)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "board": board,
            "charts": board.charts(),
            "chooser": chooser,
            "statuses": STATUS_ORDER,
        },
    )
