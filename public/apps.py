from django.apps import AppConfig


class PublicConfig(AppConfig):
    """Published plans' progress for anyone, without signing in: pages and open data files."""

    name = "public"
    verbose_name = "Public pages and open data"
