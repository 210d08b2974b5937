"""Baseline, exit and drop-out surveys (SUR-2, SUR-3, SUR-4): the default questions and the
rules, as plain values. The questions themselves are data per programme year (SurveyQuestion),
seeded from these defaults by `services_feedback.survey_questions_seed_defaults`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import AnswerType, SurveyKind

# SUR-2: the Playbook's baseline topics ("Summary of baseline survey data collection topics"),
# each asked as a 1-5 self-assessment. The exit survey asks the same so change is measurable.
BASELINE_TOPICS: list[tuple[str, str]] = [
    (
        "Adapting to economic shocks",
        "How well is your business adapting to the economic impacts of COVID-19 and other "
        "economic shocks?",
    ),
    (
        "Resilience",
        "How resilient is your business: able to survive setbacks, adapt and come back stronger?",
    ),
    ("Leadership and management", "How confident are you in your leadership and management?"),
    (
        "Recruitment and retention",
        "How well does your business recruit and keep the staff it needs?",
    ),
    (
        "Technology adoption",
        "How well does your business take up new technology to work more productively?",
    ),
    (
        "Networks",
        "How much do you use business networks and peers to help you run your business?",
    ),
    ("Growth ambition", "How ambitious are your plans to grow the business?"),
    ("Business planning", "How clear and up to date is your plan for the business?"),
    ("Use of data", "How well does your business use data to make decisions?"),
    ("Change management", "How confident are you in leading change in your business?"),
    (
        "Innovation",
        "How actively does your business develop new products, services or ways of working?",
    ),
    (
        "Business confidence",
        "How confident are you about your business's prospects over the next 12 months?",
    ),
]

EXIT_EXTRA: list[tuple[str, str, str]] = [
    (
        "Programme impact",
        "What difference has Peer Networks made to you and your business?",
        AnswerType.TEXT,
    ),
]

DROP_OUT_QUESTIONS: list[tuple[str, str, str]] = [
    ("Reason for leaving", "Why did you leave the programme?", AnswerType.TEXT),
    (
        "Programme fit",
        "While you took part, how well did the programme suit your needs?",
        AnswerType.SCORE,
    ),
    ("What would have helped", "What could we have done to help you stay?", AnswerType.TEXT),
    (
        "Other support",
        "Is there other support that would help your business now?",
        AnswerType.TEXT,
    ),
]


@dataclass(frozen=True)
class DefaultQuestion:
    kind: str
    topic: str
    text: str
    answer_type: str
    order: int


def default_questions() -> list[DefaultQuestion]:
    """Every kind's default questions, in the order they are asked."""
    questions = []
    for kind in (SurveyKind.BASELINE, SurveyKind.EXIT):
        for order, (topic, text) in enumerate(BASELINE_TOPICS, start=1):
            questions.append(DefaultQuestion(kind, topic, text, AnswerType.SCORE, order * 10))
    base = len(BASELINE_TOPICS) * 10
    for order, (topic, text, answer_type) in enumerate(EXIT_EXTRA, start=1):
        questions.append(DefaultQuestion(SurveyKind.EXIT, topic, text, answer_type, base + order))
    for order, (topic, text, answer_type) in enumerate(DROP_OUT_QUESTIONS, start=1):
        questions.append(DefaultQuestion(SurveyKind.DROP_OUT, topic, text, answer_type, order))
    return questions


SCORE_HINT = "1 = very low, 5 = very high"


# Who answers which survey ---------------------------------------------------------------------


def survey_open(kind: str, *, dropped_out: bool, exit_due: bool) -> bool:
    """SUR-2..4: baseline while taking part; exit once the cohort has finished (and not for
    those who left: they get the drop-out survey); drop-out only for those who dropped out."""
    if kind == SurveyKind.BASELINE:
        return not dropped_out
    if kind == SurveyKind.EXIT:
        return exit_due and not dropped_out
    if kind == SurveyKind.DROP_OUT:
        return dropped_out
    return False


def survey_refusal(kind: str) -> str:
    """Why a participant cannot answer a survey, in plain words for the friendly page."""
    if kind == SurveyKind.DROP_OUT:
        return "This survey is only for participants who have left the programme."
    if kind == SurveyKind.EXIT:
        return (
            "The exit survey opens when your cohort has finished its group sessions. "
            "We will email you a link then."
        )
    return "This survey is not open to you."


# SUR-3: change per topic ----------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class TopicChange:
    topic: str
    participants: int
    baseline_mean: Decimal
    exit_mean: Decimal
    mean_change: Decimal


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def topic_changes(rows: Iterable[tuple[int, str, object, object]]) -> list[TopicChange]:
    """SUR-3: per topic, over the participants with both a baseline and an exit score on it,
    the mean baseline, the mean exit and the mean change (exit minus baseline), 2 dp.

    `rows` are (participant id, topic, baseline score, exit score), the scores being that
    participant's mean on the topic or None; topics keep the order they first appear in.
    """
    pairs: dict[str, list[tuple[Decimal, Decimal]]] = {}
    for _participant, topic, baseline, exit_ in rows:
        paired = pairs.setdefault(topic, [])
        if baseline is not None and exit_ is not None:
            paired.append((Decimal(str(baseline)), Decimal(str(exit_))))
    changes = []
    for topic, paired in pairs.items():
        if not paired:
            continue
        baselines = [b for b, _ in paired]
        exits = [e for _, e in paired]
        changes.append(
            TopicChange(
                topic=topic,
                participants=len(paired),
                baseline_mean=_mean(baselines),
                exit_mean=_mean(exits),
                mean_change=_mean([e - b for b, e in paired]),
            )
        )
    return changes
