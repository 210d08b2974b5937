"""UK GDPR rights for participants (SPEC §10 GDPR-1..4).

- `PERSONAL_FIELDS`: the registry of every field holding a participant's personal data.
- `NOT_PERSONAL`: the text/JSON fields of personal-data models that are not, and why
  (tests/gdpr/test_registry.py fails when a model gains a field in neither).
- `SUBJECT_LOOKUPS`: how each table reaches the participant it is about.
- `participant_subject_access` (+ `subject_access_csv`): everything held about one participant.
- `participant_anonymise`: erasure by anonymisation, aggregates and KPI returns intact.
- `records_past_retention`: participants whose programme year's retention period has passed.
"""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from peernetworks import audit
from peernetworks.spreadsheets import csv_text

from .models import LegalForm, Participant

ERASED = "Erased"

PERSONAL_FIELDS: dict[str, list[str]] = {
    "participants.Participant": [
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "referral_source_other",
        "drop_out_reason",
    ],
    # Personal data when the business is a sole trader (the business is the person).
    "participants.Business": [
        "name",
        "companies_house_number",
        "trading_address",
        "postcode",
        "cross_lep_agreement_note",
        "declared_competitors",
    ],
    "participants.EqualityData": ["gender", "age_band", "ethnicity", "disability"],
    "participants.EligibilityAssessment": ["inputs"],
    "participants.DiscretionDecision": ["reason"],
    "participants.SessionFeedback": ["what_worked", "what_to_improve"],
    "participants.SurveyAnswer": ["text"],
    "cohorts.CohortMembership": ["move_note"],
    "cohorts.QualityItem": ["raised_by_name", "about", "summary", "outcome", "process_review"],
    "cohorts.QualityAction": ["description"],
    "cohorts.QualityItemUpdate": ["reason", "outcome", "process_review"],
    "cohorts.AlumniConsent": ["other_contact"],
    "programme_sessions.PresenterNote": ["issue"],
    "programme_sessions.ActionCard": ["actions", "reflection"],
    "programme_sessions.AbsenceFollowUp": ["note"],
    "programme_sessions.DisengagementReport": ["reason", "resolution_note"],
    "programme_sessions.SupportReferral": ["reason"],
    "one_to_one.OneToOneSession": ["nature_of_support", "notes"],
    "one_to_one.ActionPlan": [
        "goal",
        "reality",
        "obstacles_options",
        "way_forward",
        "tactics",
        "habits",
    ],
    "one_to_one.Referral": ["note"],
    "one_to_one.ProviderDeclaration": ["conflict_details", "commercial_work_details"],
    "one_to_one.SupportDeclined": ["note"],
}

_CHOICE = "a fixed choice (coded value), no free text about the person"
_RULES = "eligibility rule codes copied from the assessment, not about the person"

