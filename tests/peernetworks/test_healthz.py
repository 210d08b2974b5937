import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(CELERY_BROKER_URL="")
def test_it_reports_the_database_and_an_unconfigured_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("not configured")


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_it_fails_when_the_configured_broker_is_unreachable(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
