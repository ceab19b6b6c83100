from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The quarterly cycle: officers submit, service leads sign off, a frozen record, the pack."""

    name = "returns"
    verbose_name = "Quarterly returns"
