"""Quality management and life after the programme (issue 11). Imported by cohorts/models.py."""
