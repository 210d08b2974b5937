"""The admin of group sessions, one module per concern."""

# Importing each module registers its models (`@admin.register`): Django's admin autodiscovery
# imports this package, so these imports are what registers the app's models.
from . import attendance, schedule  # noqa: F401
