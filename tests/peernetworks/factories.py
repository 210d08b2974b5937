from datetime import date

import factory

from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User


class ProgrammeYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeYear
        django_get_or_create = ["name"]

    name = "2021/22"
    start = date(2021, 4, 1)
    end = date(2022, 3, 31)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class GrowthHubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrowthHub
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"hub-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.replace('-', ' ').title()} Growth Hub")
    cluster = factory.SubFactory(ClusterFactory)
    privacy_policy_url = factory.LazyAttribute(lambda o: f"https://{o.slug}.example/privacy")
    contact_email = factory.LazyAttribute(lambda o: f"team@{o.slug}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    role = Role.HUB_STAFF
    hub = factory.SubFactory(GrowthHubFactory)
    is_staff = factory.LazyAttribute(
        lambda o: o.role in (Role.HUB_STAFF, Role.NATIONAL_COORDINATOR)
    )
    password = factory.django.Password("correct-horse-battery")


class NationalCoordinatorFactory(UserFactory):
    role = Role.NATIONAL_COORDINATOR
    hub = None


class FacilitatorFactory(UserFactory):
    role = Role.FACILITATOR


class ProviderFactory(UserFactory):
    role = Role.PROVIDER


class HubYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubYear
        django_get_or_create = ["hub", "programme_year"]

    hub = factory.SubFactory(GrowthHubFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory)
    target_participants = 160
