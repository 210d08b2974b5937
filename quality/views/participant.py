"""The participant's alumni page, reached through their personal link: a member of an ended
cohort opts in (or out) of staying in touch, and sees the other members who opted in."""

from datetime import timedelta

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cohorts.models import Cohort
from participants.links import LinkExpired, LinkGone, LinkInvalid, participant_from_token
from participants.models import Participant
from participants.personal_pages import Unavailable, personal_page

from .. import selectors, services
from ..forms import AlumniConsentForm


def _alumni_link_open(token: str) -> tuple[Participant, Cohort]:
    """The participant and cohort an alumni link names; LinkInvalid or LinkExpired otherwise.
    The link lasts the cohort's programme year's `alumni_link_days`."""
    try:
        participant, extra = participant_from_token(token, services.ALUMNI)
        (cohort_id,) = extra
        if not isinstance(cohort_id, int):
            raise ValueError("unexpected payload")
    except LinkGone as error:
        raise LinkExpired from error  # GDPR-3: erased, gone for good
    except (signing.BadSignature, Participant.DoesNotExist, ValueError, TypeError) as error:
        raise LinkInvalid from error
    cohort = Cohort.objects.select_related("hub", "programme_year").filter(pk=cohort_id).first()
    if cohort is None:
        raise LinkInvalid
    try:
        participant_from_token(
            token,
            services.ALUMNI,
            max_age=timedelta(days=cohort.programme_year.alumni_link_days),
        )
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    return participant, cohort


@personal_page
def alumni_page(request: HttpRequest, token: str) -> HttpResponse:
    """Post-Programme Sustainability: a member of an ended cohort opts in (or out) and, once in,
    sees the other members who opted in, with only what each chose to share."""
    participant, cohort = _alumni_link_open(token)
    if not selectors.alumni_may_join(cohort, participant):
        raise Unavailable("Staying in touch opens when your cohort has finished its sessions.")
    consent = selectors.alumni_consent_of(cohort, participant)
    opted_in = consent is not None and consent.is_opted_in
    initial = (
        {
            "consent": True,
            "share_email": consent.share_email,
            "share_phone": consent.share_phone,
            "other_contact": consent.other_contact,
        }
        if opted_in
        else {}
    )
    form = AlumniConsentForm(initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            if services.alumni_withdraw(cohort=cohort, participant=participant):
                messages.success(request, "Done: the other members no longer see you.")
            return redirect(request.path)
        form = AlumniConsentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.alumni_opt_in(
                cohort=cohort,
                participant=participant,
                share_email=data["share_email"],
                share_phone=data["share_phone"],
                other_contact=data["other_contact"],
            )
            messages.success(request, "Saved: you are staying in touch.")
            return redirect(request.path)
    return render(
        request,
        "quality/alumni_page.html",
        {
            "participant": participant,
            "cohort": cohort,
            "consent": consent if opted_in else None,
            "form": form,
            "members": selectors.alumni_visible_to(cohort, participant) if opted_in else [],
        },
    )
