"""Quality management pages (issue 11)."""

app_name = "quality"

urlpatterns: list = []
