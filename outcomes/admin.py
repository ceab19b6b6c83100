from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import (
    Breakdown,
    BreakdownTarget,
    BreakdownValue,
    Category,
    Dimension,
    Indicator,
    Measurement,
    Outcome,
    OutcomeUpdate,
    PopulationBenchmark,
)
from plans.admin import CheckedTextAdmin, TabularInline, register_service_area_inline


class OutcomeInline(TabularInline):
    model = Outcome
    fields = ["position", "ref", "text", "groups"]
    extra = 0
    show_change_link = True


register_service_area_inline(OutcomeInline)


@admin.register(Outcome)
class OutcomeAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "service_area"]
    list_filter = ["service_area__plan", "service_area", "groups"]
    search_fields = ["ref", "text"]
    list_select_related = ["service_area"]
    readonly_fields = ["indicator_links"]

    @admin.display(description="Outcome")
    def short_text(self, outcome: Outcome) -> str:
        return outcome.text[:100]

    @admin.display(description="Indicators")
    def indicator_links(self, outcome: Outcome) -> str:
        """Links, not an inline: an indicator has its own breakdowns to edit on its page."""
        links = (
            [
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:outcomes_indicator_change", args=[i.pk]),
                    str(i),
                )
                for i in outcome.indicators.all()
            ]
            if outcome.pk
            else []
        )
        add = format_html(
            '<a href="{}?outcome={}">Add an indicator</a>',
            reverse("admin:outcomes_indicator_add"),
            outcome.pk or "",
        )
        return format_html_join("", "{}<br>", ((link,) for link in [*links, add]))


class CategoryInline(TabularInline):
    model = Category
    fields = ["position", "name", "slug", "kind", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    show_change_link = True


@admin.register(Dimension)
class DimensionAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    """Dimensions and their categories are data: add one here and indicators can use it."""

    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["name", "dimension", "kind", "parent"]
    list_filter = ["dimension", "kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["dimension", "parent"]


@admin.register(PopulationBenchmark)
class PopulationBenchmarkAdmin(CheckedTextAdmin, admin.ModelAdmin):
    """Census figures, loaded with `manage.py load_population`: read here, chosen on breakdowns."""

    list_display = ["area_name", "dimension", "table_code", "census_date", "total"]
    list_filter = ["dimension", "area_name"]
    search_fields = ["area_name", "area_code", "table_code"]
    readonly_fields = ["loaded_at"]


class BreakdownInline(TabularInline):
    model = Breakdown
    fields = ["position", "dimension", "population"]
    extra = 0
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["ref", "name", "outcome", "unit", "target_value", "due_date"]
    list_filter = ["outcome__service_area__plan", "outcome__service_area", "unit"]
    search_fields = ["ref", "name"]
    list_select_related = ["outcome"]
    readonly_fields = ["due_date"]
    fieldsets = [
        (None, {"fields": ["outcome", ("ref", "position"), "name", "data_source"]}),
        ("How it is measured", {"fields": ["unit", "direction", "accumulation"]}),
        (
            "From where to what",
            {
                "fields": [
                    ("baseline_value", "baseline_date"),
                    "target_value",
                    "deadline_text",
                    "due_date",
                ]
            },
        ),
    ]
    inlines = [BreakdownInline]


class BreakdownTargetInline(TabularInline):
    model = BreakdownTarget
    fields = ["position", "category", "kind", "share", "note"]
    extra = 0


@admin.register(Breakdown)
class BreakdownAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "dimension"]
    list_select_related = ["indicator", "dimension"]
    inlines = [BreakdownTargetInline]


class ReadOnly:
    """Append-only records: shown in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class BreakdownValueInline(ReadOnly, TabularInline):
    model = BreakdownValue
    fields = ["category", "value"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["indicator", "period_end", "value", "author", "made_at", "supersedes"]
    list_filter = ["indicator__outcome__service_area", "indicator"]
    list_select_related = ["indicator", "author", "supersedes"]
    date_hierarchy = "period_end"
    inlines = [BreakdownValueInline]


@admin.register(OutcomeUpdate)
class OutcomeUpdateAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["outcome", "rag", "author", "made_at"]
    list_filter = ["rag", "outcome__service_area"]
    list_select_related = ["outcome", "author"]
