"""Publishing a plan: the plan's admin gains "Published", with the date it was published.

Done here rather than in plans/admin.py so that the plans app knows nothing of public pages: the
plan's own admin is extended (whatever it shows, this shows too) and registered in its place.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from plans.admin import PlanAdmin
from plans.models import Plan


class PublishedPlanAdmin(PlanAdmin):
    list_display = [*PlanAdmin.list_display, "is_public", "published_on"]
    list_filter = [*PlanAdmin.list_filter, "is_public"]
    readonly_fields = [*PlanAdmin.readonly_fields, "published_on", "public_page"]

    @admin.display(description="Public page")
    def public_page(self, plan: Plan) -> str:
        if not plan.pk or not plan.is_public:
            return "None: tick “Published” and save to publish the plan's progress."
        url = reverse("public:plan", args=[plan.slug])
        return format_html('<a href="{}">{}</a>', url, url)


admin.site.unregister(Plan)
admin.site.register(Plan, PublishedPlanAdmin)
