"""`export_programme`: one programme year in the interchange format (INTERCHANGE.md).

Exactly that year's records (PY-1, PY-7), with the clusters, hubs (and their targets for that
year) and users they refer to. Records created in the application get a generated ref
(`business-12`); importing an export into an empty database and exporting again gives back the
same records and fields.
"""

from django.db.models import Prefetch

from cohorts.models import Cohort, CohortMembership
from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import OneToOneSession
from participants.models import Business, DiscretionDecision, Participant
from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, User
from peernetworks.units import LONDON
from sessions.models import Attendance, Observation, Session

from .importer import FORMAT


class Refs:
    """The ref each record is exported under: its stored ref, else a generated `<kind>-<pk>`.
    An import may have stored exactly that text on another record (refs are free text), so a
    generated ref that a stored one already uses becomes `<kind>-<pk>-2` (then -3, …): two
    records never share a ref in one file. One instance per export: it reads each model's
    stored refs of that shape once, when first needed."""

    def __init__(self):
        self._taken: dict[type, set[str]] = {}

    def __call__(self, obj, kind: str) -> str:
        if obj.ref:
            return obj.ref
        model = type(obj)
        taken = self._taken.get(model)
        if taken is None:
            taken = self._taken[model] = set(
                model._default_manager.filter(ref__startswith=f"{kind}-").values_list(
                    "ref", flat=True
                )
            )
        ref, n = f"{kind}-{obj.pk}", 1
        while ref in taken:
            n += 1
            ref = f"{kind}-{obj.pk}-{n}"
        return ref


def _date(value):
    return value.isoformat() if value else None


def _local_date(moment):
    return moment.astimezone(LONDON).date().isoformat() if moment else None


