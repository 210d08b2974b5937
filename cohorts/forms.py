from django import forms

from peernetworks.models import Role, User

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
