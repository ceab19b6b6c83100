from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "Targets and progress"

    def ready(self) -> None:
        from targets import signals  # noqa: F401 - connects the status timeline's receivers