def _number(value):
    """Hours as a JSON number: 3 not 3.00, 1.5 not "1.50"."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def programme_export(year: ProgrammeYear | None = None) -> dict:
    """The year given, else the running year, else the latest (PY-7)."""
    year = year or ProgrammeYear.current()
    if year is None:
        return {"format": FORMAT}
    _ref = Refs()
    participants = list(
        Participant.objects.filter(programme_year=year)
        .select_related("business")
        .prefetch_related(
            Prefetch(
                "discretion_decisions",
                queryset=DiscretionDecision.objects.order_by("-decided_at", "-pk"),
            ),
            Prefetch(
                "memberships",
                queryset=CohortMembership.objects.filter(left_at__isnull=True).select_related(
                    "cohort"
                ),
            ),
        )
        .order_by("pk")
    )
    cohorts = list(
        Cohort.objects.filter(programme_year=year)
        .select_related("hub", "lead_facilitator")
        .order_by("pk")
    )
    sessions = list(
        Session.objects.filter(cohort__programme_year=year)
        .select_related("cohort")
        .prefetch_related("topics")
        .order_by("pk")
    )
    session_refs = {s.pk: _ref(s, "session") for s in sessions}
    participant_refs = {p.pk: _ref(p, "participant") for p in participants}
    # A business is not tied to a year: the year's businesses are its participants'.
    businesses = {
        b.pk: b
        for b in Business.objects.filter(participants__programme_year=year)
        .select_related("hub")
        .distinct()
        .order_by("pk")
    }
    one_to_one = list(
        OneToOneSession.objects.filter(participant_id__in=participant_refs)
        .select_related("provider")
        .order_by("pk")
    )
    observations = list(
        Observation.objects.filter(session_id__in=session_refs)
        .select_related("observer")
        .order_by("pk")
    )
    users = _users_referred_to(cohorts, one_to_one, observations)
    hubs = _hubs_of(year, businesses.values(), cohorts, users)
    targets = dict(
        HubYear.objects.filter(programme_year=year).values_list("hub_id", "target_participants")
    )

    def discretion(p):
        decisions = list(p.discretion_decisions.all())
        if not decisions:
            return None
        latest = decisions[0]
        return {
            "decision": latest.decision,
            "reason": latest.reason,
            "decided_on": _local_date(latest.decided_at),
        }

    def cohort_ref(p):
        memberships = list(p.memberships.all())
        return _ref(memberships[0].cohort, "cohort") if memberships else None

    return {
        "format": FORMAT,
        "programme_year": {
            "name": year.name,
            "start": _date(year.start),
            "end": _date(year.end),
            "target_participants": year.target_participants,
            "group_hours_required": _number(year.group_hours_required),
            "one_to_one_minimum_hours": _number(year.one_to_one_minimum_hours),
            "cohort_max": year.cohort_max,
        },
        "clusters": [
            {"slug": c.slug, "name": c.name}
            for c in Cluster.objects.filter(hubs__in=hubs).distinct().order_by("slug")
        ],
        "hubs": [
            {
                "slug": h.slug,
                "name": h.name,
                "cluster": h.cluster.slug,
                "target_participants": targets.get(h.pk, 0),
            }
            for h in hubs
        ],
        "users": [
            {
                "username": u.username,
                "email": u.email,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "role": u.role,
                "hub": u.hub.slug if u.hub else None,
            }
            for u in users
        ],
        "businesses": [
            {
                "ref": _ref(b, "business"),
                "hub": b.hub.slug,
                "name": b.name,
                "sic_code": b.sic_code,
                "legal_form": b.legal_form,
                "trading_start_date": _date(b.trading_start_date),
                "employees_full_time": b.employees_full_time,
                "employees_part_time_permanent": b.employees_part_time_permanent,
                "associates_freelancers": b.associates_freelancers,
                "pays_staff_via_paye": b.pays_staff_via_paye,
                "turnover_gbp": b.turnover_gbp,
                "balance_sheet_total_gbp": b.balance_sheet_total_gbp,
                "trading_address_in_hub_area": b.trading_address_in_hub_area,
                "cross_lep_agreement": b.cross_lep_agreement,
                "pre_covid": (
                    {
                        "employees_full_time": b.pre_covid_employees_full_time,
                        "employees_part_time_permanent": b.pre_covid_employees_part_time_permanent,
                        "associates_freelancers": b.pre_covid_associates_freelancers or 0,
                        "turnover_gbp": b.pre_covid_turnover_gbp,
                    }
                    if b.has_pre_covid_figures
                    else None
                ),
                "viable_going_forward": b.viable_going_forward,
                "companies_house_number": b.companies_house_number,
                "postcode": b.postcode,
                "trading_address": b.trading_address,
                "local_authority": b.local_authority,
            }
            for b in businesses.values()
        ],
        "participants": [
            {
                "ref": participant_refs[p.pk],
                "business": _ref(p.business, "business"),
                "first_name": p.first_name,
                "last_name": p.last_name,
                "email": p.email,
                "job_title": p.job_title,
                "is_senior_decision_maker": p.is_senior_decision_maker,
                "aspiration_to_improve": p.aspiration_to_improve,
                "previous_participation": p.previous_participation,
                "business_already_has_participant": p.business_already_has_participant,
                "registered_on": _date(p.registered_on),
                "privacy_acknowledged_on": _local_date(p.privacy_acknowledged_at),
                "evaluation_consent": p.evaluation_consent,
                "charter_signed_on": _local_date(p.charter_signed_at),
                "discretion": discretion(p),
                "cohort": cohort_ref(p),
                "dropped_out_on": _date(p.dropped_out_on),
                "drop_out_reason": p.drop_out_reason,
            }
            for p in participants
        ],
        "cohorts": [
            {
                "ref": _ref(c, "cohort"),
                "hub": c.hub.slug,
                "name": c.name,
                "facilitator": c.lead_facilitator.username if c.lead_facilitator else None,
            }
            for c in cohorts
        ],
        "sessions": [
            {
                "ref": session_refs[s.pk],
                "cohort": _ref(s.cohort, "cohort"),
                "starts_at": s.starts_at.astimezone(LONDON).isoformat(),
                "duration_hours": _number(s.duration_hours),
                "status": s.status,
                "topics": sorted(t.name for t in s.topics.all()),
            }
            for s in sessions
        ],
        "attendance": [
            {
                "session": session_refs[a.session_id],
                "participant": participant_refs[a.participant_id],
                "status": a.status,
                "minutes_attended": a.minutes_attended,
            }
            for a in Attendance.objects.filter(session_id__in=session_refs).order_by("pk")
            if a.participant_id in participant_refs
        ],
        "one_to_one": [
            {
                "participant": participant_refs[o.participant_id],
                "date": _date(o.date),
                "hours": _number(o.hours),
                "route": o.route,
                "provider": o.provider.username if o.provider else None,
                "existing_programme": o.existing_programme,
                "mode": o.mode,
                "nature_of_support": o.nature_of_support,
            }
            for o in one_to_one
        ],
        "feedback": [
            {
                "session": session_refs[f.session_id],
                "participant": participant_refs[f.participant_id],
                "satisfaction": f.satisfaction,
                "relevance": f.relevance,
                "facilitation": f.facilitation,
                "submitted_on": _date(f.submitted_on),
            }
            for f in SessionFeedback.objects.filter(session_id__in=session_refs).order_by("pk")
            if f.participant_id in participant_refs
        ],
        "surveys": [
            {
                "participant": participant_refs[s.participant_id],
                "kind": s.kind,
                "completed_on": _date(s.completed_on),
            }
            for s in SurveyResponse.objects.filter(participant_id__in=participant_refs).order_by(
                "pk"
            )
        ],
        "observations": [
            {
                "session": session_refs[o.session_id],
                "observer": o.observer.username,
                "completed_on": _date(o.completed_on),
            }
            for o in observations
        ],
    }


def _users_referred_to(cohorts, one_to_one, observations) -> list[User]:
    """Users are shared by the years; a year's file carries those its records name."""
    ids = {c.lead_facilitator_id for c in cohorts}
    ids |= {o.provider_id for o in one_to_one}
    ids |= {o.observer_id for o in observations}
    ids.discard(None)
    return list(User.objects.filter(pk__in=ids).select_related("hub").order_by("pk"))


def _hubs_of(year, businesses, cohorts, users) -> list[GrowthHub]:
    """The hubs with a target for the year, and any other hub the year's records name."""
    ids = set(HubYear.objects.filter(programme_year=year).values_list("hub_id", flat=True))
    ids |= {b.hub_id for b in businesses}
    ids |= {c.hub_id for c in cohorts}
    ids |= {u.hub_id for u in users}
    ids.discard(None)
    return list(GrowthHub.objects.filter(pk__in=ids).select_related("cluster").order_by("slug"))
