"""Random but deterministic programme files in the interchange format, rich in KPI-2 edges:
sessions late on a month's last evening and just after midnight, across clock changes,
cancelled and planned sessions, minutes attended, drop-outs, dates on E and E + 1."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TOPICS = ["Finance", "HR", "Net zero", "Sales and Marketing", "Digital", "Change Management"]


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _edge_day(rng) -> date:
    """Often a month's first or last day, else any day of the programme year."""
    month = rng.choice([6, 7, 8, 9, 10, 11, 12, 1, 2, 3])
    year = 2022 if month <= 3 else 2021
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return rng.choice([first, last, last, _day(rng, first, last)])


def programme(seed: int, *, hubs: int = 3, prefix: str = "") -> dict:
    rng = random.Random(seed)
    year_start, year_end = date(2021, 4, 1), date(2022, 3, 31)
    clusters = [{"slug": "north", "name": "North"}, {"slug": "south", "name": "South"}]
    hub_rows = [
        {
            "slug": f"{prefix}h{i}",
            "name": f"{prefix}Hub {i}",
            "cluster": clusters[i % 2]["slug"],
            "target_participants": 100,
        }
        for i in range(hubs)
    ]
    users, businesses, participants, cohorts, sessions = [], [], [], [], []
    attendance, one_to_one, feedback, surveys, observations = [], [], [], [], []
    for h, hub in enumerate(hub_rows):
        slug = hub["slug"]
        users += [
            {
                "username": f"{slug}-staff",
                "email": "",
                "first_name": "S",
                "last_name": "T",
                "role": "hub_staff",
                "hub": slug,
            },
            {
                "username": f"{slug}-fac",
                "email": "",
                "first_name": "F",
                "last_name": "A",
                "role": "facilitator",
                "hub": slug,
            },
            {
                "username": f"{slug}-coach",
                "email": "",
                "first_name": "C",
                "last_name": "O",
                "role": "provider",
                "hub": slug,
            },
        ]
        members_by_cohort = {}
        for c in range(rng.randint(1, 3)):
            ref = f"{prefix}C{h}-{c}"
            cohorts.append(
                {
                    "ref": ref,
                    "hub": slug,
                    "name": f"{slug} cohort {c}",
                    "facilitator": f"{slug}-fac",
                }
            )
            members_by_cohort[ref] = []
        for p in range(rng.randint(4, 26)):
            bref, pref = f"{prefix}B{h}-{p}", f"{prefix}P{h}-{p}"
            turnover = rng.choice([99_999, 100_000, 250_000, 80_000])
            businesses.append(
                {
                    "ref": bref,
                    "hub": slug,
                    "name": f"Business {h}-{p}",
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
            registered = _edge_day(rng) if rng.random() < 0.9 else date(2021, 3, 20)
            cohort = rng.choice(list(members_by_cohort) + [None])
            if cohort and len(members_by_cohort[cohort]) >= 11:
                cohort = None
            if cohort:
                members_by_cohort[cohort].append(pref)
            discretion = None
            if rng.random() < 0.3:
                discretion = {"decision": rng.choice(["approved", "refused"]), "reason": "Hub"}
            participants.append(
                {
                    "ref": pref,
                    "business": bref,
                    "first_name": "P",
                    "last_name": f"{h}-{p}",
                    "email": f"p{h}{p}@example.org",
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
                    "dropped_out_on": _edge_day(rng).isoformat() if rng.random() < 0.15 else None,
                    "drop_out_reason": "",
                }
            )
            if rng.random() < 0.6:
                surveys.append(
                    {
                        "participant": pref,
                        "kind": "baseline",
                        "completed_on": _edge_day(rng).isoformat(),
                    }
                )
            if rng.random() < 0.3:
                surveys.append(
                    {
                        "participant": pref,
                        "kind": "exit",
                        "completed_on": rng.choice([None, _edge_day(rng).isoformat()]),
                    }
                )
            for _ in range(rng.randint(0, 4)):
                route = rng.choice(["programme", "existing_provision"])
                one_to_one.append(
                    {
                        "participant": pref,
                        "date": _edge_day(rng).isoformat(),
                        "hours": rng.choice([0.5, 1, 1.25, 1.5, 2, 3.5]),
                        "route": route,
                        "provider": f"{slug}-coach" if route == "programme" else None,
                        "existing_programme": "Local scheme"
                        if route == "existing_provision"
                        else "",
                        "mode": rng.choice(["video", "phone", "face_to_face"]),
                    }
                )
        for cohort_ref, members in members_by_cohort.items():
            first = _edge_day(rng)
            for s in range(rng.randint(0, 9)):
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
                        "duration_hours": rng.choice([2, 2.5, 3, 1.75]),
                        "status": status,
                        "topics": rng.sample(TOPICS, k=rng.randint(0, 3)),
                    }
                )
                for member in members:
                    att = rng.choice(
                        ["present"] * 5 + ["late", "left_early", "apologies", "absent"]
                    )
                    attendance.append(
                        {
                            "session": sref,
                            "participant": member,
                            "status": att,
                            "minutes_attended": rng.choice([None, None, 90, 100]),
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
                                "submitted_on": (
                                    day + timedelta(days=rng.choice([0, 1, 5]))
                                ).isoformat(),
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
            "name": "2021/22",
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
