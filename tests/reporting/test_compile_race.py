"""Two first compiles of the same month at once (the monthly job and a hub's "Compile now")
resolve to one return per hub, not a server error."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from reporting.models import KpiReturn
from reporting.services import kpi_returns_compile
from tests.reporting.test_views_returns import load

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL's concurrency"
    ),
]


def test_two_simultaneous_first_compiles_make_one_return_per_hub():
    load()
    start = threading.Barrier(2)
    errors = []

    def compile_now(hub_slug):
        try:
            start.wait()
            kpi_returns_compile(month=date(2021, 10, 1), hub_slug=hub_slug)
        except Exception as error:  # the assertion below names it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=compile_now, args=(None,)),
        threading.Thread(target=compile_now, args=("h0",)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(KpiReturn.objects.values_list("hub__slug", flat=True)) == ["h0", "h1"]
