from django.contrib import admin

from plans.admin import CheckedTextAdmin
from reminders.models import ReminderLog, ReminderPreference


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(CheckedTextAdmin, admin.ModelAdmin):
    list_display = ["user", "wants_reminders", "changed_at"]
    list_filter = ["wants_reminders"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(ReminderLog)
class ReminderLogAdmin(CheckedTextAdmin, admin.ModelAdmin):
    """What was sent, read-only: the record that stops a second send the same day."""

    list_display = ["sent_on", "kind", "user", "email", "subject"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["user__username", "email", "target_refs"]
    date_hierarchy = "sent_on"
    list_select_related = ["user"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
