"""SPEC §1 for every hub-scoped model in the admin: own hub 200, another hub's 404,
anonymous redirected to the login page. A newly registered scoped model must be added here."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cohorts.models import Cohort, CohortMembership
from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import SupportService
from participants.models import Business, DiscretionDecision, EligibilityAssessment, Participant
from participants.services import participant_assess, participant_record_discretion
from peernetworks.admin.scoping import ScopedAdmin
from peernetworks.models import AuditEvent, Cluster, GrowthHub, HubYear, ProgrammeYear, User
from reporting.models import ExportLog, KpiReturn
from sessions.models import Observation, Session
from tests.cohorts.factories import CohortFactory, cohort_with_members
from tests.feedback.factories import ADMIN_MAKERS as FEEDBACK_ADMIN_MAKERS
from tests.one_to_one.factories import ADMIN_MAKERS
from tests.participants.factories import BusinessFactory, ParticipantFactory
from tests.peernetworks.factories import FacilitatorFactory, HubYearFactory
from tests.quality.factories import ADMIN_MAKERS as QUALITY_ADMIN_MAKERS
from tests.sessions.factories import ADMIN_MAKERS as SESSION_ADMIN_MAKERS
from tests.sessions.factories import ObservationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _participant(hub):
    return ParticipantFactory(business=BusinessFactory(hub=hub))


def _assessment(hub):
    return participant_assess(participant=_participant(hub))


def _discretion(hub):
    participant = ParticipantFactory(business=BusinessFactory(hub=hub, legal_form="charity"))
    participant_assess(participant=participant)
    return participant_record_discretion(participant=participant, decision="approved", reason="ok")


def _kpi_return(hub):
    from datetime import date

    from reporting.services import kpi_returns_compile

    kpi_returns_compile(month=date(2021, 10, 1), hub_slug=hub.slug)
    return KpiReturn.objects.get(hub=hub)


# model -> how to make one row belonging to a given hub
MAKERS = {
    GrowthHub: lambda hub: hub,
    HubYear: lambda hub: HubYearFactory(hub=hub),
    User: lambda hub: FacilitatorFactory(hub=hub),
    Business: lambda hub: BusinessFactory(hub=hub),
    Participant: _participant,
    EligibilityAssessment: _assessment,
    DiscretionDecision: _discretion,
    Cohort: lambda hub: CohortFactory(hub=hub),
    CohortMembership: lambda hub: cohort_with_members(1, hub=hub)[1][0],
}
MAKERS.update(ADMIN_MAKERS)
MAKERS.update(SESSION_ADMIN_MAKERS)
MAKERS.update(FEEDBACK_ADMIN_MAKERS)
MAKERS.update(QUALITY_ADMIN_MAKERS)
MAKERS[KpiReturn] = _kpi_return
MAKERS[ExportLog] = lambda hub: ExportLog.objects.create(hub=hub, what="test", format="csv")
MAKERS[AuditEvent] = lambda hub: AuditEvent.objects.create(
    hub=hub, actor_label="test", action="export", model_label="export", description="test"
)
MAKERS[Session] = lambda hub: SessionFactory(cohort=CohortFactory(hub=hub))
MAKERS[Observation] = lambda hub: ObservationFactory(session__cohort=CohortFactory(hub=hub))
# A hub's own entry in the directory of other business support; national
# entries are every hub's (tests/one_to_one/test_signposting.py).
MAKERS[SupportService] = lambda hub: SupportService.objects.create(hub=hub, name=f"{hub.slug} help")
# National settings: no hub, every staff user may read them.
NATIONAL = {ProgrammeYear, Cluster}


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_it_covers_every_scoped_model_in_the_admin():
    scoped = {
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ScopedAdmin)
    }
    assert scoped == set(MAKERS) | NATIONAL


@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m.__name__)
def test_it_scopes_the_admin_change_page(model, client, hub, other_hub, hub_staff, programme_year):
    own, foreign = MAKERS[model](hub), MAKERS[model](other_hub)

    assert client.get(change_url(own)).status_code == 302  # anonymous → admin login

    client.force_login(hub_staff)
    assert client.get(change_url(own)).status_code == 200
    assert client.get(change_url(foreign)).status_code == 404

    listing = client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    )
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].queryset}
    assert own.pk in shown and foreign.pk not in shown


@pytest.mark.parametrize(
    "model",
    [
        Business,
        Participant,
        EligibilityAssessment,
        DiscretionDecision,
        SessionFeedback,
        SurveyResponse,
    ],
    ids=lambda m: m.__name__,
)
def test_it_keeps_personal_data_from_the_national_coordinator(
    model, client, hub, national_coordinator, programme_year
):
    obj = MAKERS[model](hub)
    client.force_login(national_coordinator)
    assert client.get(change_url(obj)).status_code in (403, 404)
