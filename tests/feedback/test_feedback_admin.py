"""Admin for surveys and feedback: questions edited nationally and read by hub staff; responses
read-only and scoped to the hub (SPEC §1). The admin pages themselves are also covered by
tests/peernetworks/test_admin_scope_every_model.py (ADMIN_MAKERS in tests/feedback/factories).
"""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from feedback.models import SessionFeedback, SurveyQuestion, SurveyResponse
from feedback.services import survey_questions_seed_defaults
from tests.feedback.factories import ADMIN_MAKERS
from tests.peernetworks.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

MODELS = [SurveyQuestion, SessionFeedback, SurveyResponse]


@pytest.fixture
def admins():
    return {model: admin.site._registry[model] for model in MODELS}


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_scopes_responses_to_the_hub_and_keeps_them_read_only(
    admins, model, hub, other_hub, hub_staff, programme_year
):
    own, foreign = ADMIN_MAKERS[model](hub), ADMIN_MAKERS[model](other_hub)
    model_admin = admins[model]
    request = request_for(hub_staff)
    assert list(model_admin.get_queryset(request)) == [own]
    assert model_admin.has_view_permission(request, own)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, own)
    assert not model_admin.has_delete_permission(request, own)
    with pytest.raises(Http404):
        model_admin.change_view(request, str(foreign.pk))


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_keeps_responses_from_the_national_coordinator_and_facilitators(
    admins, model, hub, national_coordinator, programme_year
):
    ADMIN_MAKERS[model](hub)
    model_admin = admins[model]
    for user in (national_coordinator, FacilitatorFactory(hub=hub)):
        request = request_for(user)
        assert not model_admin.has_view_permission(request)
        assert not model_admin.has_module_permission(request)
        assert not model_admin.get_queryset(request).exists()


def test_it_lets_the_national_coordinator_edit_questions_and_hub_staff_read_them(
    admins, hub_staff, national_coordinator, programme_year
):
    survey_questions_seed_defaults(programme_year)
    question = SurveyQuestion.objects.first()
    model_admin = admins[SurveyQuestion]
    staff = request_for(hub_staff)
    assert model_admin.has_view_permission(staff, question)
    assert not model_admin.has_change_permission(staff, question)
    assert not model_admin.has_add_permission(staff)
    assert not model_admin.has_delete_permission(staff, question)
    national = request_for(national_coordinator)
    assert model_admin.has_change_permission(national, question)
    assert model_admin.has_add_permission(national)
    assert model_admin.has_delete_permission(national, question)
    facilitator = request_for(FacilitatorFactory())
    assert not model_admin.has_view_permission(facilitator)


def test_it_protects_questions_that_have_answers(admins, hub, national_coordinator):
    from datetime import date

    from feedback.models import SurveyAnswer
    from tests.participants.factories import ParticipantFactory

    participant = ParticipantFactory()
    survey_questions_seed_defaults(participant.programme_year)
    question = SurveyQuestion.objects.first()
    response = SurveyResponse.objects.create(
        participant=participant, kind=question.kind, completed_on=date(2021, 9, 1)
    )
    SurveyAnswer.objects.create(
        response=response, question=question, topic=question.topic, question_text="q", score=3
    )
    assert not admins[SurveyQuestion].has_delete_permission(
        request_for(national_coordinator), question
    )
