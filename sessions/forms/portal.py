"""The facilitator portal's forms. They check what was typed; the rules are the services' and
`sessions.attendance`'s."""

from crispy_forms.helper import FormHelper
from django import forms

from .. import attendance as rules
from ..models import AttendanceStatus, ReportBackStatus, Topic
from ..services import Mark, PresenterEntry

NOT_CHOSEN = ("", "—")


class AttendanceForm(forms.Form):
    """SES-7: the whole register on one page. With "mark all present" ticked, anyone left as
    "—" is recorded present, so only the exceptions need a tap."""

    mark_all_present = forms.BooleanField(
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
        label="Mark all present",
        help_text="Everyone left as “—” is recorded present; change only the exceptions.",
    )

    def __init__(self, *args, session, roll, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.roll = roll
        self.fields["mark_all_present"].initial = not existing
        self.minute_limit = int(rules.session_minutes(session.duration_hours))
        for membership in roll:
            pid, name = membership.participant_id, membership.participant.full_name
            recorded = existing.get(pid)
            self.fields[f"status_{pid}"] = forms.ChoiceField(
                label=f"Attendance of {name}",
                choices=[NOT_CHOSEN, *AttendanceStatus.choices],
                required=False,
                initial=recorded.status if recorded else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"minutes_{pid}"] = forms.IntegerField(
                label=f"Minutes {name} attended",
                required=False,
                min_value=1,
                max_value=self.minute_limit,
                initial=recorded.minutes_attended if recorded else None,
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control",
                        "placeholder": "minutes",
                        "inputmode": "numeric",
                    }
                ),
            )

    def rows(self):
        """(membership, status field, minutes field) per member, for the template."""
        return [
            (m, self[f"status_{m.participant_id}"], self[f"minutes_{m.participant_id}"])
            for m in self.roll
        ]

    def clean(self):
        cleaned = super().clean()
        everyone_present = cleaned.get("mark_all_present")
        marks = {}
        for membership in self.roll:
            pid = membership.participant_id
            status = cleaned.get(f"status_{pid}") or (
                AttendanceStatus.PRESENT if everyone_present else ""
            )
            minutes = cleaned.get(f"minutes_{pid}")
            if not status:
                self.add_error(
                    f"status_{pid}", "Choose an attendance status, or tick “Mark all present”."
                )
                continue
            check = rules.check_minutes_attended(
                status=status, minutes=minutes, duration_hours=self.session.duration_hours
            )
            if not check.ok:
                self.add_error(f"minutes_{pid}", check.message)
            marks[pid] = Mark(status=status, minutes=minutes)
        self.marks = marks
        return cleaned


class SessionNoteForm(forms.Form):
    """SES-9 notes with each member's issue and agreed actions (their SES-10 action card)."""

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics covered (BEIS core topics)",
    )
    other_topics = forms.CharField(
        required=False,
        label="Other topics",
        help_text="Anything not on the list, separated by commas.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    process_issues = forms.CharField(
        required=False,
        label="Process issues",
        help_text="Timekeeping, technology, group dynamics: how the session ran.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hot_topics = forms.CharField(
        required=False,
        label="Hot topics to report",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, topic_choices, roll, note, issues, cards, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.roll = roll
        self.fields["topics"].queryset = topic_choices
        if note is not None:
            self.fields["process_issues"].initial = note.process_issues
            self.fields["hot_topics"].initial = note.hot_topics
        for membership in roll:
            pid, name = membership.participant_id, membership.participant.full_name
            card = cards.get(pid)
            self.fields[f"issue_{pid}"] = forms.CharField(
                required=False,
                label=f"Issue {name} brought",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=issues.get(pid, ""),
            )
            self.fields[f"actions_{pid}"] = forms.CharField(
                required=False,
                label=f"Actions {name} agreed (their action card)",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=card.actions if card else "",
            )

    def rows(self):
        return [
            (m, self[f"issue_{m.participant_id}"], self[f"actions_{m.participant_id}"])
            for m in self.roll
        ]

    def presenters(self) -> dict[int, PresenterEntry]:
        return {
            m.participant_id: PresenterEntry(
                issue=self.cleaned_data.get(f"issue_{m.participant_id}", ""),
                actions=self.cleaned_data.get(f"actions_{m.participant_id}", ""),
            )
            for m in self.roll
        }


class ReportBackForm(forms.Form):
    """SES-10: report back on earlier action cards at this session."""

    def __init__(self, *args, cards, **kwargs):
        super().__init__(*args, **kwargs)
        self.cards = cards
        for card in cards:
            name = card.participant.full_name
            self.fields[f"report_{card.pk}"] = forms.ChoiceField(
                label=f"How did {name} get on?",
                choices=[("", "Not reported yet"), *ReportBackStatus.choices],
                required=False,
                initial=card.report_status,
            )
            self.fields[f"reflection_{card.pk}"] = forms.CharField(
                label=f"{name}'s reflection",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=card.reflection,
            )

    def rows(self):
        return [(c, self[f"report_{c.pk}"], self[f"reflection_{c.pk}"]) for c in self.cards]

    def reports(self) -> dict[int, tuple[str, str]]:
        """Only the cards with a status chosen, or whose report back is being cleared."""
        reports = {}
        for card in self.cards:
            status = self.cleaned_data.get(f"report_{card.pk}", "")
            reflection = self.cleaned_data.get(f"reflection_{card.pk}", "")
            if status or card.report_status:
                reports[card.pk] = (status, reflection)
        return reports


class FollowUpCloseForm(forms.Form):
    note = forms.CharField(
        label="What did the follow-up find?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisengagementForm(forms.Form):
    reason = forms.CharField(
        label="Why do you think they have disengaged?",
        help_text="What you have seen and what you have tried. Hub staff are emailed.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SupportReferralForm(forms.Form):
    reason = forms.CharField(
        label="What deeper support do they need?",
        help_text="Hub staff see this and arrange one-to-one support.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DisengagementDecisionForm(forms.Form):
    """Hub staff: confirm the drop-out (date, reason) or keep the participant on (SES-8)."""

    DROP_OUT, STAYING = "drop_out", "staying"

    decision = forms.ChoiceField(
        label="Decision",
        choices=[(DROP_OUT, "Confirm the drop-out"), (STAYING, "They are staying on")],
        widget=forms.RadioSelect,
    )
    dropped_out_on = forms.DateField(
        label="Drop-out date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label="Reason",
        help_text="For a drop-out, the reason recorded on the participant.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DROP_OUT and not cleaned.get("dropped_out_on"):
            self.add_error("dropped_out_on", "Give the date they dropped out.")
        return cleaned
