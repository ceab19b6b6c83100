from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accounts.roles import ROLE_CHOICES
from plans.models import ServiceArea


class CouncilIdentity(models.Model):
    """Who a person is at the council's identity provider: its issuer and stable subject id.

    Sign-in matches on these, never on email, which people change and providers may not verify.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "council identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="council_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class GroupMapping(models.Model):
    """A group at the identity provider gives a role, and for officers and service leads the
    service areas they work in; applied at every sign-in."""

    provider_group = models.CharField(
        max_length=255,
        help_text="The group as the provider sends it: in Entra ID, the group's object id.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="For people: the group's display name, say."
    )
    role = models.CharField(max_length=50, choices=ROLE_CHOICES)
    service_areas = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="group_mappings",
        help_text="Officers and service leads only. Areas named by any mapping are kept in step "
        "with the groups at each sign-in; areas no mapping names are left to plan admins.",
    )

    class Meta:
        ordering = ["provider_group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["provider_group", "role"], name="group_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.description or self.provider_group} → {self.get_role_display()}"

    def clean(self) -> None:
        self.provider_group = self.provider_group.strip()
        if not self.provider_group:
            raise ValidationError({"provider_group": "Give the group's id or name."})
