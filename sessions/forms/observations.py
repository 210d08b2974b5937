"""Quality observations' forms (SES-11): booking one, and recording its scores."""

from django import forms

from peernetworks.units import LONDON

from ..models import ObservationMethod


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
