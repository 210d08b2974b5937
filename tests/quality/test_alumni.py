"""Post-Programme Sustainability: members of an ended cohort opt in (explicit, withdrawable)
through their personal link to see each other; nobody sees what was not shared; hubs record the
sessions cohorts go on to hold."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.links import home_token
from quality.models import AlumniConsent, ContinuingSession
from quality.selectors import alumni_visible_to
from quality.services import (
    alumni_invitations_send,
    alumni_opt_in,
    alumni_token,
    alumni_url,
    alumni_withdraw,
    continuing_session_record,
)
from tests.cohorts.factories import cohort_with_members
from tests.peernetworks.factories import FacilitatorFactory
from tests.quality.factories import ended_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(hub, programme_year):
    cohort, people, _ = ended_cohort(hub=hub, members=3, name="Manchester Makers")
    ann, ben, cat = people
    for person, first, business, phone in (
        (ann, "Ann", "Bakewell Bakery Ltd", "0161 000 0001"),
        (ben, "Ben", "Bolton Bikes Ltd", "0161 000 0002"),
        (cat, "Cat", "Chorlton Cameras Ltd", "0161 000 0003"),
    ):
        person.first_name, person.phone = first, phone
        person.save()
        person.business.name = business
        person.business.save()
    return cohort, ann, ben, cat


def names(cards) -> set[str]:
    return {card.name.split()[0] for card in cards}


def test_it_shows_opted_in_members_to_each_other_only(cohort):
    cohort, ann, ben, cat = cohort
    alumni_opt_in(cohort=cohort, participant=ann)
    assert alumni_visible_to(cohort, ann) == []  # nobody else yet
    alumni_opt_in(cohort=cohort, participant=ben)

    assert names(alumni_visible_to(cohort, ann)) == {"Ben"}
    assert names(alumni_visible_to(cohort, ben)) == {"Ann"}
    assert alumni_visible_to(cohort, cat) == []  # did not opt in: sees nobody


def test_it_shares_only_the_contact_details_chosen(cohort):
    cohort, ann, ben, _ = cohort
    alumni_opt_in(cohort=cohort, participant=ann)
    alumni_opt_in(cohort=cohort, participant=ben, share_phone=True, other_contact="WhatsApp group")

    (ben_card,) = alumni_visible_to(cohort, ann)
    assert (ben_card.business, ben_card.phone, ben_card.other_contact) == (
        "Bolton Bikes Ltd",
        "0161 000 0002",
        "WhatsApp group",
    )
    assert ben_card.email == ""
    (ann_card,) = alumni_visible_to(cohort, ben)
    assert (ann_card.email, ann_card.phone, ann_card.other_contact) == ("", "", "")


def test_it_hides_a_member_at_once_when_they_withdraw(cohort):
    cohort, ann, ben, _ = cohort
    alumni_opt_in(cohort=cohort, participant=ann)
    alumni_opt_in(cohort=cohort, participant=ben, share_email=True)
    assert alumni_withdraw(cohort=cohort, participant=ben)
    assert not alumni_withdraw(cohort=cohort, participant=ben)

    assert alumni_visible_to(cohort, ann) == []
    assert alumni_visible_to(cohort, ben) == []
    consent = AlumniConsent.objects.get(participant=ben)
    assert consent.withdrawn_at and not consent.share_email  # choices cleared too

    alumni_opt_in(cohort=cohort, participant=ben)  # a fresh consent
    (card,) = alumni_visible_to(cohort, ann)
    assert card.email == ""


def test_it_hides_a_member_who_leaves_or_drops_out(cohort):
    cohort, ann, ben, cat = cohort
    for person in (ann, ben, cat):
        alumni_opt_in(cohort=cohort, participant=person)
    cat.dropped_out_on = date(2021, 9, 30)
    cat.save()
    assert names(alumni_visible_to(cohort, ann)) == {"Ben"}


def test_it_opens_only_when_the_cohort_has_ended(hub, programme_year):
    cohort, memberships = cohort_with_members(2, hub=hub)
    with pytest.raises(ValidationError):
        alumni_opt_in(cohort=cohort, participant=memberships[0].participant)
    with pytest.raises(ValidationError):
        alumni_invitations_send(cohort=cohort)


def test_it_refuses_someone_outside_the_cohort(cohort, hub):
    cohort, *_ = cohort
    _, strangers, _ = ended_cohort(hub=hub, members=1)
    with pytest.raises(ValidationError):
        alumni_opt_in(cohort=cohort, participant=strangers[0])


# The participant's page ----------------------------------------------------------------------


def test_it_asks_for_consent_and_shows_nobody_before_it(client, cohort):
    cohort, ann, ben, cat = cohort
    alumni_opt_in(cohort=cohort, participant=ben)
    page = client.get(alumni_url(cat, cohort))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Stay in touch with Manchester Makers, Cat?" in text
    assert "Ben" not in text and "Bikes" not in text
    assert page["Referrer-Policy"] == "same-origin" and "no-cache" in page["Cache-Control"]


def test_it_opts_in_through_the_link_and_shows_the_others(client, cohort):
    cohort, ann, ben, cat = cohort
    alumni_opt_in(cohort=cohort, participant=ben)
    url = alumni_url(ann, cohort)

    refused = client.post(url, {"action": "opt_in"})  # consent must be ticked
    assert refused.status_code == 200 and not AlumniConsent.objects.filter(participant=ann)

    response = client.post(url, {"action": "opt_in", "consent": "on", "share_email": "on"})
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert "Ben" in text and "Bolton Bikes Ltd" in text
    assert "Cat" not in text and "Cameras" not in text  # did not opt in: invisible
    assert ben.email not in text and "0161 000 0002" not in text  # Ben chose to share neither
    assert AlumniConsent.objects.get(participant=ann).share_email

    client.post(url, {"action": "withdraw"})
    assert "Bolton Bikes" not in client.get(url).content.decode()
    assert alumni_visible_to(cohort, ben) == []


def test_it_opens_no_other_page_and_no_altered_link(client, cohort):
    cohort, ann, *_ = cohort
    token = alumni_token(ann, cohort)
    altered = token[:-3] + ("xyz" if token[-3:] != "xyz" else "abc")
    assert client.get(reverse("quality:alumni-page", args=[altered])).status_code == 404
    # The personal home link opens no alumni page, and the alumni link no home page.
    assert client.get(reverse("quality:alumni-page", args=[home_token(ann)])).status_code == 404
    assert client.get(reverse("my:home", args=[token])).status_code == 404


def test_it_refuses_a_link_to_a_cohort_still_running(client, hub, programme_year):
    cohort, memberships = cohort_with_members(1, hub=hub)
    page = client.get(alumni_url(memberships[0].participant, cohort))
    assert page.status_code == 404
    assert "when your cohort has finished" in page.content.decode()


def test_it_expires_a_very_old_link(client, cohort):
    cohort, ann, *_ = cohort
    url = alumni_url(ann, cohort)
    with time_machine.travel(timezone.now() + timedelta(days=401)):
        assert client.get(url).status_code == 410


@pytest.mark.parametrize(("days", "after", "status"), [(30, 29, 200), (30, 31, 410)])
def test_it_keeps_the_link_for_the_cohorts_programme_year_days(
    client, cohort, programme_year, days, after, status
):
    """The lifetime is the cohort's programme year's `alumni_link_days`."""
    cohort, ann, *_ = cohort
    programme_year.alumni_link_days = days
    programme_year.save()
    url = alumni_url(ann, cohort)
    with time_machine.travel(timezone.now() + timedelta(days=after)):
        assert client.get(url).status_code == status


# Staff -----------------------------------------------------------------------------------------


def test_it_emails_each_member_their_link_once(cohort, mailoutbox, settings):
    settings.SITE_URL = "https://pn.example"
    cohort, ann, ben, cat = cohort
    with time_machine.travel(timezone.now(), tick=False):  # a link's signature has its time
        assert alumni_invitations_send(cohort=cohort) == 3
        assert alumni_invitations_send(cohort=cohort) == 0
        (message,) = [m for m in mailoutbox if m.to == [ann.email]]
        assert "https://pn.example" + alumni_url(ann, cohort) in message.body
    assert AlumniConsent.objects.filter(invited_at__isnull=False).count() == 3
    assert not AlumniConsent.objects.filter(opted_in_at__isnull=False).exists()  # not consent


def test_it_records_sessions_held_after_the_programme(cohort, hub_staff):
    cohort, ann, ben, _ = cohort
    with pytest.raises(ValidationError):
        continuing_session_record(cohort=cohort, held_on=date(2021, 9, 11), topics="Too early")
    session = continuing_session_record(
        cohort=cohort,
        held_on=date(2021, 11, 2),
        topics="Cash flow in winter",
        attendees=[ann, ben],
        by=hub_staff,
    )
    assert session.attendee_count == 2 and set(session.attendees.all()) == {ann, ben}


def test_it_shows_staff_which_cohorts_live_on(staff_client, cohort, hub_staff):
    cohort, ann, ben, _ = cohort
    alumni_opt_in(cohort=cohort, participant=ann)
    response = staff_client.post(
        reverse("quality:continuing-session-add", args=[cohort.pk]),
        {
            "held_on": "2021-11-02",
            "attendees": [ann.pk, ben.pk],
            "attendee_count": 4,
            "topics": "Hiring",
        },
    )
    assert response.status_code == 302
    assert ContinuingSession.objects.get().attendee_count == 4
    (line,) = staff_client.get(reverse("quality:alumni-list")).context["lines"]
    assert (line.cohort, line.members, line.opted_in, line.continuing_sessions) == (cohort, 3, 1, 1)
    assert line.lives_on
    page = staff_client.get(reverse("quality:alumni-cohort", args=[cohort.pk]))
    assert page.status_code == 200 and "Opted in" in page.content.decode()


def test_it_lists_ended_cohorts_in_a_constant_number_of_queries(staff_client, hub, cohort):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("quality:alumni-list")).status_code == 200
        return len(captured)

    few = count()
    for _ in range(3):
        other, people, _ = ended_cohort(hub=hub, members=2)
        alumni_opt_in(cohort=other, participant=people[0])
        continuing_session_record(cohort=other, held_on=date(2021, 12, 1), topics="x")
    assert count() == few


def test_it_keeps_other_hubs_and_facilitators_out(client, cohort, other_hub_staff, hub):
    cohort, *_ = cohort
    client.force_login(other_hub_staff)
    for name in ("quality:alumni-cohort",):
        assert client.get(reverse(name, args=[cohort.pk])).status_code == 404
    for name in ("quality:alumni-invite", "quality:continuing-session-add"):
        assert client.post(reverse(name, args=[cohort.pk])).status_code == 404
    assert client.get(reverse("quality:alumni-list")).context["lines"] == []
    client.force_login(FacilitatorFactory(hub=hub))
    assert client.get(reverse("quality:alumni-cohort", args=[cohort.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("quality:alumni-list")).status_code == 302


def test_it_answers_404_for_a_cohort_still_running(staff_client, hub, programme_year):
    running, _ = cohort_with_members(1, hub=hub)
    assert staff_client.get(reverse("quality:alumni-cohort", args=[running.pk])).status_code == 404
