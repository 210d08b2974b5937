"""Forms participants fill in through their personal links: short, labelled, phone-sized."""

from django import forms

from .models import RATING_CHOICES, AnswerType, SurveyKind, SurveyQuestion
from .surveys import SCORE_HINT


def rating_field(label: str, hint: str, *, required: bool = True) -> forms.TypedChoiceField:
    """A 1-5 rating, shown as five large buttons in one fieldset (feedback_rating.html)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=RATING_CHOICES,
        coerce=int,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": "Choose a number from 1 to 5."},
    )


def comment_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional.",
    )


class SessionFeedbackForm(forms.Form):
    """SUR-1: satisfaction, relevance and facilitation (1-5), what worked, what to improve."""

    satisfaction = rating_field(
        "Overall, how satisfied were you with this session?",
        "1 = very dissatisfied, 5 = very satisfied",
    )
    relevance = rating_field(
        "How relevant was the session to you and your business?",
        "1 = not at all relevant, 5 = very relevant",
    )
    facilitation = rating_field(
        "How well was the session facilitated?", "1 = very poorly, 5 = very well"
    )
    what_worked = comment_field("What worked well?")
    what_to_improve = comment_field("What could be improved?")


class SurveyForm(forms.Form):
    """SUR-2..4: one field per active question (`q_<id>`), plus the business's figures for the
    baseline and exit surveys."""

    def __init__(self, *args, questions: list[SurveyQuestion], kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q_{question.pk}"
            if question.answer_type == AnswerType.SCORE:
                self.fields[name] = rating_field(question.text, SCORE_HINT)
            else:
                self.fields[name] = comment_field(question.text)
        if kind in (SurveyKind.BASELINE, SurveyKind.EXIT):
            self.fields["employees"] = forms.IntegerField(
                label="How many people does the business employ?",
                help_text="Full-time and part-time permanent employees, including you if you "
                "are on the payroll.",
                min_value=0,
            )
            self.fields["turnover_gbp"] = forms.IntegerField(
                label="Annual turnover (£)",
                help_text="For the last full financial year, in whole pounds.",
                min_value=0,
            )

    def answers(self) -> dict[int, int | str | None]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}
