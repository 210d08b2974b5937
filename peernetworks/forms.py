"""Forms of the programme structure's own staff actions."""

from datetime import timedelta

from django import forms

from .models import ProgrammeYear


class StartYearForm(forms.Form):
    """PY-4: the new year's name and dates; everything else is copied from the earlier year."""

    name = forms.CharField(label="Name", max_length=20, help_text="For example 2026/27.")
    start = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    registration_opens_on = forms.DateField(
        label="Registration opens on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank to open registration on the first day.",
    )

    def __init__(self, *args, from_year: ProgrammeYear, **kwargs):
        super().__init__(*args, **kwargs)
        start = from_year.end + timedelta(days=1)
        self.fields["start"].initial = start
        self.fields["end"].initial = start.replace(year=start.year + 1) - timedelta(days=1)
        first, _, _ = from_year.name.partition("/")
        if first.isdigit():
            following = int(first) + 1
            self.fields["name"].initial = f"{following}/{(following + 1) % 100:02d}"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if ProgrammeYear.objects.filter(name=name).exists():
            raise forms.ValidationError(f"There is already a programme year called {name}.")
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "The last day must be after the first day.")
        return data
