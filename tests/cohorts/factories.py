import factory

from cohorts.models import Cohort, CohortMembership
from cohorts.services import cohort_allocate
from tests.participants.factories import BusinessFactory, assessed_participant
from tests.peernetworks.factories import FacilitatorFactory, GrowthHubFactory, ProgrammeYearFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    hub = factory.SubFactory(GrowthHubFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    lead_facilitator = factory.LazyAttribute(lambda o: FacilitatorFactory(hub=o.hub))
    platform = "zoom"
    joining_link = "https://zoom.example/j/123"


def ready_participant(hub, **kwargs):
    """An eligible participant with privacy acknowledged and charter signed (COH-2)."""
    return assessed_participant(business=BusinessFactory(hub=hub), **kwargs)


def cohort_with_members(count: int, **cohort_kwargs) -> tuple[Cohort, list[CohortMembership]]:
    """A cohort with `count` members allocated through the service."""
    cohort = CohortFactory(**cohort_kwargs)
    memberships = [
        cohort_allocate(cohort=cohort, participant=ready_participant(cohort.hub))
        for _ in range(count)
    ]
    return cohort, memberships
