"""An independent, deliberately naive KPI-2 implementation over an interchange file.

Written straight from SPEC.md's definitions with plain loops, so the database compile can be
checked against it on generated programmes (the acceptance tests do the same). It reads one
year's file: the month must fall in that year, and the database's figures for the month must
equal these whatever other years it holds (PY-1).
"""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from participants.eligibility import assess_data

LONDON = ZoneInfo("Europe/London")
Q2 = Decimal("0.01")


def _d(text):
    return date.fromisoformat(text) if text else None


def _r(value) -> float:
    return float(Decimal(value).quantize(Q2, rounding=ROUND_HALF_UP))


def reference_kpis(programme: dict, month: str) -> dict:
    year = programme["programme_year"]
    start = _d(year["start"])
    first = date.fromisoformat(month + "-01")
    end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert start <= end and first <= _d(year["end"]), f"{month} is not in {year['name']}"
    required = Decimal(str(year.get("group_hours_required", 18)))
    minimum = Decimal(str(year.get("one_to_one_minimum_hours", 3.5)))

    def to_date(day):
        return day is not None and start <= day <= end

    businesses = {b["ref"]: b for b in programme["businesses"]}
    cohorts = {c["ref"]: c for c in programme["cohorts"]}
    hub_of_participant = {}
    eligible = set()
    for p in programme["participants"]:
        b = businesses[p["business"]]
        hub_of_participant[p["ref"]] = b["hub"]
        application = {**b, **p, "ref": p["ref"], "application_date": p["registered_on"]}
        outcome = assess_data(application).outcome
        discretion = p.get("discretion")
        # Eligible as at E: an approval counts from the day it was decided (default: the day
        # of registration), so a later decision leaves this month's figure alone.
        approved_by_e = (
            discretion is not None
            and discretion["decision"] == "approved"
            and _d(discretion.get("decided_on") or p["registered_on"]) <= end
        )
        if outcome in ("eligible", "eligible_with_flexibility") or (
            outcome == "needs_discretion" and approved_by_e
        ):
            eligible.add(p["ref"])

    def session_day(s):
        return datetime.fromisoformat(s["starts_at"]).astimezone(LONDON).date()

    sessions = {s["ref"]: s for s in programme["sessions"]}
    delivered = {
        ref for ref, s in sessions.items() if s["status"] == "delivered" and to_date(session_day(s))
    }
    hub_of_session = {ref: cohorts[s["cohort"]]["hub"] for ref, s in sessions.items()}

    out = defaultdict(Counter)
    hours = defaultdict(lambda: defaultdict(Decimal))
    satisfaction = Counter()
    topics = defaultdict(Counter)

    for p in programme["participants"]:
        hub = hub_of_participant[p["ref"]]
        registered = to_date(_d(p["registered_on"]))
        out[hub]["participants_registered"] += registered
        out[hub]["participants_eligible"] += registered and p["ref"] in eligible
        out[hub]["participants_dropped_out"] += to_date(_d(p.get("dropped_out_on")))

    cohort_hours = defaultdict(Decimal)
    for ref in delivered:
        s = sessions[ref]
        hub = hub_of_session[ref]
        length = Decimal(str(s["duration_hours"]))
        out[hub]["sessions_delivered"] += 1
        out[hub]["sessions_delivered_in_month"] += first <= session_day(s) <= end
        hours[hub]["group_hours_delivered"] += length
        cohort_hours[s["cohort"]] += length
        for name in set(s.get("topics", [])):
            topics[hub][name] += 1
    for cohort_ref, total in cohort_hours.items():
        hub = cohorts[cohort_ref]["hub"]
        out[hub]["cohorts_started"] += 1
        out[hub]["cohorts_completed"] += total >= required

    attended_minutes = defaultdict(Decimal)
    for a in programme["attendance"]:
        if a["session"] in delivered and a["status"] in ("present", "late", "left_early"):
            s = sessions[a["session"]]
            minutes = a.get("minutes_attended")
            attended_minutes[a["participant"]] += (
                Decimal(minutes) if minutes is not None else Decimal(str(s["duration_hours"])) * 60
            )
    for ref, minutes in attended_minutes.items():
        hub = hub_of_participant[ref]
        out[hub]["participants_started"] += 1
        out[hub]["participants_completed_group_hours"] += minutes / 60 >= required

    one_to_one = defaultdict(Decimal)
    routes = defaultdict(set)
    for o in programme["one_to_one"]:
        if to_date(_d(o["date"])):
            hub = hub_of_participant[o["participant"]]
            value = Decimal(str(o["hours"]))
            hours[hub][f"one_to_one_hours_{o['route']}"] += value
            one_to_one[o["participant"]] += value
            routes[o["route"]].add(o["participant"])
    for ref, total in one_to_one.items():
        out[hub_of_participant[ref]]["participants_met_one_to_one_minimum"] += total >= minimum
    for route, people in routes.items():
        for ref in people:
            out[hub_of_participant[ref]][f"participants_one_to_one_{route}"] += 1
    # PART-1: completed = the group hours and the one-to-one minimum, both to date.
    for p in programme["participants"]:
        ref = p["ref"]
        group = attended_minutes.get(ref, Decimal(0)) / 60 >= required
        out[hub_of_participant[ref]]["participants_completed"] += (
            group and one_to_one.get(ref, Decimal(0)) >= minimum
        )

    for f in programme["feedback"]:
        if to_date(_d(f["submitted_on"])):
            hub = hub_of_participant[f["participant"]]
            out[hub]["feedback_responses"] += 1
            satisfaction[hub] += f["satisfaction"]
    for o in programme["observations"]:
        if to_date(_d(o.get("completed_on"))):
            out[hub_of_session[o["session"]]]["observations_completed"] += 1
    for s in programme["surveys"]:
        if to_date(_d(s.get("completed_on"))):
            out[hub_of_participant[s["participant"]]][f"{s['kind']}_surveys_completed"] += 1

    def figures(hubs: list[str]) -> dict:
        counts, sums, topic_counts, sat = Counter(), defaultdict(Decimal), Counter(), 0
        for hub in hubs:
            counts.update(out[hub])
            for key, value in hours[hub].items():
                sums[key] += value
            topic_counts.update(topics[hub])
            sat += satisfaction[hub]
        responses = counts["feedback_responses"]
        ranked = sorted(topic_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        return {
            **{k: int(v) for k, v in counts.items()},
            "group_hours_delivered": _r(sums["group_hours_delivered"]),
            "one_to_one_hours_programme": _r(sums["one_to_one_hours_programme"]),
            "one_to_one_hours_existing_provision": _r(sums["one_to_one_hours_existing_provision"]),
            "mean_satisfaction": _r(Decimal(sat) / responses) if responses else None,
            "hot_topics": [name for name, _ in ranked],
        }

    hubs = [h["slug"] for h in programme["hubs"]]
    clusters = defaultdict(list)
    for h in programme["hubs"]:
        clusters[h["cluster"]].append(h["slug"])
    return {
        "hubs": {hub: figures([hub]) for hub in hubs},
        "clusters": {c: figures(members) for c, members in clusters.items()},
        "national": figures(hubs),
    }
