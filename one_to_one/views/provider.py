"""The provider portal: a provider's assigned participants, their progress against the
minimum, and one participant's log, action plan, referrals and declarations.

Access is enforced here on the server: anonymous users go to the login page, other roles are
refused, and a participant not assigned to the provider answers 404.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peernetworks.web import provider_required

from ..forms import (
    ActionPlanForm,
    DeclarationForm,
    DeclineForm,
    OneToOneLogForm,
    ReferralForm,
    form_apply,
)
from ..models import Route
from ..rules import add_months
from ..selectors import (
    action_plans_for,
    current_cohort_dates,
    declarations_for,
    one_to_one_sessions_for,
    participants_for_provider,
    progress_rows,
    referrals_for,
    support_declined_for,
    support_services_offered,
)
from ..services import (
    GROWTH_FIELDS,
    action_plan_save,
    one_to_one_log,
    provider_declare,
    referral_record,
    support_decline,
)
from ..templatetags.one_to_one_tags import hours


@provider_required
def provider_home(request: HttpRequest) -> HttpResponse:
    rows = progress_rows(
        participants_for_provider(request.user).order_by("last_name", "first_name", "pk")
    )
    return render(request, "one_to_one/provider_home.html", {"rows": rows})


def _participant(request, pk: int):
    return get_object_or_404(participants_for_provider(request.user), pk=pk)


def _page(request, participant, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    row = progress_rows(participants_for_provider(user).filter(pk=participant.pk))[0]
    cohort, dates = current_cohort_dates(participant)
    year = participant.programme_year
    plan = action_plans_for(user).filter(participant=participant).first()
    declaration = declarations_for(user).filter(participant=participant, provider=user).first()
    plan_initial = {name: getattr(plan, name) for name in GROWTH_FIELDS} if plan else {}
    declaration_initial = (
        {
            "has_conflict": declaration.has_conflict,
            "conflict_details": declaration.conflict_details,
            "continuing_commercial_work": declaration.continuing_commercial_work,
            "commercial_work_details": declaration.commercial_work_details,
        }
        if declaration
        else {}
    )
    context = {
        "participant": participant,
        "row": row,
        "cohort": cohort,
        "dates": dates,
        "window_end": (
            add_months(dates.last_session_on, year.one_to_one_window_months)
            if dates.last_session_on
            else None
        ),
        "year": year,
        "sessions": one_to_one_sessions_for(user).filter(participant=participant),
        "plan": plan,
        "referrals": referrals_for(user).filter(participant=participant),
        "declaration": declaration,
        "declined": support_declined_for(user).filter(participant=participant).first(),
        "log_form": forms.get("log_form") or OneToOneLogForm(prefix="log"),
        "plan_form": forms.get("plan_form") or ActionPlanForm(prefix="plan", initial=plan_initial),
        "referral_form": forms.get("referral_form") or _referral_form(participant),
        "declaration_form": forms.get("declaration_form")
        or DeclarationForm(prefix="declaration", initial=declaration_initial),
        "decline_form": forms.get("decline_form") or DeclineForm(prefix="decline"),
    }
    return render(request, "one_to_one/provider_participant.html", context, status=status)


def _referral_form(participant, data=None) -> ReferralForm:
    services = support_services_offered(participant.business.hub_id)
    return ReferralForm(data, prefix="referral", services=services)


@provider_required
def provider_participant(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _participant(request, pk))


def _done(request, participant) -> HttpResponse:
    return redirect("one_to_one:provider-participant", pk=participant.pk)


@require_POST
@provider_required
def provider_log(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = OneToOneLogForm(request.POST, prefix="log")
    result = form_apply(
        form,
        lambda data: one_to_one_log(
            participant=participant,
            date=data["date"],
            hours=data["hours"],
            route=data["route"],
            provider=request.user if data["route"] == Route.PROGRAMME else None,
            existing_programme=data["existing_programme"],
            nature_of_support=data["nature_of_support"],
            mode=data["mode"],
            platform=data["platform"],
            themes=data["themes"],
            notes=data["notes"],
            recorded_by=request.user,
        ),
    )
    if result is None:
        messages.error(request, "Not logged: see the form below.")
        return _page(request, participant, log_form=form)
    for warning in result.warnings:
        messages.warning(request, warning)
    messages.success(
        request,
        f"Logged {hours(result.session.hours)} h on {result.session.date:%d/%m/%Y}, "
        + (
            "within the programme."
            if result.session.route == "programme"
            else f"through {result.session.existing_programme or 'an existing programme'}."
        ),
    )
    return _done(request, participant)


@require_POST
@provider_required
def provider_action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = ActionPlanForm(request.POST, prefix="plan")
    plan = form_apply(
        form,
        lambda data: action_plan_save(
            participant=participant,
            date=data["date"],
            by=request.user,
            **{name: data[name] for name in GROWTH_FIELDS},
        ),
    )
    if plan is None:
        messages.error(request, "Action plan not saved: see the form below.")
        return _page(request, participant, plan_form=form)
    messages.success(request, "Action plan saved.")
    return _done(request, participant)


@require_POST
@provider_required
def provider_referral(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = _referral_form(participant, request.POST)
    referral = form_apply(
        form,
        lambda _data: referral_record(
            participant=participant, by=request.user, **form.referral_kwargs()
        ),
    )
    if referral is None:
        messages.error(request, "Referral not recorded: see the form below.")
        return _page(request, participant, referral_form=form)
    messages.success(request, f"Referral to {referral.where} recorded.")
    return _done(request, participant)


@require_POST
@provider_required
def provider_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = DeclarationForm(request.POST, prefix="declaration")
    declaration = form_apply(
        form,
        lambda data: provider_declare(
            provider=request.user,
            participant=participant,
            has_conflict=data["has_conflict"],
            conflict_details=data["conflict_details"],
            continuing_commercial_work=data["continuing_commercial_work"],
            commercial_work_details=data["commercial_work_details"],
        ),
    )
    if declaration is None:
        messages.error(request, "Declaration not saved: see the form below.")
        return _page(request, participant, declaration_form=form)
    messages.success(request, "Declaration saved.")
    return _done(request, participant)


@require_POST
@provider_required
def provider_decline(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = DeclineForm(request.POST, prefix="decline")
    record = form_apply(
        form,
        lambda data: support_decline(
            participant=participant,
            declined_on=data["declined_on"],
            note=data["note"],
            by=request.user,
        ),
    )
    if record is None:
        messages.error(request, "Not recorded: see the form below.")
        return _page(request, participant, decline_form=form)
    messages.success(request, f"Recorded that {participant} declined one-to-one support.")
    return _done(request, participant)
