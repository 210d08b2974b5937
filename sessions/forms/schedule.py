"""The schedule's forms: the series generator (SES-3) and one session (SES-2, SES-4). They
check what was typed; the rules are in sessions/schedule.py and the services."""

from datetime import datetime
from decimal import Decimal

from django import forms

from peernetworks.units import LONDON
from peernetworks.validators import validate_plausible_date

from ..schedule import INTERVAL_LABELS, Interval


def _hours_field(label: str, initial: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, initial=Decimal(initial), max_digits=4, decimal_places=2)


class ScheduleGeneratorForm(forms.Form):
    """SES-3: first date and time, interval, and the length pattern."""

    first_date = forms.DateField(
        label="Date of the first session",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible_date],
    )
    first_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    interval = forms.ChoiceField(
        label="Interval",
        choices=[(k.value, v) for k, v in INTERVAL_LABELS.items()],
        initial=Interval.FORTNIGHTLY.value,
    )
    first_hours = _hours_field("First session (hours)", "3")
    other_hours = _hours_field("Other sessions (hours)", "2")
    last_hours = _hours_field("Last session (hours)", "3")
    lengths = forms.CharField(
        label="Or list every session's length",
        required=False,
        help_text="Comma-separated hours, e.g. 3, 2, 2, 2, 2, 2, 2, 3. Overrides the pattern.",
    )

    def clean_lengths(self):
        text = self.cleaned_data["lengths"].strip()
        if not text:
            return []
        try:
            values = [Decimal(part.strip()) for part in text.split(",") if part.strip()]
        except ArithmeticError as error:
            raise forms.ValidationError(
                "Enter numbers separated by commas, e.g. 3, 2, 2, 3."
            ) from error
        if not all(value.is_finite() for value in values):
            raise forms.ValidationError("Enter numbers of hours, e.g. 3, 2, 2, 3.")
        if len(values) > 40:
            raise forms.ValidationError("A series has at most 40 sessions.")
        return values

    def clean(self):
        data = super().clean()
        for name in ("first_hours", "other_hours", "last_hours"):
            value = data.get(name)
            if value is not None and value <= 0:
                self.add_error(name, "Enter more than zero hours.")
        return data

    def first_start(self) -> datetime:
        return datetime.combine(
            self.cleaned_data["first_date"], self.cleaned_data["first_time"]
        ).replace(tzinfo=LONDON)


class SessionForm(forms.Form):
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible_date],
    )
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_hours = forms.DecimalField(label="Length (hours)", max_digits=4, decimal_places=2)

    def starts_at(self) -> datetime:
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]).replace(
            tzinfo=LONDON
        )
