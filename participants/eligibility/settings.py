"""Where the ELIG rules get their numbers: a programme year's thresholds and the creative SIC
codes. The one module of the package that reads the database."""

from datetime import date

from peernetworks.models import ProgrammeYear

from ..models import CreativeSicCode
from .checks import DCMS_CREATIVE_SIC_PREFIXES, Thresholds, normalise_sic_prefixes


def creative_sic_prefixes() -> frozenset[str]:
    """The active creative SIC prefixes (ELIG-11). An empty table (never seeded) means the DCMS
    list; a seeded table with every code switched off means no creative codes."""
    if not CreativeSicCode.objects.exists():
        return DCMS_CREATIVE_SIC_PREFIXES
    codes = CreativeSicCode.objects.filter(is_active=True).values_list("code4", flat=True)
    return normalise_sic_prefixes(codes)


def eligibility_settings(year: ProgrammeYear | None) -> tuple[Thresholds, frozenset[str]]:
    """The thresholds of the given year (PY-5: always the participant's own year) and the
    creative SIC prefixes. No year → the Playbook defaults."""
    return Thresholds.from_programme_year(year), creative_sic_prefixes()


def thresholds_on(day: date | None, years: list[ProgrammeYear]) -> Thresholds:
    """The thresholds of the year covering `day` among `years` (loaded once by the caller),
    else of the year staff pages show by default, else the Playbook's."""
    for year in years:
        if day is not None and year.contains(day):
            return Thresholds.from_programme_year(year)
    return Thresholds.from_programme_year(ProgrammeYear.current())
