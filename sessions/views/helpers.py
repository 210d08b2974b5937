"""What the staff schedule pages share: the cohort a page is about."""

from django.shortcuts import get_object_or_404

from cohorts.models import Cohort
from cohorts.selectors import cohorts_for, cohorts_with_schedule_totals


def staff_cohort(request, pk: int) -> Cohort:
    """One of the user's cohorts, with its schedule totals; anyone else's is a 404."""
    return get_object_or_404(cohorts_with_schedule_totals(cohorts_for(request.user)), pk=pk)
