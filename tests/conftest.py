import pytest

from tests.peernetworks.factories import (
    GrowthHubFactory,
    NationalCoordinatorFactory,
    ProgrammeYearFactory,
    UserFactory,
)


@pytest.fixture
def programme_year(db):
    return ProgrammeYearFactory()


@pytest.fixture
def hub(db):
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def other_hub(db):
    return GrowthHubFactory(slug="lcr", name="Liverpool City Region Growth Hub")


@pytest.fixture
def hub_staff(hub):
    return UserFactory(username="gm-staff", hub=hub)


@pytest.fixture
def other_hub_staff(other_hub):
    return UserFactory(username="lcr-staff", hub=other_hub)


@pytest.fixture
def national_coordinator(db):
    return NationalCoordinatorFactory(username="national")


@pytest.fixture
def staff_client(client, hub_staff):
    client.force_login(hub_staff)
    return client
