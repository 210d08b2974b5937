"""The admin for KPI returns (scoped, figures read-only, compile and submit actions through the
services) and for the export log (read-only)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from peernetworks.models import User
from reporting.exports import export_log
from reporting.interchange.importer import programme_import
from reporting.models import ExportLog, KpiReturn, ReturnStatus
from reporting.services import kpi_returns_compile
from tests.peernetworks.factories import NationalCoordinatorFactory
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
OCTOBER = date(2021, 10, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2021, 11, 3, 10, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def returns():
    programme_import(programme(4, hubs=2))
    kpi_returns_compile(month=OCTOBER)
    return {r.hub.slug: r for r in KpiReturn.objects.select_related("hub")}


def staff(slug: str = "h0") -> User:
    return User.objects.get(username=f"{slug}-staff")


def change_url(obj) -> str:
    return reverse(f"admin:reporting_{obj._meta.model_name}_change", args=[obj.pk])


def test_hub_staff_see_their_hubs_returns_only(client, returns):
    client.force_login(staff("h0"))
    page = client.get(reverse("admin:reporting_kpireturn_changelist"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["cl"].result_list] == [returns["h0"].pk]
    assert client.get(change_url(returns["h0"])).status_code == 200
    assert client.get(change_url(returns["h1"])).status_code == 404
    assert client.get(reverse("admin:reporting_kpireturn_add")).status_code == 403


def test_the_figures_cannot_be_edited_in_the_admin(client, returns):
    kpi_return = returns["h0"]
    client.force_login(staff("h0"))
    page = client.get(change_url(kpi_return))
    assert 'name="participants_registered"' not in page.content.decode()
    client.post(change_url(kpi_return), {"participants_registered": 999})
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered != 999


def test_it_filters_by_status_month_and_hub(client, returns):
    client.force_login(NationalCoordinatorFactory())
    url = reverse("admin:reporting_kpireturn_changelist")
    page = client.get(url, {"month": "2021-10", "status__exact": "draft"})
    assert len(page.context["cl"].result_list) == 2
    page = client.get(url, {"hub__id__exact": returns["h1"].hub_id})
    assert [r.pk for r in page.context["cl"].result_list] == [returns["h1"].pk]


def test_hub_staff_compile_and_submit_through_the_admin_actions(client, returns):
    kpi_return = returns["h0"]
    KpiReturn.objects.filter(pk=kpi_return.pk).update(participants_registered=999)
    client.force_login(staff("h0"))
    url = reverse("admin:reporting_kpireturn_changelist")
    client.post(url, {"action": "compile_selected", "_selected_action": [kpi_return.pk]})
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered != 999
    assert KpiReturn.objects.get(pk=returns["h1"].pk).revisions.count() == 1  # untouched

    client.post(url, {"action": "submit_selected", "_selected_action": [kpi_return.pk]})
    kpi_return.refresh_from_db()
    assert kpi_return.status == ReturnStatus.SUBMITTED_ON_TIME
    response = client.post(
        url, {"action": "submit_selected", "_selected_action": [kpi_return.pk]}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("status: This return has already been submitted." in m for m in messages)


def test_the_national_coordinator_reads_returns_but_has_no_actions(client, returns):
    client.force_login(NationalCoordinatorFactory())
    url = reverse("admin:reporting_kpireturn_changelist")
    page = client.get(url)
    assert len(page.context["cl"].result_list) == 2
    assert client.get(change_url(returns["h1"])).status_code == 200
    client.post(url, {"action": "submit_selected", "_selected_action": [returns["h1"].pk]})
    assert KpiReturn.objects.get(pk=returns["h1"].pk).status == ReturnStatus.DRAFT


def test_the_export_log_is_read_only_and_scoped(client, returns):
    mine = export_log(by=staff("h0"), what="x", fmt="csv", rows=1, hub_id=returns["h0"].hub_id)
    other = export_log(by=staff("h1"), what="y", fmt="csv", rows=1, hub_id=returns["h1"].hub_id)
    client.force_login(staff("h0"))
    page = client.get(reverse("admin:reporting_exportlog_changelist"))
    assert [log.pk for log in page.context["cl"].result_list] == [mine.pk]
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(other)).status_code == 404
    assert client.get(reverse("admin:reporting_exportlog_add")).status_code == 403
    delete = reverse("admin:reporting_exportlog_delete", args=[mine.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(change_url(mine), {"what": "changed"})
    assert ExportLog.objects.get(pk=mine.pk).what == "x"
