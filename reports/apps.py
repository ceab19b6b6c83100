from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Read-only dashboards, directorate reports, the equality view and their exports."""

    name = "reports"
    verbose_name = "Reports"
