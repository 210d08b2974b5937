"""Forms for quality management and life after the programme. Forms only collect and check
input; the services apply the rules."""

from django import forms

from .models import (
    PractitionerProfile,
    QualityActionKind,
    QualityChannel,
    QualityItemKind,
    RaisedBy,
)
from .rules import characteristics_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_label(user) -> str:
    return user.get_full_name() or user.username


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        hub = f" ({obj.hub.name})" if getattr(obj, "hub", None) else ""
        return f"{_person_label(obj)}, {obj.get_role_display().lower()}{hub}"


class QualityItemForm(forms.Form):
    """QM-3 a, b: who raised it, about whom or what, how and when; owner and resolve-by date."""

    kind = forms.ChoiceField(choices=QualityItemKind.choices)
    raised_by_type = forms.ChoiceField(label="Raised by (who)", choices=RaisedBy.choices)
    raised_by_name = forms.CharField(label="Raised by (name)", max_length=200)
    channel = forms.ChoiceField(choices=QualityChannel.choices)
    raised_on = forms.DateField(label="Raised on", widget=DATE)
    about = forms.CharField(
        label="About whom or what", max_length=200, help_text="A person, a session, a process…"
    )
    about_cohort = forms.ModelChoiceField(queryset=None, required=False, label="About a cohort")
    about_person = PersonChoiceField(
        queryset=None,
        required=False,
        label="About a person",
        help_text="The facilitator, provider or staff member it concerns, if any.",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text="What was said, in the words given where possible.",
    )
    owner = PersonChoiceField(queryset=None, required=False)
    due_on = forms.DateField(
        label="Resolve by",
        required=False,
        widget=DATE,
        help_text="Empty: the programme year's days to resolve (14 unless changed).",
    )

    def __init__(self, *args, team, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team
        self.fields["about_person"].queryset = team
        self.fields["about_cohort"].queryset = cohorts

    def clean(self):
        data = super().clean()
        raised_on, due_on = data.get("raised_on"), data.get("due_on")
        if raised_on and due_on and due_on < raised_on:
            self.add_error("due_on", "The resolve-by date cannot be before the item was raised.")
        return data


class QualityAssignForm(forms.Form):
    owner = PersonChoiceField(queryset=None)
    due_on = forms.DateField(label="Resolve by", widget=DATE)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team


class QualityActionForm(forms.Form):
    """QM-3 c, d: a step of the action plan or a corrective measure."""

    kind = forms.ChoiceField(label="Type", choices=QualityActionKind.choices)
    description = forms.CharField(
        label="What will be done", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    owner = PersonChoiceField(queryset=None)
    due_on = forms.DateField(label="Due on", widget=DATE)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team


class QualityResolveForm(forms.Form):
    """QM-3 e: the outcome and the process review."""

    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    process_review = forms.CharField(
        label="Process review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Does the way we work need to change? Required for a complaint.",
    )


class QualityReopenForm(forms.Form):
    """Why a resolved item is reopened (kept in its history)."""

    reason = forms.CharField(
        label="Why reopen it?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="For example: the participant came back; the corrective measure did not work.",
    )


class PractitionerProfileForm(forms.ModelForm):
    """Annex 1 and QM-4: contract and supplier, orientation, conflicts of interest."""

    class Meta:
        model = PractitionerProfile
        fields = [
            "supplier_name",
            "is_subcontractor",
            "contract_reference",
            "contract_start",
            "contract_end",
            "contract_notes",
            "orientation_completed_on",
            "orientation_notes",
            "conflicts_of_interest",
            "conflicts_declared_on",
        ]
        widgets = {
            "contract_start": DATE,
            "contract_end": DATE,
            "orientation_completed_on": DATE,
            "conflicts_declared_on": DATE,
            "contract_notes": forms.Textarea(attrs={"rows": 2}),
            "orientation_notes": forms.Textarea(attrs={"rows": 2}),
            "conflicts_of_interest": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", "The contract cannot end before it starts.")
        return data


class ProfileChecklistForm(forms.Form):
    """Annex 1: for each characteristic of the role, met or not, and the evidence."""

    def __init__(self, *args, role: str, checks: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristics = characteristics_for(role)
        for c in self.characteristics:
            check = checks.get(c.code)
            self.fields[f"met_{c.code}"] = forms.BooleanField(
                label="Met", required=False, initial=bool(check and check.met)
            )
            self.fields[f"evidence_{c.code}"] = forms.CharField(
                label="Evidence",
                required=False,
                max_length=2000,
                initial=check.evidence if check else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def clean(self):
        data = super().clean()
        for c in self.characteristics:
            if data.get(f"met_{c.code}") and not data.get(f"evidence_{c.code}", "").strip():
                self.add_error(f"evidence_{c.code}", "Give the evidence that this is met.")
        return data

    def entries(self) -> dict[str, tuple[bool, str]]:
        return {
            c.code: (
                bool(self.cleaned_data.get(f"met_{c.code}")),
                self.cleaned_data.get(f"evidence_{c.code}", ""),
            )
            for c in self.characteristics
        }

    def lines(self):
        """(characteristic, met field, evidence field) for the template's table."""
        return [
            (c, self[f"met_{c.code}"], self[f"evidence_{c.code}"]) for c in self.characteristics
        ]


class PeerGroupForm(forms.Form):
    name = forms.CharField(max_length=120)
    organiser = PersonChoiceField(
        queryset=None,
        required=False,
        help_text="The cluster lead or a nominated cluster member.",
    )
    members = PeopleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = candidates
        self.fields["members"].queryset = candidates


class PeerGroupMembersForm(forms.Form):
    members = PeopleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates


class PeerGroupMeetingForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DATE)
    attendees = PeopleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)
    themes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text="Common programme problems and topics discussed.",
    )
    practice_notes = forms.CharField(
        label="Shared practice notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members


class AlumniConsentForm(forms.Form):
    """Post-Programme Sustainability: explicit consent, and the contact details chosen."""

    consent = forms.BooleanField(
        label="Yes: share my name and business with the other members who also choose to",
        error_messages={"required": "Tick the box to say yes, or leave this page."},
    )
    share_email = forms.BooleanField(label="Also share my email address", required=False)
    share_phone = forms.BooleanField(label="Also share my phone number", required=False)
    other_contact = forms.CharField(
        label="Other ways to reach me",
        max_length=200,
        required=False,
        help_text="For example your LinkedIn page or a WhatsApp group. Optional.",
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name}, {obj.business.name}"


class ContinuingSessionForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DATE)
    attendees = MemberChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    attendee_count = forms.IntegerField(
        label="How many came",
        min_value=0,
        required=False,
        help_text="Including anyone not ticked above. Empty: the number ticked.",
    )
    topics = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
