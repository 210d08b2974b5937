import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_programme_year_and_the_hubs_target(
    staff_client, programme_year, hub, other_hub
):
    response = staff_client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2021/22" in body
    assert hub.name in body
    assert other_hub.name not in body


def test_it_runs_a_constant_number_of_queries(
    staff_client, programme_year, hub, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        staff_client.get(reverse("home"))


def test_it_serves_the_login_page_with_vendored_assets_only(client):
    body = client.get(reverse("login")).content.decode()
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in body
    assert "https://" not in body and "http://" not in body.replace("http://www.w3.org", "")
