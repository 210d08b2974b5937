"""Reads of the programme structure, with the access scope applied."""

from django.db.models import QuerySet

from .access import scope_to_hub
from .models import Cluster, GrowthHub, ProgrammeYear


def growth_hubs_for(user) -> QuerySet[GrowthHub]:
    return scope_to_hub(GrowthHub.objects.select_related("cluster"), user)


def clusters_for(user) -> QuerySet[Cluster]:
    return scope_to_hub(Cluster.objects.all(), user).distinct()


def programme_years_for(user) -> QuerySet[ProgrammeYear]:
    return scope_to_hub(ProgrammeYear.objects.all(), user)
