"""Signposting from the facilitator portal (OTO-8): a member's facilitator records a referral
to other business support, through the same service and form as providers (recorded by the
facilitator). The project shell mounts it in the facilitator portal.

Access is the portal's: only a current member of a cohort the user leads or supports (hub
staff: their hub's cohorts); anyone else gets a 404 (SPEC §1).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cohorts.models import CohortMembership
from peernetworks.web import portal_required
from sessions.selectors import portal_participant_in

from ..forms import ReferralForm, form_apply
from ..selectors import referrals_of, support_services_offered
from ..services import referral_record


@portal_required
def participant_signpost(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    try:
        membership = portal_participant_in(request.user, cohort_pk, pk)
    except CohortMembership.DoesNotExist:
        raise Http404("No such member of your cohorts.") from None
    participant = membership.participant
    services = list(support_services_offered(participant.business.hub_id))
    form = ReferralForm(request.POST or None, prefix="referral", services=services)
    if request.method == "POST":
        referral = form_apply(
            form,
            lambda _data: referral_record(
                participant=participant, by=request.user, **form.referral_kwargs()
            ),
        )
        if referral is not None:
            messages.success(
                request, f"{participant.full_name} signposted to {referral.where}: recorded."
            )
            return redirect("facilitator:cohort-detail", pk=membership.cohort_id)
        messages.error(request, "Not recorded: see the form below.")
    return render(
        request,
        "one_to_one/signpost.html",
        {
            "membership": membership,
            "form": form,
            "services": services,
            "referrals": referrals_of(participant),
        },
    )
