"""The public registration forms: the privacy notice, then the business and the person
(ONB-1..5). Validation of the ELIG inputs is the rules' (``participants.eligibility``)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError

from peernetworks.validators import (
    validate_companies_house_number,
    validate_plausible_date,
    validate_single_line,
    validate_uk_postcode,
)

from ..eligibility import parse_application
from ..eligibility.settings import eligibility_settings
from ..models import EqualityData, LegalForm, PreviousParticipation, ReferralSource

OUTSIDE_AREA = "__outside__"

# The rules' messages name JSON fields (the assess_eligibility contract); applicants get these.
FRIENDLY_RULE_ERRORS = {
    "balance_sheet_total_gbp": "Enter the balance-sheet total: with these employee and turnover "
    "figures it decides whether the business is a small or medium-sized enterprise.",
    "trading_start_date": "The date the business started trading cannot be in the future.",
}


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: "m12ab" and "M1 2AB" are the same."""
    compact = "".join(value.upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no_field(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class PrivacyAcknowledgementForm(forms.Form):
    """ONB-1: shown before any personal data is asked for."""

    acknowledged = forms.BooleanField(
        label="I have read the privacy notice and understand how my information will be used.",
    )


class RegistrationForm(forms.Form):
    """One form for the business and the person; saved in one transaction by the service."""

    # The business
    business_name = forms.CharField(
        label="Business name", max_length=200, validators=[validate_single_line]
    )
    # A field people never see or fill in (hidden off-screen, skipped by the keyboard and by
    # screen readers): a form that arrives with it filled was filled in by a robot.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    companies_house_number = forms.CharField(
        label="Companies House number (if any)", max_length=8, required=False
    )
    trading_address = forms.CharField(
        label="Trading address", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(label="Postcode", max_length=10)
    local_authority = forms.ChoiceField(label="Local authority of the trading address")
    in_hub_area = yes_no_field("Is the business's trading address in this Growth Hub's area?")
    sic_code = forms.CharField(
        label="SIC code (5 digits)",
        max_length=5,
        help_text="The UK SIC 2007 code registered for the business, e.g. 62012.",
    )
    legal_form = forms.ChoiceField(label="Legal form", choices=LegalForm.choices)
    trading_start_date = forms.DateField(
        label="Date the business started trading",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible_date],
    )
    employees_full_time = forms.IntegerField(label="Full-time employees", min_value=0)
    employees_part_time_permanent = forms.IntegerField(
        label="Part-time permanent employees", min_value=0
    )
    associates_freelancers = forms.IntegerField(
        label="Associates or freelancers working with the business",
        min_value=0,
        initial=0,
        help_text="Self-employed people who pay their own tax and have no employees. "
        "Counted only for creative industries businesses.",
    )
    pays_staff_via_paye = yes_no_field("Does the business employ staff through PAYE?")
    turnover_gbp = forms.IntegerField(label="Annual turnover (£)", min_value=0)
    balance_sheet_total_gbp = forms.IntegerField(
        label="Balance-sheet total (£)",
        min_value=0,
        required=False,
        help_text="Needed only for businesses with over 250 employees or over £36m turnover.",
    )
    pre_covid_employees_full_time = forms.IntegerField(
        label="Full-time employees before Covid-19", min_value=0, required=False
    )
    pre_covid_employees_part_time_permanent = forms.IntegerField(
        label="Part-time permanent employees before Covid-19", min_value=0, required=False
    )
    pre_covid_associates_freelancers = forms.IntegerField(
        label="Associates or freelancers before Covid-19", min_value=0, required=False
    )
    pre_covid_turnover_gbp = forms.IntegerField(
        label="Annual turnover before Covid-19 (£)", min_value=0, required=False
    )
    potential_to_scale = forms.BooleanField(
        label="The business has potential to scale up", required=False
    )
    exports_or_could = forms.BooleanField(label="The business exports, or could", required=False)

    # The person
    first_name = forms.CharField(
        label="First name", max_length=100, validators=[validate_single_line]
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, validators=[validate_single_line]
    )
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(
        label="Phone number", max_length=30, required=False, validators=[validate_single_line]
    )
    job_title = forms.CharField(
        label="Job title", max_length=100, validators=[validate_single_line]
    )
    is_senior_decision_maker = yes_no_field(
        "Are you a senior decision maker in the business (owner, director, MD/CEO, partner or "
        "senior manager), attending yourself?"
    )
    aspiration_to_improve = yes_no_field("Do you aspire to improve the business?")
    previous_participation = forms.ChoiceField(
        label="Did you or your business take part in Peer Networks last year?",
        choices=PreviousParticipation.choices,
    )
    business_already_has_participant = yes_no_field(
        "Has anyone else from the business registered for Peer Networks this year?"
    )
    referral_source = forms.ChoiceField(
        label="How did you hear about Peer Networks?", choices=ReferralSource.choices
    )
    referral_source_other = forms.CharField(
        label="If other, where?", max_length=200, required=False
    )
    evaluation_consent = forms.BooleanField(
        label="I agree that my programme information may be shared with the independent "
        "evaluator of Peer Networks.",
        required=False,
    )
    charter_signed = forms.BooleanField(label="I sign the Participant Charter above.")

    # Optional equality data (ONB-5)
    gender = forms.ChoiceField(
        label="Gender", choices=[("", "—")] + EqualityData.Gender.choices, required=False
    )
    age_band = forms.ChoiceField(
        label="Age", choices=[("", "—")] + EqualityData.AgeBand.choices, required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group", choices=[("", "—")] + EqualityData.Ethnicity.choices, required=False
    )
    disability = forms.ChoiceField(
        label="Do you have a disability or long-term health condition?",
        choices=[("", "—")] + EqualityData.YesNo.choices,
        required=False,
    )

    PRE_COVID_REQUIRED = (
        "pre_covid_employees_full_time",
        "pre_covid_employees_part_time_permanent",
        "pre_covid_turnover_gbp",
    )

    def __init__(self, *args, hub, year, application_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub = hub
        self.year = year
        charter_text = year.charter_text
        self.application_date = application_date
        authorities = hub.local_authority_list
        if authorities:
            # ELIG-6 from the address's local authority; no separate yes/no question.
            self.fields["local_authority"].choices = (
                [("", "Choose…")]
                + [(la, la) for la in authorities]
                + [(OUTSIDE_AREA, "Somewhere else")]
            )
            del self.fields["in_hub_area"]
        else:
            del self.fields["local_authority"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Your business",
                "business_name",
                "companies_house_number",
                "trading_address",
                "postcode",
                *(["local_authority"] if authorities else ["in_hub_area"]),
                "sic_code",
                "legal_form",
                "trading_start_date",
                "employees_full_time",
                "employees_part_time_permanent",
                "associates_freelancers",
                "pays_staff_via_paye",
                "turnover_gbp",
                "balance_sheet_total_gbp",
                "potential_to_scale",
                "exports_or_could",
            ),
            Fieldset(
                "If Covid-19 reduced your turnover or staff (optional)",
                HTML(
                    '<p class="small text-body-secondary">Figures for the 12 months before '
                    "March 2020.</p>"
                ),
                "pre_covid_employees_full_time",
                "pre_covid_employees_part_time_permanent",
                "pre_covid_associates_freelancers",
                "pre_covid_turnover_gbp",
            ),
            Fieldset(
                "About you",
                "first_name",
                "last_name",
                "email",
                "phone",
                "job_title",
                "is_senior_decision_maker",
                "aspiration_to_improve",
                "previous_participation",
                "business_already_has_participant",
                "referral_source",
                "referral_source_other",
            ),
            Fieldset(
                "Evaluation and the Participant Charter",
                "evaluation_consent",
                HTML(
                    '<div class="border rounded p-3 mb-3 bg-body-tertiary" id="charter">'
                    '<h3 class="h6">Participant Charter</h3>'
                    '<p style="white-space: pre-line">{{ charter_text }}</p></div>'
                ),
                "charter_signed",
            ),
            Fieldset(
                "Equality monitoring (optional)",
                HTML(
                    '<p class="small text-body-secondary">Used only to balance cohorts and for '
                    "anonymous totals. Leave blank if you prefer.</p>"
                ),
                "gender",
                "age_band",
                "ethnicity",
                "disability",
            ),
            Div("website", css_class="pn-trap", aria_hidden="true"),
            Submit("submit", "Register", css_class="btn-lg"),
        )
        self.charter_text = charter_text

    @property
    def filled_by_a_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_sic_code(self):
        value = self.cleaned_data["sic_code"].strip()
        if not (len(value) == 5 and value.isdigit()):
            raise ValidationError("Enter the 5-digit SIC code, e.g. 62012.")
        return value

    def clean_companies_house_number(self):
        value = self.cleaned_data["companies_house_number"].strip().upper()
        if value.isdigit() and len(value) < 8:
            value = value.zfill(8)  # Companies House pads numbers with leading zeros
        validate_companies_house_number(value)
        return value

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        validate_uk_postcode(value)
        return value

    def clean_trading_start_date(self):
        value = self.cleaned_data["trading_start_date"]
        if value > self.application_date:
            raise ValidationError("The date the business started trading cannot be in the future.")
        return value

    def clean(self):
        data = super().clean()
        given = [name for name in self.PRE_COVID_REQUIRED if data.get(name) is not None]
        if given and len(given) < len(self.PRE_COVID_REQUIRED):
            for name in self.PRE_COVID_REQUIRED:
                if data.get(name) is None:
                    self.add_error(name, "Give all the pre-Covid figures, or none of them.")
        if data.get("referral_source") == ReferralSource.OTHER and not data.get(
            "referral_source_other"
        ):
            self.add_error("referral_source_other", "Say where you heard about Peer Networks.")
        self._check_with_the_rules(data)
        return data

    @property
    def trading_address_in_area(self) -> bool:
        if "local_authority" in self.fields:
            return self.cleaned_data.get("local_authority") != OUTSIDE_AREA
        return bool(self.cleaned_data.get("in_hub_area"))

    def application_data(self) -> dict:
        """The answers in the ELIG rules' own input form, so one validator judges them."""
        data = self.cleaned_data
        pre_covid = None
        if data.get("pre_covid_turnover_gbp") is not None:
            pre_covid = {
                "employees_full_time": data["pre_covid_employees_full_time"],
                "employees_part_time_permanent": data["pre_covid_employees_part_time_permanent"],
                "associates_freelancers": data.get("pre_covid_associates_freelancers") or 0,
                "turnover_gbp": data["pre_covid_turnover_gbp"],
            }
        return {
            "ref": "registration",
            "application_date": self.application_date.isoformat(),
            "trading_start_date": data["trading_start_date"].isoformat(),
            "employees_full_time": data["employees_full_time"],
            "employees_part_time_permanent": data["employees_part_time_permanent"],
            "associates_freelancers": data["associates_freelancers"] or 0,
            "pays_staff_via_paye": data["pays_staff_via_paye"],
            "turnover_gbp": data["turnover_gbp"],
            "balance_sheet_total_gbp": data.get("balance_sheet_total_gbp"),
            "sic_code": data["sic_code"],
            "legal_form": data["legal_form"],
            "aspiration_to_improve": data["aspiration_to_improve"],
            "is_senior_decision_maker": data["is_senior_decision_maker"],
            "trading_address_in_hub_area": self.trading_address_in_area,
            "cross_lep_agreement": False,
            "pre_covid": pre_covid,
            "viable_going_forward": None,
            "previous_participation": data["previous_participation"],
            "business_already_has_participant": data["business_already_has_participant"],
        }

    def _check_with_the_rules(self, data) -> None:
        """Runs the ELIG input checks as soon as the answers they need are valid, so every
        error shows in the same round trip."""
        try:
            application = self.application_data()
        except KeyError:  # an answer the rules need is itself invalid and already reported
            return
        thresholds, _ = eligibility_settings(self.year)
        _, errors = parse_application(application, thresholds=thresholds)
        for field, message in errors.items():
            name = field.replace("pre_covid.", "pre_covid_")
            if name in self.errors:
                continue
            self.add_error(
                name if name in self.fields else None, FRIENDLY_RULE_ERRORS.get(name, message)
            )
