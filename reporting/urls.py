"""KPI returns, dashboards and exports (issue 8). Mounted at /reporting/."""

from django.urls import path

from . import views, views_dashboards, views_exports

app_name = "reporting"

urlpatterns = [
    path("", views.return_list, name="return-list"),
    path("compile/", views.return_compile, name="return-compile"),
    path("returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("returns/<int:pk>/compile/", views.return_recompile, name="return-recompile"),
    path("returns/<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("returns/<int:pk>/reopen/", views.return_reopen, name="return-reopen"),
    path("returns/<int:pk>/narrative/", views.return_narrative, name="return-narrative"),
    path("returns/<int:pk>/export.<str:fmt>", views_exports.return_export, name="return-export"),
    path("dashboard/", views_dashboards.dashboard, name="dashboard"),
    path("exports/", views_exports.export_list, name="export-list"),
    path("exports/evaluator.<str:fmt>", views_exports.evaluator_export, name="evaluator-export"),
]
