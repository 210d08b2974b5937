"""Where the pure ELIG rules get their data: the programme year and the creative SIC codes."""

from participants.eligibility import (
    DCMS_CREATIVE_SIC_PREFIXES,
    Thresholds,
    normalise_sic_prefixes,
)
from participants.models import CreativeSicCode
from peernetworks.models import ProgrammeYear


def current_eligibility_settings() -> tuple[Thresholds, frozenset[str]]:
    """The current programme year's thresholds and the active creative SIC prefixes (ELIG-11).

    No programme year → the Playbook defaults. An empty creative-code table (never seeded) → the
    DCMS list; a seeded table with every code switched off means no creative codes.
    """
    thresholds = Thresholds.from_programme_year(ProgrammeYear.current())
    if not CreativeSicCode.objects.exists():
        return thresholds, DCMS_CREATIVE_SIC_PREFIXES
    codes = CreativeSicCode.objects.filter(is_active=True).values_list("code4", flat=True)
    return thresholds, normalise_sic_prefixes(codes)
