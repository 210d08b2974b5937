"""Random but deterministic programme files in the interchange format, rich in KPI-2 edges:
sessions late on a month's last evening and just after midnight, across clock changes,
cancelled and planned sessions, minutes attended, drop-outs, dates on E and E + 1, discretion
decided after registration, participants who complete (group hours and the one-to-one minimum),
and records dated just after the year's end.

Any programme year: `programme(seed, year="2022/23", refs="y2-")` gives a file for 2022/23 whose
records have refs of their own, on the same hubs, clusters and users as the 2021/22 file, so
both load into one database (PY-1) and the shared records are reused. `prefix` instead gives
other hubs altogether.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TOPICS = ["Finance", "HR", "Net zero", "Sales and Marketing", "Digital", "Change Management"]


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _month(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return _month(first, 1) - timedelta(days=1)


class Calendar:
    """The programme year's dates the generator draws from."""

    def __init__(self, rng, start: date, end: date):
        self.rng, self.start, self.end = rng, start, end

    def clip(self, day: date) -> date:
        return min(max(day, self.start), self.end)

    def edge_day(self, months: range = range(2, 12)) -> date:
        """Often a month's first or last day (months counted from the year's first), else any
        day of that month."""
        first = _month(self.start.replace(day=1), self.rng.choice(months))
        last = _month_end(first)
        return self.clip(self.rng.choice([first, last, last, _day(self.rng, first, last)]))

    def after(self, day: date, most: int) -> date:
        """A day up to `most` days later, sometimes a month's last day, within the year."""
        later = day + timedelta(days=self.rng.randint(1, most))
        if self.rng.random() < 0.3:
            later = _month_end(later.replace(day=1))
        return self.clip(later)


