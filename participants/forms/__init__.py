"""Participants' forms for two audiences: business leaders registering (``registration``) and
hub staff deciding on eligibility (``staff``)."""

from .registration import OUTSIDE_AREA, PrivacyAcknowledgementForm, RegistrationForm
from .staff import CrossLepAgreementForm, DiscretionForm, ViabilityForm

__all__ = [
    "OUTSIDE_AREA",
    "CrossLepAgreementForm",
    "DiscretionForm",
    "PrivacyAcknowledgementForm",
    "RegistrationForm",
    "ViabilityForm",
]
