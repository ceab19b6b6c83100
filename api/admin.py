"""Plan admins see everyone's API tokens and revoke them; nobody makes or edits one here (a
token's secret is shown once, to its owner, on their API tokens page)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api.models import ApiToken
from api.tokens import revoke_token
from plans.roles import is_plan_admin


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_on",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at", "expires_on")
    search_fields = ("name", "user__username", "user__first_name", "user__last_name", "prefix")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_on",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    exclude = ("digest", "window_start", "window_count")
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            revoke_token(token=token, by=request.user)
        self.message_user(request, f"{queryset.count()} revoked.", messages.SUCCESS)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_plan_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return is_plan_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return is_plan_admin(request.user)  # for the revoke action; every field is read-only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
