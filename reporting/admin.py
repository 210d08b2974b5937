"""Admin for KPI returns (figures read-only: they come only from the compile, KPI-4) and the
export log (read-only: an audit trail, GDPR-5). Rows come through the one access scope."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from peernetworks.admin.scoping import ScopedAdmin

from .kpi import KPI_FIELDS
from .models import SUBMITTED, ExportLog, KpiReturn, KpiReturnRevision
from .services import kpi_return_submit, kpi_returns_compile


class MonthListFilter(admin.SimpleListFilter):
    title = "month"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = model_admin.get_queryset(request).dates("month", "month", order="DESC")
        return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]

    def queryset(self, request, queryset):
        if self.value():
            year, month = self.value().split("-")
            return queryset.filter(month__year=year, month__month=month)
        return queryset


class RevisionInline(admin.TabularInline):
    model = KpiReturnRevision
    fields = ["at", "action", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _message(admin_obj, request, error: ValidationError, what: str) -> None:
    for field, errors in error.message_dict.items():
        admin_obj.message_user(
            request, f"{what}: {field}: {' '.join(errors)}", level=messages.ERROR
        )


@admin.register(KpiReturn)
class KpiReturnAdmin(ScopedAdmin):
    """Hub staff compile and submit their hub's returns; re-opening, which needs a reason, is
    on the return's staff page. The national coordinator reads every hub's."""

    hub_staff_can_add = False
    list_display = ["hub", "month", "status", "due_date", "compiled_at", "submitted_at"]
    list_filter = ["status", MonthListFilter, ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["hub", "submitted_by"]
    search_fields = ["hub__name", "hub__slug"]
    ordering = ["-month", "hub__name"]
    inlines = [RevisionInline]
    actions = ["compile_selected", "submit_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "hub",
                    "programme_year",
                    "month",
                    "due_date",
                    "status",
                    "compiled_at",
                    "submitted_at",
                    "submitted_by",
                    "overdue_alerted_at",
                ]
            },
        ),
        ("KPI figures", {"fields": KPI_FIELDS}),
    ]

    def has_add_permission(self, request):
        return False  # returns are compiled, never typed in

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    @admin.action(
        description="Compile the selected returns again (drafts only)", permissions=["change"]
    )
    def compile_selected(self, request, queryset):
        skipped = queryset.filter(status__in=SUBMITTED).count()
        pairs = sorted(
            set(queryset.exclude(status__in=SUBMITTED).values_list("month", "hub__slug"))
        )
        compiled = 0
        for month, hub_slug in pairs:
            try:
                kpi_returns_compile(month=month, hub_slug=hub_slug, by=request.user)
                compiled += 1
            except ValidationError as error:
                _message(self, request, error, f"{hub_slug} {month:%Y-%m}")
        self.message_user(
            request,
            f"Compiled {compiled} return(s); {skipped} submitted return(s) were left as they "
            "are (re-open them first).",
        )

    @admin.action(description="Submit the selected returns", permissions=["change"])
    def submit_selected(self, request, queryset):
        submitted = 0
        for kpi_return in queryset.select_related("hub"):
            try:
                kpi_return_submit(kpi_return=kpi_return, by=request.user)
                submitted += 1
            except ValidationError as error:
                _message(self, request, error, str(kpi_return))
        if submitted:
            self.message_user(request, f"Submitted {submitted} return(s).")


@admin.register(ExportLog)
class ExportLogAdmin(ScopedAdmin):
    """The audit trail of exports: nobody edits it."""

    list_display = ["at", "by", "what", "format", "rows", "hub"]
    list_filter = ["format", ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["by", "hub"]
    search_fields = ["what", "by__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
