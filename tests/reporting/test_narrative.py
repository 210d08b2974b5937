"""KPI-2: the hub writes a supporting narrative on a draft return, beside the month's hot-topic
notes from facilitators; it is frozen with the return once submitted and goes with every
export of the return."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.exports import return_rows
from reporting.models import KpiReturn
from reporting.services import (
    kpi_return_submit,
    kpi_return_write_narrative,
    kpi_returns_compile,
)
from sessions.models import Session, SessionNote, SessionStatus
from tests.reporting.test_views_returns import NOW, OCTOBER, load, messages_of, signed_in, staff

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.SESSION_COOKIE_AGE = settings.SESSION_ABSOLUTE_SECONDS = 365 * 24 * 3600
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def returns():
    """Two hubs' October returns, compiled and still drafts."""
    load()
    kpi_returns_compile(month=OCTOBER)
    return {r.hub.slug: r for r in KpiReturn.objects.select_related("hub")}


def narrative_url(kpi_return) -> str:
    return reverse("reporting:return-narrative", args=[kpi_return.pk])


def test_hub_staff_write_the_narrative_on_a_draft(client, returns):
    kpi_return = returns["h0"]
    signed_in(client, staff("h0"))
    response = client.post(narrative_url(kpi_return), {"narrative": "  Two cohorts started.  "})
    assert response.status_code == 302
    assert messages_of(response) == ["The narrative was saved. Submit the return when it is ready."]
    kpi_return.refresh_from_db()
    assert kpi_return.narrative == "Two cohorts started."
    assert return_rows(kpi_return)[-1] == [
        "narrative",
        "Supporting narrative",
        kpi_return.narrative,
    ]
    page = client.get(reverse("reporting:return-detail", args=[kpi_return.pk]))
    assert "Two cohorts started." in page.content.decode()


def test_a_submitted_returns_narrative_is_frozen(client, returns):
    kpi_return = returns["h0"]
    kpi_return_write_narrative(kpi_return=kpi_return, narrative="As sent.", by=staff("h0"))
    kpi_return_submit(kpi_return=kpi_return, by=staff("h0"))
    with pytest.raises(ValidationError) as refused:
        kpi_return_write_narrative(kpi_return=kpi_return, narrative="Changed.", by=staff("h0"))
    assert "Re-open the return first" in refused.value.message_dict["narrative"][0]
    signed_in(client, staff("h0"))
    response = client.post(narrative_url(kpi_return), {"narrative": "Changed again."})
    assert any("can no longer be changed" in m for m in messages_of(response))
    assert KpiReturn.objects.get(pk=kpi_return.pk).narrative == "As sent."
    page = client.get(reverse("reporting:return-detail", args=[kpi_return.pk])).content.decode()
    assert 'id="narrative-form"' not in page and "As sent." in page


def test_another_hub_cannot_write_it(client, returns):
    signed_in(client, staff("h1"))
    assert client.post(narrative_url(returns["h0"]), {"narrative": "x"}).status_code == 404
    assert KpiReturn.objects.get(pk=returns["h0"].pk).narrative == ""


def test_the_months_hot_topic_notes_are_listed_beside_it(client, returns):
    kpi_return = returns["h0"]
    in_month, other_month = Session.objects.filter(cohort__hub__slug="h0").order_by("pk")[:2]
    Session.objects.filter(pk=in_month.pk).update(
        starts_at=datetime(2021, 10, 12, 10, tzinfo=LONDON), status=SessionStatus.DELIVERED
    )
    Session.objects.filter(pk=other_month.pk).update(
        starts_at=datetime(2021, 9, 14, 10, tzinfo=LONDON), status=SessionStatus.DELIVERED
    )
    SessionNote.objects.create(session=in_month, hot_topics="Energy prices")
    SessionNote.objects.create(session=other_month, hot_topics="Not this month")
    signed_in(client, staff("h0"))
    page = client.get(reverse("reporting:return-detail", args=[kpi_return.pk]))
    assert [note.hot_topics for note in page.context["hot_topic_notes"]] == ["Energy prices"]
    assert "Energy prices" in page.content.decode()
