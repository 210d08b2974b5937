"""KPI-5 exports: each return as CSV and XLSX, and the evaluator export of participant and
business baseline records in the fixed column order documented in docs/exports.md.

Every export is logged (KPI-5, GDPR-5) and reads only through the user's access scope.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cohorts.models import CohortMembership
from feedback.models import SurveyKind, SurveyResponse
from participants.models import Participant
from peernetworks import audit
from peernetworks.access import scope_to_hub
from peernetworks.models import ProgrammeYear
from peernetworks.spreadsheets import csv_text, xlsx_cell
from quality.selectors import EvaluationDates, evaluation_dates_from

from .interchange.exporter import Refs
from .kpi import KPI_FIELDS
from .models import ExportLog, KpiReturn

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# KPI-2's figures as pages and exports name them; the order is KPI_FIELDS'.
FIGURE_LABELS = {
    "participants_registered": "Participants registered",
    "participants_eligible": "Participants eligible",
    "participants_started": "Participants started (attended a delivered session)",
    "participants_dropped_out": "Participants dropped out",
    "cohorts_started": "Cohorts started",
    "cohorts_completed": "Cohorts completed (required group hours delivered)",
    "sessions_delivered": "Sessions delivered to date",
    "sessions_delivered_in_month": "Sessions delivered in the month",
    "group_hours_delivered": "Group hours delivered",
    "participants_completed_group_hours": "Participants who attended the required group hours",
    "one_to_one_hours_programme": "One-to-one hours (programme)",
    "one_to_one_hours_existing_provision": "One-to-one hours (existing provision)",
    "participants_met_one_to_one_minimum": "Participants who met the one-to-one minimum",
    "feedback_responses": "Feedback responses",
    "mean_satisfaction": "Mean satisfaction (1 to 5)",
    "observations_completed": "Observations completed",
    "baseline_surveys_completed": "Baseline surveys completed",
    "exit_surveys_completed": "Exit surveys completed",
    "hot_topics": "Hot topics (most delivered sessions)",
    "participants_completed": "Participants who completed (group hours and one-to-one minimum)",
    "participants_one_to_one_programme": "Participants with one-to-one support (programme)",
    "participants_one_to_one_existing_provision": (
        "Participants with one-to-one support (existing provision)"
    ),
    "drop_out_surveys_completed": "Drop-out surveys completed",
}

RETURN_HEADER = ["field", "label", "value"]

# The evaluator export's columns, in their documented, fixed order (docs/exports.md).
EVALUATOR_COLUMNS = [
    "participant_ref",
    "hub",
    "business_name",
    "sic_code",
    "legal_form",
    "trading_start_date",
    "employees_full_time",
    "employees_part_time_permanent",
    "turnover_gbp",
    "registered_on",
    "eligibility_outcome",
    "eligibility_flexibilities",
    "evaluation_consent",
    "cohort",
    "baseline_survey_completed_on",
    "exit_survey_completed_on",
    "dropped_out_on",
    "programme_year",
    "discretion_decision",
    "baseline_employees",
    "baseline_turnover_gbp",
    "exit_employees",
    "exit_turnover_gbp",
    # Impact Assessment & Evaluation: when the evaluator's surveys fall due.
    "completed_on",
    "post_completion_survey_due",
    "six_month_survey_due",
    "drop_out_survey_completed_on",
]


def figure_rows(kpi_return: KpiReturn) -> list[tuple[str, str, object]]:
    """Every KPI-2 figure of a return: (name, label, value)."""
    figures = kpi_return.figures()
    return [(name, FIGURE_LABELS[name], figures[name]) for name in KPI_FIELDS]


def return_rows(kpi_return: KpiReturn) -> list[list]:
    """A return as `field, label, value` rows: what it is, then every KPI-2 figure."""
    submitted_by = kpi_return.submitted_by
    rows = [
        ["hub", "Growth Hub", kpi_return.hub.slug],
        ["hub_name", "Growth Hub name", kpi_return.hub.name],
        ["month", "Month", f"{kpi_return.month:%Y-%m}"],
        ["programme_year", "Programme year", kpi_return.programme_year.name],
        ["due_date", "Due date", kpi_return.due_date],
        ["status", "Status", kpi_return.get_status_display()],
        ["compiled_at", "Compiled at", _local(kpi_return.compiled_at)],
        ["submitted_at", "Submitted at", _local(kpi_return.submitted_at)],
        ["submitted_by", "Submitted by", submitted_by.username if submitted_by else None],
    ]
    for name, label, value in figure_rows(kpi_return):
        rows.append([name, label, "; ".join(value) if name == "hot_topics" else value])
    rows.append(["narrative", "Supporting narrative", kpi_return.narrative])
    return rows


def return_filename(kpi_return: KpiReturn, fmt: str) -> str:
    return f"kpi-return-{kpi_return.hub.slug}-{kpi_return.month:%Y-%m}.{fmt}"


def evaluator_participants(user, year: ProgrammeYear):
    """Participants who consented to evaluation (ONB-2), in the user's scope, with what the
    export reads prefetched: three queries whatever the number of participants."""
    return scope_to_hub(
        Participant.objects.filter(programme_year=year, evaluation_consent=True)
        .select_related("business__hub", "programme_year")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CohortMembership.objects.filter(left_at__isnull=True).select_related(
                    "cohort"
                ),
                to_attr="current_memberships",
            ),
            Prefetch(
                "survey_responses",
                queryset=SurveyResponse.objects.filter(
                    kind__in=[SurveyKind.BASELINE, SurveyKind.EXIT, SurveyKind.DROP_OUT]
                ),
                to_attr="figure_surveys",
            ),
        )
        .order_by("business__hub__slug", "registered_on", "pk"),
        user,
    )


def evaluator_rows(user, year: ProgrammeYear) -> list[list]:
    """The evaluator export's rows: five queries whatever the number of participants. The
    completion and survey dates come from evaluation_dates_from, as on the quality evaluation
    page (one implementation, reading each cohort's programme year's numbers)."""
    participants = list(evaluator_participants(user, year))
    dates = evaluation_dates_from(
        (
            p.pk,
            p.dropped_out_on,
            p.current_memberships[0].cohort_id if p.current_memberships else None,
        )
        for p in participants
    )
    refs = Refs()  # the same refs the programme export gives these records
    return [evaluator_row(p, dates[p.pk], refs) for p in participants]


def evaluator_row(participant: Participant, dates: EvaluationDates, refs: Refs) -> list:
    business = participant.business
    surveys = {s.kind: s for s in participant.figure_surveys}
    baseline, exit_ = surveys.get(SurveyKind.BASELINE), surveys.get(SurveyKind.EXIT)
    drop_out = surveys.get(SurveyKind.DROP_OUT)
    memberships = participant.current_memberships
    values = {
        "participant_ref": refs(participant, "participant"),
        "hub": business.hub.slug,
        "business_name": business.name,
        "sic_code": business.sic_code,
        "legal_form": business.legal_form,
        "trading_start_date": business.trading_start_date,
        "employees_full_time": business.employees_full_time,
        "employees_part_time_permanent": business.employees_part_time_permanent,
        "turnover_gbp": business.turnover_gbp,
        "registered_on": participant.registered_on,
        "eligibility_outcome": participant.eligibility_outcome,
        "eligibility_flexibilities": participant.eligibility_flexibilities,
        "evaluation_consent": participant.evaluation_consent,
        "cohort": refs(memberships[0].cohort, "cohort") if memberships else None,
        "baseline_survey_completed_on": baseline.completed_on if baseline else None,
        "exit_survey_completed_on": exit_.completed_on if exit_ else None,
        "dropped_out_on": dates.dropped_out_on,
        "programme_year": participant.programme_year.name,
        "discretion_decision": participant.discretion_decision,
        "baseline_employees": baseline.employees if baseline else None,
        "baseline_turnover_gbp": baseline.turnover_gbp if baseline else None,
        "exit_employees": exit_.employees if exit_ else None,
        "exit_turnover_gbp": exit_.turnover_gbp if exit_ else None,
        "completed_on": dates.completed_on,
        "post_completion_survey_due": dates.post_completion_survey_due,
        "six_month_survey_due": dates.six_month_survey_due,
        "drop_out_survey_completed_on": drop_out.completed_on if drop_out else None,
    }
    return [values[column] for column in EVALUATOR_COLUMNS]


def export_log(*, by, what: str, fmt: str, rows: int, hub_id: int | None) -> ExportLog:
    """KPI-5, GDPR-5: who exported what, when, in which format, how many rows, for which hub."""
    log = ExportLog(by=by, hub_id=hub_id, what=what, format=fmt, rows=rows)
    log.full_clean(exclude=["by", "hub"])  # both come from the signed-in user and the scope
    log.save()
    audit.record_export(what=what, hub_id=hub_id, rows=rows, fmt=fmt)
    return log


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(microsecond=0, tzinfo=None) if moment else None


def csv_response(header: list[str], rows: Iterable[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[CSV])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark so spreadsheet programs read the £ and names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([csv_text(value) for value in row] for row in rows)
    return response


def xlsx_response(
    header: list[str], rows: Iterable[list], filename: str, *, title: str
) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[XLSX])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_response(fmt: str, header: list[str], rows: list[list], filename: str, *, title: str):
    if fmt == CSV:
        return csv_response(header, rows, filename)
    return xlsx_response(header, rows, filename, title=title)
