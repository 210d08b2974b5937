from datetime import datetime
from decimal import Decimal

from django import forms

from peernetworks.models import Role, User
from peernetworks.validators import validate_plausible_date
from sessions.models import ObservationMethod
from sessions.schedule import INTERVAL_LABELS, LONDON, Interval

from .models import Cohort, MoveReason


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = [
            "name",
            "lead_facilitator",
            "support_person",
            "facilitator_conflicts",
            "delivery_mode",
            "platform",
            "joining_link",
            "dial_in",
            "venue",
            "backup_plan",
        ]
        widgets = {
            "facilitator_conflicts": forms.Textarea(attrs={"rows": 2}),
            "venue": forms.Textarea(attrs={"rows": 2}),
            "backup_plan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        team = User.objects.filter(hub=hub, is_active=True)
        self.fields["lead_facilitator"].queryset = team.filter(role=Role.FACILITATOR)
        self.fields["support_person"].queryset = team

    def clean_name(self):
        # The hub and year are not form fields, so ModelForm skips this unique check.
        name = self.cleaned_data["name"].strip()
        clash = Cohort.objects.filter(
            hub=self.instance.hub_id, programme_year=self.instance.programme_year_id, name=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This hub already has a cohort with that name this year.")
        return name


def _candidate_label(participant) -> str:
    business = participant.business
    employees = business.employees_full_time + business.employees_part_time_permanent
    return (
        f"{participant.full_name}, {business.name} ({employees} employees, SIC {business.sic_code})"
    )


class AllocationForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label="Ready participants",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = candidates
        self.fields["participants"].label_from_instance = _candidate_label


class MoveForm(forms.Form):
    to_cohort = forms.ModelChoiceField(label="Move to", queryset=None)
    reason = forms.ChoiceField(label="Reason", choices=MoveReason.choices)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cohort"].queryset = cohorts


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


class ObservationBookingForm(forms.Form):
    session = forms.ModelChoiceField(label="Session", queryset=None)
    method = forms.ChoiceField(label="Method", choices=ObservationMethod.choices)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"Session {s.number}, {s.starts_at.astimezone(LONDON):%a %d %b %Y %H:%M}"
        )


class ObservationCompleteForm(forms.Form):
    score_topic = forms.TypedChoiceField(
        label="Topic (1–5)", coerce=int, choices=[(i, i) for i in range(1, 6)]
    )
    score_facilitation = forms.TypedChoiceField(
        label="Facilitation (1–5)", coerce=int, choices=[(i, i) for i in range(1, 6)]
    )
    score_behaviour = forms.TypedChoiceField(
        label="Behaviour (1–5)", coerce=int, choices=[(i, i) for i in range(1, 6)]
    )
    feedback = forms.CharField(
        label="Feedback to the facilitator", widget=forms.Textarea(attrs={"rows": 3})
    )
    completed_on = forms.DateField(
        label="Completed on", widget=forms.DateInput(attrs={"type": "date"})
    )
    privacy_statement_sent_at = forms.DateTimeField(
        label="Privacy statement sent to the cohort (recordings)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    recording_deleted_at = forms.DateTimeField(
        label="Recording deleted after review (recordings)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
