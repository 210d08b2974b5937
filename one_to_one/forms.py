"""Forms for the provider portal and the staff pages. They collect values; the rules and the
refusals are the services' (one_to_one.services)."""

from collections.abc import Callable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from peernetworks.web import form_errors_from

from .models import Mode, OneToOnePlatform, ReferralDestination, Route, Theme

# An HTML date input needs ISO dates, whatever the locale shows.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


def form_apply(form: forms.Form, action: Callable):
    """Runs a service with the form's values. A refusal becomes an error on the field it
    names, so the page shows it beside the input; returns None when refused."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        form_errors_from(form, error)
        return None


def _helper(layout: Layout | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class OneToOneLogForm(forms.Form):
    """The provider's one short form for a session (OTO-4, OTO-5, OTO-7)."""

    date = forms.DateField(label="Date", initial=_today, widget=DATE_INPUT)
    hours = forms.DecimalField(
        label="Hours",
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "inputmode": "decimal"}),
    )
    route = forms.ChoiceField(
        label="Route", choices=Route.choices, initial=Route.PROGRAMME, widget=forms.RadioSelect
    )
    existing_programme = forms.CharField(
        label="Existing programme name", max_length=200, required=False
    )
    nature_of_support = forms.CharField(
        label="Nature of support",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    mode = forms.ChoiceField(
        label="Mode", choices=[("", "—")] + Mode.choices, required=False, initial=Mode.VIDEO
    )
    platform = forms.ChoiceField(
        label="Video platform", choices=[("", "—")] + OneToOnePlatform.choices, required=False
    )
    themes = forms.MultipleChoiceField(
        label="Themes", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                Row(Column("date", css_class="col-7"), Column("hours", css_class="col-5")),
                "route",
                Div(
                    HTML(
                        '<p class="small text-body-secondary mb-2">For an existing local '
                        "programme only:</p>"
                    ),
                    "existing_programme",
                    "nature_of_support",
                    css_class="border rounded p-2 mb-3",
                ),
                Row(Column("mode", css_class="col-sm-6"), Column("platform", css_class="col-sm-6")),
                HTML('<details class="mb-3"><summary>Themes (optional)</summary>'),
                "themes",
                HTML("</details>"),
                "notes",
            )
        )


class ExistingProvisionForm(forms.Form):
    """Staff record hours another programme reports (OTO-4: name, hours, nature of support)."""

    date = forms.DateField(label="Date of the support", initial=_today, widget=DATE_INPUT)
    hours = forms.DecimalField(label="Hours", max_digits=5, decimal_places=2)
    # Not required here: the service names what is missing (OTO-4).
    existing_programme = forms.CharField(
        label="Existing programme name", max_length=200, required=False
    )
    nature_of_support = forms.CharField(
        label="Nature of support", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ActionPlanForm(forms.Form):
    """GROW(TH) (OTO-6)."""

    date = forms.DateField(label="Date agreed or reviewed", initial=_today, widget=DATE_INPUT)
    goal = forms.CharField(
        label="Goal",
        required=False,
        help_text="The clear end state the participant wants for their business.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reality = forms.CharField(
        label="Reality",
        required=False,
        help_text="Where they are now, where they are going, and the gap.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    obstacles_options = forms.CharField(
        label="Obstacles and options", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    way_forward = forms.CharField(
        label="Way forward", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tactics = forms.CharField(
        label="Tactics", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    habits = forms.CharField(
        label="Habits", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


OTHER_SERVICE = "other"


class ReferralForm(forms.Form):
    """OTO-8: a service from the directory (`services`: what the participant is offered,
    national entries first), or "other" with the destination in the note. Whether the chosen
    entry may be used is the service's check (services.referral_service_check)."""

    service = forms.ChoiceField(label="Referred or signposted to")
    referred_on = forms.DateField(label="Date", initial=_today, widget=DATE_INPUT)
    note = forms.CharField(
        label="Note",
        required=False,
        help_text="For “Other”, where they were referred: the participant sees it on their page.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        groups: dict[str, list] = {}
        for key, service in self.services.items():
            group = service.hub.name if service.hub_id else "National"
            groups.setdefault(group, []).append((key, service.name))
        self.fields["service"].choices = [
            ("", "Choose…"),
            *groups.items(),
            (OTHER_SERVICE, "Other (say where in the note)"),
        ]
        self.helper = _helper()

    def clean_service(self):
        """The chosen SupportService, or None for "other"."""
        value = self.cleaned_data["service"]
        return None if value == OTHER_SERVICE else self.services[value]

    def referral_kwargs(self) -> dict:
        """The arguments of services.referral_record from the cleaned values."""
        data = self.cleaned_data
        return {
            "service": data["service"],
            "destination": "" if data["service"] else ReferralDestination.OTHER,
            "referred_on": data["referred_on"],
            "note": data["note"],
        }


class DeclarationForm(forms.Form):
    """OTO-9: the provider's declaration for this participant."""

    has_conflict = forms.BooleanField(
        label="I have a conflict of interest with this participant or their business",
        required=False,
    )
    conflict_details = forms.CharField(
        label="The conflict of interest", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    continuing_commercial_work = forms.BooleanField(
        label="I continue private commercial work with this business", required=False
    )
    commercial_work_details = forms.CharField(
        label="The commercial work", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DeclineForm(forms.Form):
    """OTO-9: the participant declined one-to-one support."""

    declined_on = forms.DateField(label="Date declined", initial=_today, widget=DATE_INPUT)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AssignProviderForm(forms.Form):
    provider = forms.ModelChoiceField(label="Provider", queryset=None, empty_label="Choose…")

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["provider"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = _helper()
