from datetime import date

import factory
from django.utils import timezone

from participants.models import Business, Participant
from tests.peernetworks.factories import GrowthHubFactory, ProgrammeYearFactory


class BusinessFactory(factory.django.DjangoModelFactory):
    """An eligible small business by default (ELIG-1..4 comfortably met)."""

    class Meta:
        model = Business

    hub = factory.SubFactory(GrowthHubFactory)
    name = factory.Sequence(lambda n: f"Business {n} Ltd")
    postcode = factory.Sequence(lambda n: f"M{n % 90 + 1} 1AA")
    trading_address = "1 High Street, Manchester"
    sic_code = "25620"
    legal_form = "ltd"
    trading_start_date = date(2012, 5, 1)
    employees_full_time = 9
    employees_part_time_permanent = 2
    associates_freelancers = 0
    pays_staff_via_paye = True
    turnover_gbp = 850_000
    balance_sheet_total_gbp = 300_000
    trading_address_in_hub_area = True


class ParticipantFactory(factory.django.DjangoModelFactory):
    """Registered, but not yet assessed: call participants.services.participant_assess."""

    class Meta:
        model = Participant

    business = factory.SubFactory(BusinessFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory)
    first_name = "Ann"
    last_name = factory.Sequence(lambda n: f"Shaw{n}")
    email = factory.Sequence(lambda n: f"ann{n}@example.org")
    job_title = "Managing Director"
    is_senior_decision_maker = True
    aspiration_to_improve = True
    previous_participation = "none"
    business_already_has_participant = False
    registered_on = date(2021, 6, 1)
    privacy_acknowledged_at = factory.LazyFunction(timezone.now)
    evaluation_consent = True
    charter_signed_at = factory.LazyFunction(timezone.now)


def assessed_participant(**kwargs) -> Participant:
    """A participant with their eligibility assessed through the service, as registration does."""
    from participants.services import participant_assess

    participant = ParticipantFactory(**kwargs)
    participant_assess(participant=participant, trigger="test")
    participant.refresh_from_db()
    return participant
