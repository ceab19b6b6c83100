from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin

from accounts.models import CouncilIdentity, GroupMapping
from accounts.roles import AREA_RELATIONS
from plans.admin import CheckedTextAdmin

# allauth only runs the protocol here: the app comes from the SSO_ settings and people from
# accounts.services, so its own tables stay empty and out of the admin.
for model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
    admin.site.unregister(model)


class GroupMappingForm(forms.ModelForm):
    class Meta:
        model = GroupMapping
        fields = ["provider_group", "description", "role", "service_areas"]
        widgets = {"service_areas": forms.CheckboxSelectMultiple}

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("service_areas") and cleaned.get("role") not in AREA_RELATIONS:
            self.add_error(
                "service_areas", "Only officers and service leads have service areas: leave empty."
            )
        return cleaned


@admin.register(GroupMapping)
class GroupMappingAdmin(CheckedTextAdmin, admin.ModelAdmin):
    """Which of the provider's groups give which role; changes apply at each person's next
    sign-in."""

    form = GroupMappingForm
    list_display = ["provider_group", "description", "role"]
    list_filter = ["role"]
    search_fields = ["provider_group", "description"]


@admin.register(CouncilIdentity)
class CouncilIdentityAdmin(CheckedTextAdmin, admin.ModelAdmin):
    """Made at first sign-in; shown so an admin can see who signs in with SSO. Deactivate the
    user (not this) to stop someone signing in."""

    list_display = ["user", "subject", "issuer", "created"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created"]

    def has_add_permission(self, request: object) -> bool:
        return False