def programme(
    seed: int,
    *,
    hubs: int = 3,
    prefix: str = "",
    year: str = "2021/22",
    start: date | None = None,
    end: date | None = None,
    refs: str = "",
) -> dict:
    """`year` names the programme year (April to March unless `start`/`end` say otherwise);
    `refs` prefixes every ref of the year's own records; `prefix` prefixes hubs, users and refs."""
    rng = random.Random(seed)
    year_start = start or date(int(year[:4]), 4, 1)
    year_end = end or date(year_start.year + 1, 3, 31)
    cal = Calendar(rng, year_start, year_end)
    tag = prefix + refs
    clusters = [{"slug": "north", "name": "North"}, {"slug": "south", "name": "South"}]
    hub_rows = [
        {
            "slug": f"{prefix}h{i}",
            "name": f"{prefix}Hub {i}",
            "cluster": clusters[i % 2]["slug"],
            # Each year has its own target (PY-1): 100 in 2021/22, more later.
            "target_participants": 100 + 10 * (year_start.year - 2021),
        }
        for i in range(hubs)
    ]
    users, businesses, participants, cohorts, sessions = [], [], [], [], []
    attendance, one_to_one, feedback, surveys, observations = [], [], [], [], []
    for h, hub in enumerate(hub_rows):
        slug = hub["slug"]
        users += [
            {
                "username": f"{slug}-{name}",
                "email": "",
                "first_name": first,
                "last_name": last,
                "role": role,
                "hub": slug,
            }
            for name, first, last, role in (
                ("staff", "S", "T", "hub_staff"),
                ("fac", "F", "A", "facilitator"),
                ("coach", "C", "O", "provider"),
            )
        ]
        members_by_cohort, steady = {}, set()
        for c in range(rng.randint(1, 3)):
            ref = f"{tag}C{h}-{c}"
            cohorts.append(
                {
                    "ref": ref,
                    "hub": slug,
                    "name": f"{slug} cohort {c}",
                    "facilitator": f"{slug}-fac",
                }
            )
            members_by_cohort[ref] = []
            # A steady cohort meets nine times for 2.5 hours and its members come: most of
            # them reach the 18 hours (PART-1).
            if rng.random() < 0.5:
                steady.add(ref)
        for p in range(rng.randint(4, 26)):
            bref, pref = f"{tag}B{h}-{p}", f"{tag}P{h}-{p}"
            turnover = rng.choice([99_999, 100_000, 250_000, 80_000])
            businesses.append(
                {
                    "ref": bref,
                    "hub": slug,
                    "name": f"Business {refs}{h}-{p}",
                    "sic_code": rng.choice(["25620", "59111", "62012", "10710"]),
                    "legal_form": rng.choice(["ltd", "ltd", "ltd", "charity", "llp"]),
                    "trading_start_date": rng.choice(["2010-01-01", "2020-06-01", "2020-07-15"]),
                    "employees_full_time": rng.randint(2, 30),
                    "employees_part_time_permanent": rng.randint(0, 3),
                    "associates_freelancers": rng.randint(0, 4),
                    "pays_staff_via_paye": rng.random() < 0.95,
                    "turnover_gbp": turnover,
                    "balance_sheet_total_gbp": 100_000,
                    "trading_address_in_hub_area": rng.random() < 0.9,
                    "cross_lep_agreement": False,
                    "pre_covid": (
                        {
                            "employees_full_time": 9,
                            "employees_part_time_permanent": 0,
                            "turnover_gbp": 300_000,
                        }
                        if turnover == 80_000
                        else None
                    ),
                    "viable_going_forward": rng.choice([True, None, False]),
                }
            )
            # Every registration falls inside the year; some on its very first day.
            registered = cal.edge_day() if rng.random() < 0.9 else year_start
            cohort = rng.choice(list(members_by_cohort) + [None])
            if cohort and len(members_by_cohort[cohort]) >= 11:
                cohort = None
            if cohort:
                members_by_cohort[cohort].append(pref)
            discretion = None
            if rng.random() < 0.45:
                decision = rng.choice(["approved", "approved", "refused"])
                discretion = {"decision": decision, "reason": "Hub"}
                # Decided later than registration: eligible as at E only from that day (KPI-2).
                if rng.random() < 0.6:
                    discretion["decided_on"] = cal.after(registered, 150).isoformat()
            dropped_out_on = cal.edge_day() if rng.random() < 0.15 else None
            row = {
                "ref": pref,
                "business": bref,
                "first_name": "P",
                "last_name": f"{refs}{h}-{p}",
                "email": f"p{refs}{h}{p}@example.org",
                "job_title": "MD",
                "is_senior_decision_maker": rng.random() < 0.95,
                "aspiration_to_improve": True,
                "previous_participation": rng.choice(
                    ["none", "none", "none", "took_part", "dropped_out_outside_control"]
                ),
                "business_already_has_participant": False,
                "registered_on": registered.isoformat(),
                "privacy_acknowledged_on": registered.isoformat(),
                "evaluation_consent": True,
                "charter_signed_on": registered.isoformat(),
                "discretion": discretion,
                "cohort": cohort,
                "dropped_out_on": dropped_out_on.isoformat() if dropped_out_on else None,
                "drop_out_reason": "",
            }
            if dropped_out_on and rng.random() < 0.5:
                row["drop_out_outside_control"] = rng.random() < 0.5
            participants.append(row)
            if rng.random() < 0.6:
                surveys.append(
                    {"participant": pref, "kind": "baseline", "completed_on": _iso(cal.edge_day())}
                )
            if rng.random() < 0.3:
                surveys.append(
                    {
                        "participant": pref,
                        "kind": "exit",
                        "completed_on": rng.choice([None, _iso(cal.edge_day())]),
                    }
                )
            if dropped_out_on and rng.random() < 0.8:
                # SUR-4; sometimes only after the year has ended (then in no month's figures).
                answered = dropped_out_on + timedelta(days=rng.choice([0, 3, 20, 40]))
                surveys.append(
                    {
                        "participant": pref,
                        "kind": "drop_out",
                        "completed_on": rng.choice([None, *[_iso(answered)] * 3]),
                    }
                )
            logs = [
                (rng.choice(["programme", "existing_provision"]), None, None)
                for _ in range(rng.randint(0, 4))
            ]
            if cohort in steady and rng.random() < 0.8:
                # Exactly the 3.5-hour minimum by both routes together (OTO-1, OTO-4); the
                # others may finish their group hours short of it.
                logs += [("programme", 1.5, None), ("existing_provision", 2, None)]
            if rng.random() < 0.05:
                logs.append(("programme", 1, year_end + timedelta(days=rng.randint(1, 10))))
            for route, hours, day in logs:
                one_to_one.append(
                    {
                        "participant": pref,
                        "date": _iso(day or cal.edge_day()),
                        "hours": hours or rng.choice([0.5, 1, 1.25, 1.5, 2, 3.5]),
                        "route": route,
                        "provider": f"{slug}-coach" if route == "programme" else None,
                        "existing_programme": "Local scheme"
                        if route == "existing_provision"
                        else "",
                        "mode": rng.choice(["video", "phone", "face_to_face"]),
                    }
                )
        for cohort_ref, members in members_by_cohort.items():
            is_steady = cohort_ref in steady
            first = cal.edge_day(range(1, 5) if is_steady else range(2, 12))
            for s in range(9 if is_steady else rng.randint(0, 9)):
                day = first + timedelta(days=14 * s)
                if day > year_end + timedelta(days=20):
                    break
                clock = rng.choice([time(9, 30), time(23, 30), time(0, 15), time(18, 0)])
                sref = f"S{cohort_ref}-{s}"
                status = rng.choice(["delivered"] * 6 + ["planned", "cancelled"])
                sessions.append(
                    {
                        "ref": sref,
                        "cohort": cohort_ref,
                        "starts_at": datetime.combine(day, clock, tzinfo=LONDON).isoformat(),
                        "duration_hours": 2.5 if is_steady else rng.choice([2, 2.5, 3, 1.75]),
                        "status": "delivered" if is_steady else status,
                        "topics": rng.sample(TOPICS, k=rng.randint(0, 3)),
                    }
                )
                for member in members:
                    if is_steady and rng.random() < 0.92:
                        att, minutes = "present", None
                    else:
                        att = rng.choice(
                            ["present"] * 5 + ["late", "left_early", "apologies", "absent"]
                        )
                        minutes = rng.choice([None, None, 90, 100])
                    attendance.append(
                        {
                            "session": sref,
                            "participant": member,
                            "status": att,
                            "minutes_attended": minutes,
                        }
                    )
                    if att in ("present", "late") and rng.random() < 0.5:
                        feedback.append(
                            {
                                "session": sref,
                                "participant": member,
                                "satisfaction": rng.randint(1, 5),
                                "relevance": rng.randint(1, 5),
                                "facilitation": rng.randint(1, 5),
                                "submitted_on": _iso(day + timedelta(days=rng.choice([0, 1, 5]))),
                            }
                        )
                if rng.random() < 0.15:
                    observations.append(
                        {
                            "session": sref,
                            "observer": f"{slug}-staff",
                            "completed_on": rng.choice([None, day.isoformat()]),
                        }
                    )
    return {
        "format": "peer-networks-programme/1",
        "programme_year": {
            "name": year,
            "start": year_start.isoformat(),
            "end": year_end.isoformat(),
            "target_participants": 6000,
            "group_hours_required": 18,
            "one_to_one_minimum_hours": 3.5,
            "cohort_max": 11,
        },
        "clusters": clusters,
        "hubs": hub_rows,
        "users": users,
        "businesses": businesses,
        "participants": participants,
        "cohorts": cohorts,
        "sessions": sessions,
        "attendance": attendance,
        "one_to_one": one_to_one,
        "feedback": feedback,
        "surveys": surveys,
        "observations": observations,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
