from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from outcomes.standard_dimensions import ensure_standard_dimensions_after_migrate

        # Data, kept in step like the roles: after every migrate, and after a test flush.
        post_migrate.connect(
            ensure_standard_dimensions_after_migrate, dispatch_uid="outcomes.standard_dimensions"
        )
