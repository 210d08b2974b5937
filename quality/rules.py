"""Quality management's rules as plain functions: plain values in, plain values out.

The numbers they use (the low-score threshold, days to resolve an item, when the evaluator's
surveys fall due) are programme-year settings (peernetworks.models.ProgrammeYear): the
functions take them as values. Nothing here touches the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sessions.schedule import add_months

from .models import ANNEX_1, Characteristic, QualityItemKind, QualityItemSource

# Feedback, complaints and compliments (Quality Management 3) ---------------------------------


def is_low_feedback(satisfaction: int, *, threshold: int) -> bool:
    """QM-3: a satisfaction score at or below the programme year's threshold
    (`low_satisfaction_threshold`) is reviewed as a quality item."""
    return satisfaction <= threshold


def quality_item_due(raised_on: date, *, days: int) -> date:
    """QM-3: an item's resolve-by date, `quality_item_days_to_resolve` after it was raised."""
    return raised_on + timedelta(days=days)


def resolution_problems(
    *, kind: str, source: str, outcome: str, process_review: str, corrective_measures: int
) -> dict[str, str]:
    """QM-3 c-e: what an item still needs before it is resolved (empty: nothing).

    Every item records its outcome; a complaint or a low score is resolved only with a
    corrective measure, and a complaint also with a process review. A compliment needs no
    correction."""
    problems = {}
    if not outcome.strip():
        problems["outcome"] = "Record the outcome."
    needs_correction = kind == QualityItemKind.COMPLAINT or (
        source == QualityItemSource.LOW_FEEDBACK_SCORE
    )
    if needs_correction and corrective_measures == 0:
        problems["corrective"] = "Record at least one corrective measure."
    if kind == QualityItemKind.COMPLAINT and not process_review.strip():
        problems["process_review"] = "Record the process review."
    return problems


def is_overdue(*, due_on: date, today: date, done: bool) -> bool:
    """Due yesterday or before and not done (due today is not yet overdue)."""
    return not done and due_on < today


# Facilitator and provider records (Annex 1; Quality Management 4) ----------------------------


def characteristics_for(role: str) -> tuple[Characteristic, ...]:
    """Annex 1's characteristics for a facilitator or a provider (none for other roles)."""
    return tuple(c for c in ANNEX_1 if role in c.roles)


@dataclass(frozen=True)
class ChecklistSummary:
    essential_met: int
    essential_total: int
    desirable_met: int
    desirable_total: int
    essential_missing: tuple[str, ...]

    @property
    def all_essential_met(self) -> bool:
        return self.essential_total > 0 and self.essential_met == self.essential_total


def checklist_summary(role: str, met_codes) -> ChecklistSummary:
    """Annex 1: how many essential and desirable characteristics are met, on evidence."""
    met = set(met_codes)
    wanted = characteristics_for(role)
    essential = [c for c in wanted if c.essential]
    desirable = [c for c in wanted if not c.essential]
    return ChecklistSummary(
        essential_met=sum(c.code in met for c in essential),
        essential_total=len(essential),
        desirable_met=sum(c.code in met for c in desirable),
        desirable_total=len(desirable),
        essential_missing=tuple(c.code for c in essential if c.code not in met),
    )


# Evaluation surveys (Impact Assessment & Evaluation) -----------------------------------------


def completion_day(sessions: list[tuple[date, Decimal]], *, required_hours: Decimal) -> date | None:
    """COH-6, KPI-2: the day a cohort completed, when its delivered session lengths (in date
    order) first reach the required group hours; None while it has not."""
    total = Decimal(0)
    for day, hours in sorted(sessions):
        total += hours
        if total >= required_hours:
            return day
    return None


def evaluation_survey_days(
    completed_on: date, *, post_completion_days: int, follow_up_months: int
) -> tuple[date, date]:
    """Impact Assessment & Evaluation: the independent evaluator's post-completion survey falls
    due `post_completion_days` after completion, the second `follow_up_months` after it (the
    programme year's `post_completion_survey_days` and `six_month_survey_months`)."""
    return (
        completed_on + timedelta(days=post_completion_days),
        add_months(completed_on, follow_up_months),
    )
