import pytest

from tests.gdpr.world import populate
from tests.participants.factories import BusinessFactory, ParticipantFactory


@pytest.fixture
def subject(hub, programme_year):
    """A fully populated participant of `hub` (the hub_staff fixture's hub)."""
    participant = ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=programme_year
    )
    return populate(participant)
