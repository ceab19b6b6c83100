from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Action, EqualityGroup, Plan, ServiceArea


@admin.register(EqualityGroup)
class EqualityGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "parent", "slug"]
    list_filter = ["category", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    fields = ["position", "name", "slug"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    """A plan with its service areas; ticking "Published" publishes its progress (public pages and
    open data), and the day it was published shows beside it."""

    list_display = ["title", "council", "period_start", "period_end", "is_public", "published_on"]
    list_filter = ["is_public"]
    search_fields = ["title", "council"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["published_on", "public_page"]
    inlines = [ServiceAreaInline]

    @admin.display(description="Public page")
    def public_page(self, plan: Plan) -> str:
        if not plan.pk or not plan.is_public:
            return "None: tick “Published” and save to publish the plan's progress."
        url = reverse("public:plan", args=[plan.slug])
        return format_html('<a href="{}">{}</a>', url, url)


class ActionInline(admin.StackedInline):
    model = Action
    fields = [("ref", "position"), "aim", "commitment", "lead_officer", "groups"]
    autocomplete_fields = ["lead_officer", "groups"]
    extra = 0
    show_change_link = True


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    """A service area with its actions, targets and outcomes inline.

    The targets and outcomes apps add their own inlines (register_service_area_inline), so that
    this app does not depend on them.
    """

    list_display = ["name", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["name"]
    filter_horizontal = ["members", "leads"]
    inlines: list[type[InlineModelAdmin]] = [ActionInline]


def register_service_area_inline(inline: type[InlineModelAdmin]) -> None:
    ServiceAreaAdmin.inlines = [*ServiceAreaAdmin.inlines, inline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "service_area", "lead_officer"]
    list_filter = ["service_area__plan", "service_area", "groups"]
    search_fields = ["ref", "aim", "commitment"]
    autocomplete_fields = ["lead_officer", "groups"]
    list_select_related = ["service_area", "lead_officer"]

    @admin.display(description="Action")
    def short_text(self, action: Action) -> str:
        return (action.aim or action.commitment)[:100]
