"""The reporting pages: monthly KPI returns (`returns`), the dashboards (`dashboards`) and the
downloads with their log (`exports`). Mounted by reporting/urls.py."""
