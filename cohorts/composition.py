"""COH-4: advice on a cohort's make-up. Shown while building a cohort; never blocks."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Member:
    name: str
    business_name: str
    employees: int
    sic_code: str
    trading_start_date: date
    gender: str = ""
    declared_competitors: tuple[str, ...] = field(default_factory=tuple)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace(" ltd", "").replace(" limited", "").split())


def composition_advice(members: list[Member], *, on: date) -> list[str]:
    """Plain-English advice; an empty list means nothing to point out."""
    advice: list[str] = []
    if len(members) < 2:
        return advice

    # Declared competitors in the same cohort (either side declaring is enough).
    names = {_norm(m.business_name): m for m in members}
    reported = set()
    for member in members:
        for competitor in member.declared_competitors:
            other = names.get(_norm(competitor))
            if other and other is not member:
                pair = tuple(sorted((member.business_name, other.business_name)))
                if pair not in reported:
                    reported.add(pair)
                    advice.append(f"Declared competitors together: {pair[0]} and {pair[1]}.")

    # Gender balance, from the optional equality data only.
    genders = Counter(m.gender for m in members if m.gender in ("female", "male"))
    known = sum(genders.values())
    if known >= 4:
        for gender, count in genders.items():
            if count / known >= 0.8:
                advice.append(
                    f"Gender balance: {count} of the {known} members who said are {gender}."
                )

    # Spread of business size.
    sizes = sorted(m.employees for m in members)
    if sizes[-1] >= 10 * max(sizes[0], 1) and sizes[-1] - sizes[0] >= 50:
        advice.append(f"Wide spread of business size: from {sizes[0]} to {sizes[-1]} employees.")

    # Sector diversity: SIC divisions (first two digits).
    divisions = Counter(m.sic_code[:2] for m in members)
    division, count = divisions.most_common(1)[0]
    if count >= max(3, (len(members) + 1) // 2):
        advice.append(
            f"Sector diversity: {count} of {len(members)} businesses share SIC division {division}."
        )

    # Stage of growth: years trading.
    years = sorted((on - m.trading_start_date).days // 365 for m in members)
    if years[-1] - years[0] >= 25:
        advice.append(
            f"Stage of growth varies widely: from {years[0]} to {years[-1]} years trading."
        )
    elif len(members) >= 4 and years[-1] - years[0] <= 1:
        advice.append("Stage of growth: every business has traded for about the same time.")
    return advice
