"""Staff forms for KPI returns: compile a month, re-open with a reason, choose a dashboard."""

from datetime import date

from django import forms
from django.utils import timezone

from .kpi import parse_month
from .models import ReturnStatus


class CompileForm(forms.Form):
    month = forms.CharField(
        label="Month",
        help_text="The month to compile, for example 2021-10.",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def clean_month(self) -> date:
        try:
            month = parse_month(self.cleaned_data["month"].strip())
        except ValueError as error:
            raise forms.ValidationError(
                "Give the month as YYYY-MM, for example 2021-10."
            ) from error
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError("That month has not started yet.")
        return month


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Reason for re-opening",
        help_text="Recorded in the return's history.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the return is being re-opened."},
    )


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label="Supporting narrative",
        help_text="What the figures do not say: progress, issues, what the hub is doing next. "
        "Sent with the figures when the return is submitted.",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReturnFilterForm(forms.Form):
    """The returns list's filters; the hub choice is offered only to those who see many hubs."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ReturnStatus.choices]
    )
    hub = forms.ChoiceField(label="Growth Hub", required=False)

    def __init__(self, *args, hubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", "All Growth Hubs")] + [(h.slug, h.name) for h in hubs]


class ClusterChoiceForm(forms.Form):
    cluster = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", "National (all clusters)")] + [
            (c.slug, f"Cluster: {c.name}") for c in clusters
        ]
