"""KPI returns, dashboards and exports (issue 8)."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.return_list, name="return-list"),
]
