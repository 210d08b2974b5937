"""The hub's decision forms on a participant's eligibility: discretion, viability (ELIG-10) and
a cross-LEP agreement (ELIG-6)."""

from django import forms

from ..models import DiscretionChoice


class DiscretionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=DiscretionChoice.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class ViabilityForm(forms.Form):
    viable = forms.ChoiceField(
        label="Is the business likely to be viable going forward?",
        choices=[("yes", "Viable"), ("no", "Not viable"), ("", "Not yet assessed")],
        required=False,
        widget=forms.RadioSelect,
    )

    def viable_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("viable") or "")


class CrossLepAgreementForm(forms.Form):
    agreed = forms.BooleanField(label="A formal agreement of both LEPs is recorded", required=False)
    note = forms.CharField(
        label="Which LEP agreed, and when", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
