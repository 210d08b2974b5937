import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from demo.structure import year_name, year_start_covering
from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User

pytestmark = pytest.mark.django_db


def test_it_loads_englands_38_growth_hubs_and_the_demo_logins():
    call_command("seed_demo", "--scale", "small")
    assert GrowthHub.objects.count() == 38
    assert Cluster.objects.count() == 9
    year = ProgrammeYear.current()
    targets = HubYear.objects.filter(programme_year=year)
    assert targets.aggregate(total=Sum("target_participants"))["total"] == 6000
    start = year_start_covering(timezone.localdate())
    assert (year.name, year.start, year.end) == (
        year_name(start),
        start,
        start.replace(year=start.year + 1, day=31, month=3),
    )
    assert year == ProgrammeYear.running()
    assert year.cohort_max == 11 and year.group_hours_required == 18
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}


def test_it_is_idempotent():
    call_command("seed_demo")
    counts = (GrowthHub.objects.count(), User.objects.count(), ProgrammeYear.objects.count())
    call_command("seed_demo")
    assert (
        GrowthHub.objects.count(),
        User.objects.count(),
        ProgrammeYear.objects.count(),
    ) == counts


def test_it_skips_a_database_that_already_holds_a_programme(capsys):
    call_command("seed_demo")
    call_command("seed_demo", "--if-empty")
    assert "already holds a programme" in capsys.readouterr().out


def test_it_refuses_fewer_than_one_year():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", "--years", "0")
