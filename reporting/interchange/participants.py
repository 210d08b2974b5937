"""The file's businesses, cohorts and participants: each participant assessed for
eligibility as in the application, with the hub's discretion decision and a seat in a cohort."""

from datetime import datetime, time

from cohorts.models import Cohort, CohortMembership
from participants.eligibility import LEGAL_FORMS, PREVIOUS_PARTICIPATION_CHOICES, Outcome
from participants.models import Business, DiscretionChoice, DiscretionDecision, Participant
from participants.services import participant_assess
from peernetworks.units import LONDON

from .fields import MONEY_MAX, Record
from .validation import ImportChecks, _shown


def _noon(day):
    """A date-only timestamp from the file, held as midday London so it reads back the same."""
    return datetime.combine(day, time(12, 0), tzinfo=LONDON) if day else None


class ParticipantsImport(ImportChecks):
    """Loads `businesses`, `cohorts` and `participants`."""

    def _businesses(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("businesses")):
            r = Record(item, f"businesses[{i}]", self.errors)
            ref = self._ref(r, Business, seen)
            hub = r.ref("hub", self.hubs, "hub")
            values = {
                "name": r.str("name", blank=False),
                "sic_code": r.str("sic_code", blank=False, max_length=5),
                "legal_form": r.choice("legal_form", set(LEGAL_FORMS)),
                "trading_start_date": r.date("trading_start_date"),
                "employees_full_time": r.int("employees_full_time"),
                "employees_part_time_permanent": r.int("employees_part_time_permanent"),
                "associates_freelancers": r.int("associates_freelancers", default=0),
                "pays_staff_via_paye": r.bool("pays_staff_via_paye"),
                "turnover_gbp": r.int("turnover_gbp", maximum=MONEY_MAX),
                "balance_sheet_total_gbp": r.int(
                    "balance_sheet_total_gbp", default=None, nullable=True, maximum=MONEY_MAX
                ),
                "trading_address_in_hub_area": r.bool("trading_address_in_hub_area"),
                "cross_lep_agreement": r.bool("cross_lep_agreement", default=False),
                "viable_going_forward": r.bool("viable_going_forward", default=None, nullable=True),
                "companies_house_number": r.str("companies_house_number", default="", max_length=8),
                "postcode": r.str("postcode", default="", max_length=10),
                "trading_address": r.str("trading_address", default="", max_length=1000),
                "local_authority": r.str("local_authority", default="", max_length=100),
            }
            if values["sic_code"] and not (
                len(values["sic_code"]) == 5 and values["sic_code"].isdigit()
            ):
                r.error("sic_code", "must be 5 digits")
            pre = r.data.get("pre_covid")
            if pre is not None:
                p = Record(pre, f"businesses[{i}].pre_covid", self.errors)
                values.update(
                    pre_covid_employees_full_time=p.int("employees_full_time"),
                    pre_covid_employees_part_time_permanent=p.int("employees_part_time_permanent"),
                    pre_covid_associates_freelancers=p.int("associates_freelancers", default=0),
                    pre_covid_turnover_gbp=p.int("turnover_gbp", maximum=MONEY_MAX),
                )
                r.ok = r.ok and p.ok
            if not r.ok:
                continue
            business = Business.objects.create(ref=ref, hub=hub, **values)
            self.businesses[ref] = business
        self.counts["businesses"] = len(self.businesses)

    def _cohorts(self) -> None:
        seen = set()
        for i, item in enumerate(self._list("cohorts")):
            r = Record(item, f"cohorts[{i}]", self.errors)
            ref = self._ref(r, Cohort, seen)
            hub = r.ref("hub", self.hubs, "hub")
            name = r.str("name", blank=False, max_length=120)
            facilitator = r.ref("facilitator", self.users, "user", nullable=True)
            if facilitator and hub:
                self._same_hub(r, "facilitator", hub.pk, facilitator.hub_id)
            if (
                name
                and hub
                and Cohort.objects.filter(hub=hub, programme_year=self.year, name=name).exists()
            ):
                r.error("name", f'"{name}" already exists in this hub')
            if not r.ok:
                continue
            self.cohorts[ref] = Cohort.objects.create(
                ref=ref,
                hub=hub,
                programme_year=self.year,
                name=name,
                lead_facilitator=facilitator,
            )
        self.counts["cohorts"] = len(self.cohorts)

    def _participants(self) -> None:
        seen = set()
        seats: dict[int, int] = {}
        per_business: set[int] = set()
        for i, item in enumerate(self._list("participants")):
            r = Record(item, f"participants[{i}]", self.errors)
            ref = self._ref(r, Participant, seen)
            business = r.ref("business", self.businesses, "business")
            values = {
                "first_name": r.str("first_name", blank=False, max_length=100),
                "last_name": r.str("last_name", default="", max_length=100),
                "email": r.str("email", default="", max_length=254),
                "job_title": r.str("job_title", default="", max_length=100),
                "is_senior_decision_maker": r.bool("is_senior_decision_maker"),
                "aspiration_to_improve": r.bool("aspiration_to_improve"),
                "previous_participation": r.choice(
                    "previous_participation", set(PREVIOUS_PARTICIPATION_CHOICES)
                ),
                "business_already_has_participant": r.bool("business_already_has_participant"),
                "registered_on": r.date("registered_on"),
                "privacy_acknowledged_at": _noon(
                    r.date("privacy_acknowledged_on", default=None, nullable=True)
                ),
                "evaluation_consent": r.bool("evaluation_consent", default=False),
                "charter_signed_at": _noon(
                    r.date("charter_signed_on", default=None, nullable=True)
                ),
                "dropped_out_on": r.date("dropped_out_on", default=None, nullable=True),
                "drop_out_reason": r.str("drop_out_reason", default="", max_length=2000),
            }
            cohort = r.ref("cohort", self.cohorts, "cohort", nullable=True)
            # ELIG-9 background the application keeps no field for: read so that a wrong value
            # is still an error, and otherwise not stored.
            r.bool("drop_out_outside_control", default=False)
            registered = values["registered_on"]
            if registered and not self.year.contains(registered):
                r.error(
                    "registered_on",
                    f"{registered} is outside the programme year {_shown(self.year.name)} "
                    f"({self.year.start} to {self.year.end}); a participant belongs to the "
                    "year they registered in, so import them with that year's file",
                )
            discretion = r.data.get("discretion")
            if discretion is not None:
                d = Record(discretion, f"participants[{i}].discretion", self.errors)
                decision = d.choice("decision", set(DiscretionChoice.values))
                reason = d.str("reason", default="", max_length=2000)
                # KPI-2: the decision counts from the day it was taken (default: registration).
                decided_on = d.date("decided_on", default=None, nullable=True) or registered
                if decided_on and registered and decided_on < registered:
                    d.error(
                        "decided_on",
                        f"{decided_on} is before the participant registered ({registered}); "
                        "give the date the hub decided",
                    )
                r.ok = r.ok and d.ok
            # ELIG-8 is an eligibility rule (a second participant is assessed ineligible), but two
            # participants who both say they are the business's first cannot both be true.
            first = values["business_already_has_participant"] is False
            if business and first and business.pk in per_business:
                r.error(
                    "business_already_has_participant",
                    "the business already has a participant this programme year (ELIG-8)",
                )
            if business and cohort:
                self._same_hub(r, "cohort", business.hub_id, cohort.hub_id)
            if cohort and r.ok and seats.get(cohort.pk, 0) >= self.year.cohort_max:
                r.error(
                    "cohort",
                    f"{cohort.ref} already has {self.year.cohort_max} participants (cohort_max)",
                )
            if not r.ok:
                continue
            if first:
                per_business.add(business.pk)
            participant = Participant.objects.create(
                ref=ref, business=business, programme_year=self.year, **values
            )
            try:
                participant_assess(participant=participant, trigger="import")
            except Exception as error:  # ValidationError naming the input field
                messages = getattr(error, "message_dict", {"": [str(error)]})
                for name, problems in messages.items():
                    r.error(None, f"eligibility cannot be assessed: {name} {' '.join(problems)}")
                continue
            if discretion is not None:
                DiscretionDecision.objects.create(
                    participant=participant,
                    decision=decision,
                    reason=reason or "Imported.",
                    decided_at=_noon(decided_on),
                )
                if participant.eligibility_outcome == Outcome.NEEDS_DISCRETION:
                    participant.discretion_decision = decision
                    participant.discretion_decided_on = decided_on
                    participant.save(update_fields=["discretion_decision", "discretion_decided_on"])
            if cohort:
                seats[cohort.pk] = seats.get(cohort.pk, 0) + 1
                CohortMembership.objects.create(
                    cohort=cohort,
                    participant=participant,
                    seat=seats[cohort.pk],
                    joined_at=_noon(values["registered_on"]),
                )
                self.member_of[participant.pk] = cohort.pk
            self.participants[ref] = participant
        self.counts["participants"] = len(self.participants)
