"""Facilitator and provider records (Annex 1; Quality Management 4): a practitioner's profile
and the Annex 1 characteristics checked for it, on evidence.

The tables keep the names they were created with (`cohorts_*`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q

from peernetworks.models import Role
from peernetworks.validators import validate_plausible_date


@dataclass(frozen=True)
class Characteristic:
    code: str
    text: str
    essential: bool
    roles: tuple[str, ...]


_F, _P = Role.FACILITATOR.value, Role.PROVIDER.value
# Annex 1's "Key characteristics", as the Playbook words them, for the facilitator and the
# one-to-one support provider profiles (the roles each applies to).
ANNEX_1 = (
    Characteristic(
        "optimistic",
        "Optimistic, enthusiastic and self-motivated, with an empathetic approach",
        True,
        (_F, _P),
    ),
    Characteristic(
        "engaging",
        "Engaging personal style, energetic personality",
        True,
        (_F, _P),
    ),
    Characteristic(
        "smes",
        "Understanding and appreciation of smaller business from micros to large SMEs",
        True,
        (_F, _P),
    ),
    Characteristic(
        "people",
        "Passionate about getting the best out of people, with a genuine interest in supporting"
        " others to excel",
        True,
        (_F, _P),
    ),
    Characteristic(
        "integrity",
        "Integrity, independence and patience",
        True,
        (_F, _P),
    ),
    Characteristic(
        "facilitation_methods",
        "Knowledge and application of facilitation methodologies and toolsets including action "
        "learning styles",
        True,
        (_F,),
    ),
    Characteristic(
        "coaching_methods",
        "Knowledge and application of coaching/mentoring/consulting methodologies and toolsets",
        True,
        (_P,),
    ),
    Characteristic(
        "facilitation_record",
        "Proven track record in high-impact facilitation in the SME space",
        True,
        (_F,),
    ),
    Characteristic(
        "coaching_record",
        "Proven track record in high-impact coaching/mentoring/consulting, and SME business advice",
        True,
        (_P,),
    ),
    Characteristic(
        "interpersonal",
        "Strong interpersonal skills, with a robust but respectful and constructive approach to"
        " facilitation",
        True,
        (_F,),
    ),
    Characteristic(
        "challenge",
        "Able to offer constructive challenge",
        True,
        (_F,),
    ),
    Characteristic(
        "interpersonal_challenge",
        "Strong interpersonal skills, able to offer constructive challenge",
        True,
        (_P,),
    ),
    Characteristic(
        "influencer",
        "Strong influencer, significant experience of coaching/mentoring/advising/supporting "
        "others through change",
        True,
        (_P,),
    ),
    Characteristic(
        "acumen",
        "Credibility, a strong business acumen, commercial mindset and excellent project "
        "management skills",
        True,
        (_F, _P),
    ),
    Characteristic(
        "board_level",
        "Able to interact comfortably at owner/MD/CEO/Board level, with great communication, "
        "collaboration and storytelling skills",
        True,
        (_F, _P),
    ),
    Characteristic(
        "flexible",
        "Flexible approach to solving business problems and the ability to articulate solutions",
        True,
        (_F, _P),
    ),
    Characteristic(
        "ethics",
        "High degree of personal ethics, able to understand and reflect LEP/GH/BEIS strategy "
        "and values",
        True,
        (_F, _P),
    ),
    Characteristic(
        "leadership",
        "Experience of operating in senior leadership positions within an SME or larger "
        "organisation",
        True,
        (_F, _P),
    ),
    Characteristic(
        "evaluate_needs",
        "Ability to rapidly evaluate the needs of participants and suggest appropriate support "
        "based on their capacity, ability and motivation",
        True,
        (_F, _P),
    ),
    Characteristic(
        "support_landscape",
        "Practical understanding of the current landscape of publicly funded business support "
        "(local and national)",
        True,
        (_F, _P),
    ),
    Characteristic(
        "it_skills",
        "Strong IT/technical skills, including an understanding of video conference platforms "
        "(e.g. Teams/ Zoom/Hangouts), computerised management information systems, diary "
        "management, and CRM databases",
        True,
        (_F, _P),
    ),
    Characteristic(
        "stakeholders",
        "Excellent stakeholder management and relationship management abilities",
        True,
        (_F, _P),
    ),
    Characteristic(
        "peer_groups",
        "Experience of developing and leading peer-to-peer groups, peer boards, or peer networks",
        False,
        (_F,),
    ),
    Characteristic(
        "sme_founder",
        "Experience setting up, running, and growing an SME business",
        False,
        (_F, _P),
    ),
    Characteristic(
        "advice_experience",
        "Professional experience of managing and delivering business assessment, advice and "
        "development",
        False,
        (_F, _P),
    ),
    Characteristic(
        "complex_ideas",
        "Ability to structure, analyse and present complex ideas and data, as well as resolve "
        "complex problems",
        False,
        (_F, _P),
    ),
    Characteristic(
        "qualifications",
        "Relevant qualifications and accreditations",
        False,
        (_F, _P),
    ),
)
ANNEX_1_BY_CODE = {c.code: c for c in ANNEX_1}


class PractitionerProfile(models.Model):
    """A facilitator's or one-to-one provider's record (Annex 1, QM-4): the profile checklist
    (ProfileCheck rows), orientation, contract and supplier, and conflicts of interest."""

    HUB_SCOPE = "user__hub"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="practitioner_profile",
        limit_choices_to={"role__in": [Role.FACILITATOR, Role.PROVIDER]},
    )
    # QM-4a, b: selection and contractual documentation.
    supplier_name = models.CharField(
        "supplier", max_length=200, blank=True, help_text="The organisation contracted, if any."
    )
    is_subcontractor = models.BooleanField("works as a sub-contractor", default=False)
    contract_reference = models.CharField(max_length=100, blank=True)
    contract_start = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    contract_end = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    contract_notes = models.TextField(
        blank=True, help_text="How they were selected; where the contract documents are kept."
    )
    # QM-4c: induction. Annex 1: "Participate in programme-specific training and orientation".
    orientation_completed_on = models.DateField(
        "orientation completed on", null=True, blank=True, validators=[validate_plausible_date]
    )
    orientation_notes = models.TextField(blank=True)
    conflicts_of_interest = models.TextField(
        blank=True, help_text="Declared interests; leave empty when none were declared."
    )
    conflicts_declared_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cohorts_practitionerprofile"
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = "facilitator or provider profile"
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_start__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="practitioner_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user.get_full_name() or self.user.username}"


class ProfileCheck(models.Model):
    """One Annex 1 characteristic checked for one profile: met or not, and the evidence."""

    HUB_SCOPE = "profile__user__hub"

    profile = models.ForeignKey(
        PractitionerProfile, on_delete=models.CASCADE, related_name="checks"
    )
    code = models.CharField(
        max_length=40,
        choices=[(c.code, c.text) for c in ANNEX_1],
        verbose_name="characteristic",
    )
    met = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
    checked_on = models.DateField(validators=[validate_plausible_date])
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "cohorts_profilecheck"
        ordering = ["profile", "code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="profile_check_once"),
            # A characteristic is "met" only on evidence.
            models.CheckConstraint(
                condition=Q(met=False) | ~Q(evidence=""), name="profile_check_met_with_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.code} {'met' if self.met else 'not met'}"
