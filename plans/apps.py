from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from plans import cache
        from plans.roles import ensure_roles_after_migrate

        cache.connect()  # every write gives the data a new version, so cached pages are never stale

        # Roles need the permissions Django creates after migrating each app, so they are set
        # again after each of the plan's apps (the last one sees every permission).
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="plans.ensure_roles")
