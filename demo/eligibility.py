"""The demo registrations' eligibility (seed_demo): each assessed with the year's settings as
it is created, and the hubs' discretion decisions where a case needs one, dated a few days
after the registration.
"""

from datetime import date, timedelta

from demo.structure import aware, rng_for
from participants.eligibility import assess
from participants.eligibility.settings import eligibility_settings
from participants.models import (
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
    Participant,
)
from participants.services import _new_assessment, application_for, participant_record_discretion
from peernetworks.models import Role, User

# A closed year's cases needing a hub decision were decided before it ended: refused unless
# listed here.
CLOSED_YEAR_DECISIONS = {"charity-undecided": DiscretionChoice.APPROVED}
DECISION_AFTER_DAYS = (2, 6)  # hubs decide within a week of the registration


def assessments_for(year, participants: list[Participant]) -> list[EligibilityAssessment]:
    """ELIG: each registration decided with the year's settings, read once (PY-5), before the
    participants are saved, so their decision goes in with them rather than in a second,
    row-by-row update of thousands of rows. Saved by `assessments_save` once they are."""
    thresholds, creative = eligibility_settings(year)
    return [
        _new_assessment(
            participant,
            decision=assess(
                application_for(participant), thresholds=thresholds, creative_sic_prefixes=creative
            ),
            assessed_by=None,
            trigger="demo registration",
        )
        for participant in participants
    ]


def assessments_save(
    participants: list[Participant], assessments: list[EligibilityAssessment]
) -> None:
    """The assessments saved once their participants are, dated when they registered."""
    for participant, assessment in zip(participants, assessments, strict=True):
        assessment.participant = participant
        assessment.inputs["ref"] = f"participant-{participant.pk}"  # known once saved
        assessment.assessed_at = aware(participant.registered_on, 10)  # when they registered
    EligibilityAssessment.objects.bulk_create(assessments, batch_size=1000)


def decisions_record(year, participants: list[Participant], applications, today: date) -> None:
    """The hubs' discretion decisions (ELIG-6, -9, -10, -12), through the service, then dated
    a few days after each registration rather than today."""
    staff = {user.hub_id: user for user in User.objects.filter(role=Role.HUB_STAFF).order_by("-pk")}
    closed = today > year.end
    decided = []
    for participant, application in zip(participants, applications, strict=True):
        if participant.eligibility_outcome != EligibilityOutcome.NEEDS_DISCRETION:
            continue
        decision = application.decision
        if decision is None and closed:
            decision = CLOSED_YEAR_DECISIONS.get(application.label, DiscretionChoice.REFUSED)
        if decision is None:
            continue  # awaiting the hub's decision
        participant_record_discretion(
            participant=participant,
            decision=decision,
            reason="Demo: discussed with the programme manager.",
            decided_by=staff.get(participant.business.hub_id),
        )
        decided.append(participant)
    _backdate_decisions(year, decided, today)


def _backdate_decisions(year, participants, today: date) -> None:
    if not participants:
        return
    rng = rng_for("decisions", year)
    on = {}
    for participant in participants:
        day = participant.registered_on + timedelta(days=rng.randint(*DECISION_AFTER_DAYS))
        on[participant.pk] = min(day, today)
        participant.discretion_decided_on = on[participant.pk]
    Participant.objects.bulk_update(participants, ["discretion_decided_on"])
    decisions = list(DiscretionDecision.objects.filter(participant__in=participants))
    for decision in decisions:
        decision.decided_at = aware(on[decision.participant_id], 14)
    DiscretionDecision.objects.bulk_update(decisions, ["decided_at"])
    assessments = list(
        EligibilityAssessment.objects.filter(
            participant__in=participants, trigger="discretion decision"
        )
    )
    for assessment in assessments:
        assessment.assessed_at = aware(on[assessment.participant_id], 14)
    EligibilityAssessment.objects.bulk_update(assessments, ["assessed_at"])