NOT_PERSONAL: dict[str, dict[str, str]] = {
    "participants.Participant": {
        "ref": "an opaque external reference (pseudonymous key used by imports)",
        "previous_participation": _CHOICE,
        "referral_source": _CHOICE,
        "privacy_notice_url": "the hub's privacy notice address, the same for everyone",
        "privacy_notice_version": "the privacy notice version acknowledged (ONB-1 evidence)",
        "eligibility_outcome": _CHOICE,
        "discretion_decision": _CHOICE,
        "eligibility_flexibilities": _RULES,
        "eligibility_discretion": _RULES,
        "eligibility_failed_rules": _RULES,
    },
    "participants.Business": {
        "ref": "an opaque external reference",
        "local_authority": "an area used for aggregates, not an address",
        "sic_code": "an industry classification used for eligibility and aggregates",
        "legal_form": _CHOICE,
    },
    "participants.EligibilityAssessment": {
        "outcome": _CHOICE,
        "flexibilities": _RULES,
        "failed_rules": _RULES,
        "discretion": _RULES,
        "reasons": "the rules' standard explanations, not the person's words",
        "trigger": "what caused the assessment (system wording)",
    },
    "participants.DiscretionDecision": {"decision": _CHOICE},
    "participants.SurveyResponse": {"kind": _CHOICE},
    "participants.SurveyAnswer": {
        "topic": "a copy of the question's topic, the same for everyone",
        "question_text": "a copy of the question as asked, the same for everyone",
    },
    "cohorts.CohortMembership": {"move_reason": _CHOICE},
    "cohorts.QualityItem": {
        "kind": _CHOICE,
        "source": _CHOICE,
        "raised_by_type": _CHOICE,
        "channel": _CHOICE,
        "status": _CHOICE,
    },
    "cohorts.QualityAction": {"kind": _CHOICE},
    "cohorts.QualityItemUpdate": {"kind": _CHOICE},
    "cohorts.ContinuingSession": {
        "topics": "what a cohort discussed as a group, not about one member",
    },
    "programme_sessions.Attendance": {"status": _CHOICE},
    "programme_sessions.AttendanceChange": {"old_status": _CHOICE, "new_status": _CHOICE},
    "programme_sessions.SessionNote": {
        "process_issues": "how the session ran as a whole; each member's issue is a PresenterNote",
        "hot_topics": "themes of the group reported in KPI returns, not about one member",
    },
    "programme_sessions.ActionCard": {"report_status": _CHOICE},
    "programme_sessions.DisengagementReport": {"outcome": _CHOICE},
    "one_to_one.OneToOneSession": {
        "route": _CHOICE,
        "existing_programme": "the name of another support programme",
        "mode": _CHOICE,
        "platform": _CHOICE,
        "themes": "OTO-7 theme codes, counted in aggregates",
    },
    "one_to_one.ActionPlan": {"review_dates": "dates only"},
    "one_to_one.Referral": {"destination": _CHOICE},
}

# How each table reaches the participant its rows are about (any of the lookups).
SUBJECT_LOOKUPS: dict[str, list[str]] = {
    "participants.Participant": ["pk"],
    "participants.Business": ["participants"],
    "participants.EqualityData": ["participant"],
    "participants.EligibilityAssessment": ["participant"],
    "participants.DiscretionDecision": ["participant"],
    "participants.SessionFeedback": ["participant"],
    "participants.FeedbackInvitation": ["participant"],
    "participants.SurveyResponse": ["participant"],
    "participants.SurveyAnswer": ["response__participant"],
    "cohorts.CohortMembership": ["participant"],
    "cohorts.QualityItem": ["raised_by_participant", "feedback__participant"],
    "cohorts.QualityAction": ["item__raised_by_participant", "item__feedback__participant"],
    "cohorts.QualityItemUpdate": ["item__raised_by_participant", "item__feedback__participant"],
    "cohorts.AlumniConsent": ["participant"],
    "cohorts.ContinuingSession": ["attendees"],
    "programme_sessions.Attendance": ["participant"],
    "programme_sessions.AttendanceChange": ["attendance__participant"],
    "programme_sessions.SessionNote": ["presenters__participant"],
    "programme_sessions.PresenterNote": ["participant"],
    "programme_sessions.ActionCard": ["participant"],
    "programme_sessions.AbsenceFollowUp": ["attendance__participant"],
    "programme_sessions.DisengagementReport": ["participant"],
    "programme_sessions.SupportReferral": ["participant"],
    "one_to_one.ProviderAssignment": ["participant"],
    "one_to_one.OneToOneSession": ["participant"],
    "one_to_one.ActionPlan": ["participant"],
    "one_to_one.Referral": ["participant"],
    "one_to_one.ProviderDeclaration": ["participant"],
    "one_to_one.SupportDeclined": ["participant"],
}

# Keys of EligibilityAssessment.inputs that identify the person or are their own answers.
ASSESSMENT_PERSONAL_KEYS = ("ref",)


