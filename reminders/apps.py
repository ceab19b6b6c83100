from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Emails: owners' reminders of targets due soon or overdue, managers' weekly summary."""

    name = "reminders"
    verbose_name = "Email reminders"
