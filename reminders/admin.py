from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest

from plans.admin import CheckedTextAdmin, PersonChoiceField
from reminders.models import ReminderLog, ReminderPreference


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(CheckedTextAdmin, admin.ModelAdmin):
    list_display = ["user", "wants_reminders", "changed_at"]
    list_filter = ["wants_reminders"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: object
    ) -> forms.Field:
        # Anyone who signs in, by full name, in a plain select (not select2: see plans/admin.py).
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True)
                .order_by("first_name", "last_name", "username")
            )
            kwargs["form_class"] = PersonChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
