from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import Outcome
from plans.admin import register_service_area_inline


class OutcomeInline(admin.TabularInline):
    model = Outcome
    fields = ["position", "ref", "text", "groups"]
    autocomplete_fields = ["groups"]
    extra = 0
    show_change_link = True


register_service_area_inline(OutcomeInline)


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "service_area"]
    list_filter = ["service_area__plan", "service_area", "groups"]
    search_fields = ["ref", "text"]
    autocomplete_fields = ["groups"]
    list_select_related = ["service_area"]

    @admin.display(description="Outcome")
    def short_text(self, outcome: Outcome) -> str:
        return outcome.text[:100]
