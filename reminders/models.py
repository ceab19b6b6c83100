"""Who wants reminder emails, and which were sent (so a re-run the same day sends nothing again)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderPreference(models.Model):
    """A person's choice about reminder emails. Someone with no row gets them: the default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    wants_reminders = models.BooleanField(
        "gets reminder emails",
        default=True,
        help_text="Reminders of targets they own that are due soon or overdue, and (for senior "
        "managers) the weekly summary of targets that turned red.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {'on' if self.wants_reminders else 'off'}"


class ReminderLog(models.Model):
    """An email sent. One of each kind to a person a day: the constraint makes a re-run safe."""

    class Kind(models.TextChoices):
        TARGETS = "targets", "Targets due soon or overdue"
        WEEKLY_SUMMARY = "weekly_summary", "Weekly summary: targets turned red"
        RETURN = "return", "Quarterly return: updates needed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField(help_text="The day the reminders were sent as at.")
    sent_at = models.DateTimeField(default=timezone.now)
    email = models.EmailField(help_text="The address it went to.")
    subject = models.CharField(max_length=300)
    target_refs = models.TextField(blank=True, help_text="The targets it listed.")

    class Meta:
        ordering = ["-sent_on", "user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"], name="reminder_once_a_day_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} on {self.sent_on:%d %b %Y}"