def _constrained(model, name: str) -> bool:
    """Whether a check constraint may require this field to be non-empty (then a non-empty
    value is erased to ERASED, not "", so the row stays valid)."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint) and f"'{name}'" in str(
            constraint.condition
        ):
            return True
    return False


def subject_rows(label: str, participant: Participant) -> models.QuerySet:
    """The rows of one table that are about this participant."""
    model = apps.get_model(label)
    condition = Q()
    for lookup in SUBJECT_LOOKUPS[label]:
        condition |= Q(**{lookup: participant.pk})
    return model._default_manager.filter(condition).distinct().order_by("pk")


def business_is_personal(business) -> bool:
    """A sole trader's business details are the person's own (Business.PERSONAL_DATA)."""
    return business.legal_form == LegalForm.SOLE_TRADER


# Subject access (GDPR-2)


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    for field in obj._meta.many_to_many:
        data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def participant_subject_access(participant: Participant) -> dict:
    """Everything held about one participant, JSON-serialisable, one list per table."""
    tables = {}
    for label in SUBJECT_LOOKUPS:
        rows = [_row(obj) for obj in subject_rows(label, participant)]
        if rows:
            tables[label] = rows
    return {
        "participant_id": participant.pk,
        "generated_at": timezone.now().isoformat(),
        "tables": tables,
    }


def subject_access_rows(export: dict) -> list[tuple]:
    """(table, id, field, value) for every value of an export."""
    rows = []
    for label, records in export["tables"].items():
        for record in records:
            for field, value in record.items():
                if field == "id":
                    continue
                if isinstance(value, dict | list):
                    value = json.dumps(value, sort_keys=True)
                rows.append((label, record.get("id"), field, "" if value is None else value))
    return rows


def subject_access_csv(export: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "id", "field", "value"])
    writer.writerows([csv_text(value) for value in row] for row in subject_access_rows(export))
    return out.getvalue()


def subject_access_record_count(export: dict) -> int:
    return sum(len(records) for records in export["tables"].values())


# Erasure by anonymisation (GDPR-3)


def erased_email(participant: Participant) -> str:
    return f"erased-{participant.pk}@invalid.example"


def is_anonymised(participant: Participant) -> bool:
    return participant.is_erased


def _replacement(label: str, field, participant: Participant):
    if isinstance(field, models.EmailField):
        return Value(erased_email(participant))
    if not field.blank:
        return Value(ERASED)
    if _constrained(field.model, field.name):
        return Case(When(**{field.name: ""}, then=Value("")), default=Value(ERASED))
    return Value("")


def _anonymise_inputs(assessment) -> dict:
    inputs = dict(assessment.inputs or {})
    for key in ASSESSMENT_PERSONAL_KEYS:
        if key in inputs:
            inputs[key] = ""
    return inputs


@transaction.atomic
def participant_anonymise(*, participant: Participant, by=None) -> dict:
    """Blank or replace every registered personal field about this participant, in every
    table, in one transaction. Rows stay (so counts, hours and KPI returns are unchanged),
    except equality data, which is deleted. Running it again changes nothing."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = {}
    for label, names in PERSONAL_FIELDS.items():
        rows = subject_rows(label, participant)
        if label == "participants.EqualityData":
            changed[label] = rows.delete()[0]
            continue
        if label == "participants.Business" and not business_is_personal(participant.business):
            continue
        model = rows.model
        pks = list(rows.values_list("pk", flat=True))
        if not pks:
            continue
        if label == "participants.EligibilityAssessment":
            for assessment in model._default_manager.filter(pk__in=pks):
                model._default_manager.filter(pk=assessment.pk).update(
                    inputs=_anonymise_inputs(assessment)
                )
            changed[label] = len(pks)
            continue
        updates = {
            name: _replacement(label, model._meta.get_field(name), participant) for name in names
        }
        changed[label] = model._default_manager.filter(pk__in=pks).update(**updates)
    audit.record_erasure(participant=participant, tables=changed)  # GDPR-5
    return changed


# Retention (GDPR-4)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def records_past_retention(today: date) -> models.QuerySet:
    """Participants not yet anonymised whose programme year ended more than its
    `retention_years` ago."""
    from peernetworks.models import ProgrammeYear

    expired = [
        year.pk
        for year in ProgrammeYear.objects.all()
        if _years_after(year.end, year.retention_years) < today
    ]
    return (
        Participant.objects.filter(programme_year__in=expired)
        .exclude(email__startswith="erased-", email__endswith="@invalid.example")
        .select_related("business", "programme_year")
        .order_by("programme_year__end", "pk")
    )
