"""The demo one-to-one support: deterministic, idempotent, within the rules, both routes,
some participants short of the minimum and some over it."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum

from demo.one_to_one import demo_one_to_one
from one_to_one import rules
from one_to_one.models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    SupportDeclined,
)
from one_to_one.selectors import current_cohort_dates
from tests.one_to_one.factories import cohort_with_schedule
from tests.peernetworks.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(programme_year, hub, other_hub):
    """Two hubs: one with a provider and 22 members in two running cohorts plus a cohort that
    has not met; one with no provider."""
    provider = ProviderFactory(hub=hub, username="gm-provider")
    _, running, _ = cohort_with_schedule(hub, members=11)
    _, finished, _ = cohort_with_schedule(hub, members=11)
    _, waiting, _ = cohort_with_schedule(hub, members=2, delivered=0)
    _, elsewhere, _ = cohort_with_schedule(other_hub, members=2)
    return provider, running + finished, waiting, elsewhere


def snapshot():
    return sorted(
        OneToOneSession.objects.values_list(
            "participant__email", "date", "hours", "route", "existing_programme", "mode"
        )
    )


def test_it_supports_participants_whose_cohort_has_met(programme, programme_year, hub, other_hub):
    provider, members, waiting, elsewhere = programme
    demo_one_to_one(programme_year, [hub, other_hub])

    assigned_to = set(ProviderAssignment.objects.values_list("participant", "provider"))
    assert assigned_to == {(p.pk, provider.pk) for p in members}
    assert ProviderDeclaration.objects.count() == len(members)
    supported = set(OneToOneSession.objects.values_list("participant", flat=True))
    assert supported <= {p.pk for p in members}
    assert not supported & {p.pk for p in waiting + elsewhere}  # not met; no provider

    routes = set(OneToOneSession.objects.values_list("route", flat=True))
    assert routes == {"programme", "existing_provision"}
    totals = defaultdict(Decimal)
    for row in OneToOneSession.objects.values("participant").annotate(total=Sum("hours")):
        totals[row["participant"]] = row["total"]
    minimum = programme_year.one_to_one_minimum_hours
    assert any(total >= minimum for total in totals.values())
    assert any(total > minimum for total in totals.values())
    assert any(total < minimum for total in totals.values())
    assert ActionPlan.objects.exists()
    assert SupportDeclined.objects.count() <= len(members) - len(totals)


def test_every_demo_log_keeps_the_rules(programme, programme_year, hub):
    demo_one_to_one(programme_year, [hub])
    for session in OneToOneSession.objects.select_related("participant__programme_year"):
        _cohort, dates = current_cohort_dates(session.participant)
        timing = rules.timing_check(
            day=session.date,
            dates=dates,
            year_start=programme_year.start,
            year_end=programme_year.end,
            window_months=1,
            today=session.date,
        )
        assert timing.ok and timing.warnings == []
        details = rules.details_check(
            hours=session.hours,
            route=session.route,
            has_provider=session.provider_id is not None,
            existing_programme=session.existing_programme,
            nature_of_support=session.nature_of_support,
            mode=session.mode,
        )
        assert details.ok


def test_it_is_idempotent_and_deterministic(programme, programme_year, hub):
    demo_one_to_one(programme_year, [hub])
    first = snapshot()
    demo_one_to_one(programme_year, [hub])
    assert snapshot() == first

    for model in (
        OneToOneSession,
        ProviderAssignment,
        ProviderDeclaration,
        ActionPlan,
        Referral,
        SupportDeclined,
    ):
        model.objects.all().delete()
    demo_one_to_one(programme_year, [hub])
    assert snapshot() == first


def test_it_does_nothing_without_cohorts(programme_year, hub):
    ProviderFactory(hub=hub)
    demo_one_to_one(programme_year, [hub])
    assert not OneToOneSession.objects.exists()
