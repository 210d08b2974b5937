"""Erasure by anonymisation (SPEC §10 GDPR-3): every personal field about one participant,
in every table that declares one, blanked or replaced in one transaction; rows, hours and KPI
returns stay."""

from django.db import models, transaction
from django.db.models import Case, Value, When

from participants.models import LegalForm, Participant
from peernetworks import audit
from peernetworks.personal_data import personal_fields

from .selectors import subject_rows

ERASED = "Erased"

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


def business_is_personal(business) -> bool:
    """A sole trader's business details are the person's own (Business.PERSONAL_DATA)."""
    return business.legal_form == LegalForm.SOLE_TRADER


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
    for label, names in personal_fields().items():
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
