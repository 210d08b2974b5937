"""KPI returns, dashboards and exports. Mounted at /reporting/."""

from django.urls import path

from .views import dashboards, exports, returns

app_name = "reporting"

urlpatterns = [
    path("", returns.return_list, name="return-list"),
    path("compile/", returns.return_compile, name="return-compile"),
    path("returns/<int:pk>/", returns.return_detail, name="return-detail"),
    path("returns/<int:pk>/compile/", returns.return_recompile, name="return-recompile"),
    path("returns/<int:pk>/submit/", returns.return_submit, name="return-submit"),
    path("returns/<int:pk>/reopen/", returns.return_reopen, name="return-reopen"),
    path("returns/<int:pk>/narrative/", returns.return_narrative, name="return-narrative"),
    path("returns/<int:pk>/export.<str:fmt>", exports.return_export, name="return-export"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("exports/", exports.export_list, name="export-list"),
    path("exports/evaluator.<str:fmt>", exports.evaluator_export, name="evaluator-export"),
]
