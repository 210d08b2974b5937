"""The KPI returns pages (KPI-1, KPI-4): who may see and act (SPEC §1), compile now, submit on
time and late with frozen time, re-open with a reason, the staff home page's returns, queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from peernetworks.models import User
from reporting.interchange.importer import programme_import
from reporting.kpi import KPI_FIELDS
from reporting.models import KpiReturn, ReturnAction, ReturnStatus
from reporting.services import kpi_return_submit, kpi_returns_compile
from tests.peernetworks.factories import FacilitatorFactory, NationalCoordinatorFactory
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
OCTOBER = date(2021, 10, 1)
NOW = datetime(2021, 11, 3, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen(settings):
    # Staff stay signed in while the clock moves.
    settings.SESSION_COOKIE_AGE = settings.SESSION_ABSOLUTE_SECONDS = 365 * 24 * 3600
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def load(seed: int = 1, hubs: int = 2, prefix: str = "") -> None:
    data = programme(seed, hubs=hubs, prefix=prefix)
    if prefix:
        data["clusters"] = []  # the clusters exist already
    programme_import(data)


@pytest.fixture
def returns():
    """Two hubs (h0 in the north cluster, h1 in the south) with October compiled."""
    load()
    kpi_returns_compile(month=OCTOBER)
    return {r.hub.slug: r for r in KpiReturn.objects.select_related("hub")}


def staff(slug: str = "h0") -> User:
    return User.objects.get(username=f"{slug}-staff")


def signed_in(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_sends_anonymous_visitors_to_the_login_page(client, returns):
    for url in (
        reverse("reporting:return-list"),
        reverse("reporting:return-detail", args=[returns["h0"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_refuses_facilitators(client, returns):
    signed_in(client, FacilitatorFactory(hub=returns["h0"].hub))
    assert client.get(reverse("reporting:return-list")).status_code == 403
    detail = reverse("reporting:return-detail", args=[returns["h0"].pk])
    assert client.get(detail).status_code == 403


def test_it_lists_only_the_hubs_own_returns_with_status_in_words(client, returns):
    signed_in(client, staff("h0"))
    page = client.get(reverse("reporting:return-list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert [r.pk for r in page.context["page"]] == [returns["h0"].pk]
    assert "Hub 0" in body and "Hub 1" not in body
    assert "Draft" in body and "7 Nov 2021" in body


def test_it_answers_404_for_another_hubs_return(client, returns):
    signed_in(client, staff("h0"))
    other = returns["h1"].pk
    assert client.get(reverse("reporting:return-detail", args=[other])).status_code == 404
    for name in ("return-submit", "return-recompile"):
        assert client.post(reverse(f"reporting:{name}", args=[other])).status_code == 404
    reopen = reverse("reporting:return-reopen", args=[other])
    assert client.post(reopen, {"reason": "x"}).status_code == 404
    assert KpiReturn.objects.get(pk=other).status == ReturnStatus.DRAFT


def test_it_shows_every_figure_and_the_history(client, returns):
    kpi_return = returns["h0"]
    signed_in(client, staff("h0"))
    page = client.get(reverse("reporting:return-detail", args=[kpi_return.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    names = [name for name, _, _ in page.context["figures"]]
    assert names == KPI_FIELDS
    for name in names:
        assert f'<code class="small text-body-secondary">{name}</code>' in body
    assert "Compiled" in body
    assert [r.action for r in page.context["revisions"]] == [ReturnAction.COMPILED]
    assert "Submit" in body and "Compile now" in body


def test_the_national_coordinator_reads_every_return_but_cannot_act(client, returns):
    signed_in(client, NationalCoordinatorFactory())
    page = client.get(reverse("reporting:return-list"))
    assert {r.pk for r in page.context["page"]} == {r.pk for r in returns.values()}
    assert page.context["compile_form"] is None
    detail = client.get(reverse("reporting:return-detail", args=[returns["h1"].pk]))
    assert detail.status_code == 200
    assert b"return-submit" not in detail.content and ">Submit<" not in detail.content.decode()
    pk = returns["h1"].pk
    assert client.post(reverse("reporting:return-submit", args=[pk])).status_code == 403
    assert client.post(reverse("reporting:return-recompile", args=[pk])).status_code == 403
    reopen = reverse("reporting:return-reopen", args=[pk])
    assert client.post(reopen, {"reason": "Because"}).status_code == 403
    compile_url = reverse("reporting:return-compile")
    assert client.post(compile_url, {"month": "2021-10"}).status_code == 403
    assert KpiReturn.objects.get(pk=pk).status == ReturnStatus.DRAFT


def test_the_national_coordinator_filters_by_hub_and_status(client, returns):
    signed_in(client, NationalCoordinatorFactory())
    page = client.get(reverse("reporting:return-list"), {"hub": "h1", "status": "draft"})
    assert [r.pk for r in page.context["page"]] == [returns["h1"].pk]
    page = client.get(reverse("reporting:return-list"), {"status": "overdue"})
    assert list(page.context["page"]) == []


@pytest.mark.parametrize(
    ("moment", "status", "words"),
    [
        (datetime(2021, 11, 7, 23, 59, tzinfo=LONDON), "submitted_on_time", "Submitted on time"),
        (datetime(2021, 11, 8, 0, 1, tzinfo=LONDON), "submitted_late", "Submitted late"),
    ],
)
def test_it_submits_on_time_up_to_the_due_date_and_late_after(
    client, returns, frozen, moment, status, words
):
    kpi_return = returns["h0"]
    frozen.move_to(moment)
    signed_in(client, staff("h0"))
    response = client.post(reverse("reporting:return-submit", args=[kpi_return.pk]))
    assert response.status_code == 302
    kpi_return.refresh_from_db()
    assert kpi_return.status == status
    assert kpi_return.submitted_by == staff("h0")
    page = client.get(response["Location"])
    assert words in page.content.decode()
    assert f"was {words.lower()}" in " ".join(messages_of(page))


def test_it_shows_an_unsubmitted_return_overdue_after_its_due_date(client, returns, frozen):
    frozen.move_to(datetime(2021, 11, 8, 9, tzinfo=LONDON))
    signed_in(client, staff("h0"))
    page = client.get(reverse("reporting:return-detail", args=[returns["h0"].pk]))
    assert '<span class="badge text-bg-danger">Overdue</span>' in page.content.decode()


def test_submitting_twice_is_a_message_not_an_error(client, returns):
    kpi_return = returns["h0"]
    signed_in(client, staff("h0"))
    url = reverse("reporting:return-submit", args=[kpi_return.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Status: This return has already been submitted." in messages_of(response)


def test_it_reopens_only_with_a_reason_and_records_it(client, returns):
    kpi_return = returns["h0"]
    kpi_return_submit(kpi_return=kpi_return, by=staff("h0"))
    signed_in(client, staff("h0"))
    url = reverse("reporting:return-reopen", args=[kpi_return.pk])
    response = client.post(url, {"reason": "   "}, follow=True)
    assert response.status_code == 200
    assert any(m.startswith("Reason for re-opening:") for m in messages_of(response))
    kpi_return.refresh_from_db()
    assert kpi_return.is_submitted

    response = client.post(url, {"reason": "A late attendance correction"}, follow=True)
    kpi_return.refresh_from_db()
    assert kpi_return.status == ReturnStatus.DRAFT
    revision = kpi_return.revisions.filter(action=ReturnAction.REOPENED).get()
    assert revision.reason == "A late attendance correction"
    assert revision.by == staff("h0")
    assert "A late attendance correction" in response.content.decode()


def test_reopening_a_draft_is_a_message_naming_the_field(client, returns):
    signed_in(client, staff("h0"))
    url = reverse("reporting:return-reopen", args=[returns["h0"].pk])
    response = client.post(url, {"reason": "Why not"}, follow=True)
    assert "Status: Only a submitted return can be re-opened." in messages_of(response)


def test_compile_now_makes_and_updates_the_hubs_return_only(client):
    load()
    signed_in(client, staff("h0"))
    response = client.post(reverse("reporting:return-compile"), {"month": "2021-10"})
    kpi_return = KpiReturn.objects.get()
    assert kpi_return.hub.slug == "h0" and kpi_return.month == OCTOBER
    assert response["Location"] == reverse("reporting:return-detail", args=[kpi_return.pk])
    assert kpi_return.revisions.get().by == staff("h0")
    # A draft is updated in place from its own page (KPI-4).
    KpiReturn.objects.filter(pk=kpi_return.pk).update(participants_registered=999)
    client.post(reverse("reporting:return-recompile", args=[kpi_return.pk]))
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered != 999
    assert KpiReturn.objects.count() == 1


def test_compile_now_leaves_a_submitted_return_frozen(client, returns):
    kpi_return = returns["h0"]
    kpi_return_submit(kpi_return=kpi_return, by=staff("h0"))
    KpiReturn.objects.filter(pk=kpi_return.pk).update(participants_registered=999)
    signed_in(client, staff("h0"))
    response = client.post(reverse("reporting:return-recompile", args=[kpi_return.pk]), follow=True)
    assert any("re-open it first" in m for m in messages_of(response))
    response = client.post(reverse("reporting:return-compile"), {"month": "2021-10"}, follow=True)
    assert any("left as it is" in m for m in messages_of(response))
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered == 999


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("October", "Month: Give the month as YYYY-MM"),
        ("2021-12", "Month: That month has not started yet."),
        ("2030-01", "Month: That month has not started yet."),
        ("2019-01", "Month: No programme year covers January 2019."),
    ],
)
def test_compile_now_reports_bad_months_as_messages(client, month, message):
    load()
    signed_in(client, staff("h0"))
    response = client.post(reverse("reporting:return-compile"), {"month": month}, follow=True)
    assert response.status_code == 200
    assert any(m.startswith(message) for m in messages_of(response)), messages_of(response)
    assert not KpiReturn.objects.exists()


def test_actions_are_post_only(client, returns):
    signed_in(client, staff("h0"))
    url = reverse("reporting:return-submit", args=[returns["h0"].pk])
    assert client.get(url).status_code == 405


def test_the_home_page_lists_returns_due_and_overdue(client, returns, frozen):
    september = date(2021, 9, 1)
    kpi_returns_compile(month=september, hub_slug="h0")
    signed_in(client, staff("h0"))
    body = client.get(reverse("home")).content.decode()
    section = body[body.index('id="kpi-returns"') :]
    overdue = reverse("reporting:return-detail", args=[KpiReturn.objects.get(month=september).pk])
    due = reverse("reporting:return-detail", args=[returns["h0"].pk])
    assert "Overdue" in section and overdue in section  # due 7 October, never submitted
    assert 'class="badge text-bg-danger"' in section
    assert due in section and "draft, due Sunday 7 Nov 2021" in section
    assert reverse("reporting:return-detail", args=[returns["h1"].pk]) not in body

    kpi_return_submit(kpi_return=returns["h0"], by=staff("h0"))
    body = client.get(reverse("home")).content.decode()
    assert due not in body[body.index('id="kpi-returns"') :]


def test_the_home_page_shows_the_national_coordinator_every_hubs_returns(client, returns):
    signed_in(client, NationalCoordinatorFactory())
    body = client.get(reverse("home")).content.decode()
    for kpi_return in returns.values():
        assert reverse("reporting:return-detail", args=[kpi_return.pk]) in body


@pytest.mark.parametrize("hubs", [1, 6])
def test_the_pages_run_a_constant_number_of_queries(client, hubs, django_assert_max_num_queries):
    load(seed=hubs, hubs=hubs)
    for month in (date(2021, 8, 1), date(2021, 9, 1), OCTOBER):
        kpi_returns_compile(month=month)
        kpi_returns_compile(month=month)
    kpi_return = KpiReturn.objects.filter(hub__slug="h0", month=OCTOBER).get()
    kpi_return_submit(kpi_return=kpi_return, by=staff("h0"))
    signed_in(client, NationalCoordinatorFactory())
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reporting:return-list")).status_code == 200
    with django_assert_max_num_queries(7):
        assert (
            client.get(reverse("reporting:return-detail", args=[kpi_return.pk])).status_code == 200
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
