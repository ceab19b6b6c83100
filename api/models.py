"""Personal access tokens: a program acting as the person who made the token, and no more."""

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """A token is shown once; only its SHA-256 is kept, with a short prefix to find it by."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses it, e.g. Housing register.")
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_on = models.DateField(help_text="The last day it works.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The rate limit's fixed window: requests counted since window_start (a minute).
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, today=None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired()
