import pytest
from django.core.management import call_command

from peernetworks.models import Cluster, GrowthHub, ProgrammeYear, Role, User

pytestmark = pytest.mark.django_db


def test_it_loads_englands_38_growth_hubs_and_the_demo_logins():
    call_command("seed_demo", "--scale", "small")
    assert GrowthHub.objects.count() == 38
    assert Cluster.objects.count() == 9
    assert sum(GrowthHub.objects.values_list("target_participants", flat=True)) == 6000
    year = ProgrammeYear.current()
    assert (year.name, str(year.start), str(year.end)) == ("2021/22", "2021-04-01", "2022-03-31")
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
