"""Demo businesses and participants across every eligibility outcome."""


def demo_participants(year, hubs, *, scale: str) -> None:
    return None
