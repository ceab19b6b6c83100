from django.apps import AppConfig


class PlanfileConfig(AppConfig):
    """The plan file: the YAML format a whole plan is imported from and exported to."""

    name = "planfile"
    verbose_name = "Plan file"
