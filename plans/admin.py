from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Field
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from plans.forms import (
    CheckedModelChoiceField,
    CheckedModelMultipleChoiceField,
    check_field,
    is_storable_key,
)
from plans.models import Action, EqualityGroup, Plan, ServiceArea


class CheckedTextAdmin:
    """A ModelAdmin or inline mixin: its text fields follow the rules every form shares
    (plans/text.py), so nothing invisible, no control character and no direction override is
    stored through the admin either."""

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs: object):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return check_field(formfield) if formfield is not None else None

    def formfield_for_foreignkey(self, db_field: Field, request: HttpRequest, **kwargs: object):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Field, request: HttpRequest, **kwargs: object):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class _CheckedAutocomplete:
    """Shows a refused choice again without looking up a value that cannot be a key (Django's
    widget would pass it to the database and fail while showing the form's errors)."""

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        remote = self.field.remote_field
        opts = remote.model._meta
        name = getattr(remote, "field_name", None)
        key = opts.get_field(name) if name else opts.pk
        usable = [each for each in value if each in ("", None) or is_storable_key(key, each)]
        return super().optgroups(name, usable, attr)


class CheckedAutocompleteSelect(_CheckedAutocomplete, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_CheckedAutocomplete, AutocompleteSelectMultiple):
    pass


@admin.register(EqualityGroup)
class EqualityGroupAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["name", "category", "parent", "slug"]
    list_filter = ["category", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ServiceAreaInline(CheckedTextAdmin, admin.TabularInline):
    model = ServiceArea
    fields = ["position", "name", "slug"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
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


class ActionInline(CheckedTextAdmin, admin.StackedInline):
    model = Action
    fields = [("ref", "position"), "aim", "commitment", "lead_officer", "groups"]
    autocomplete_fields = ["lead_officer", "groups"]
    extra = 0
    show_change_link = True


@admin.register(ServiceArea)
class ServiceAreaAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
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
class ActionAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "service_area", "lead_officer"]
    list_filter = ["service_area__plan", "service_area", "groups"]
    search_fields = ["ref", "aim", "commitment"]
    autocomplete_fields = ["lead_officer", "groups"]
    list_select_related = ["service_area", "lead_officer"]

    @admin.display(description="Action")
    def short_text(self, action: Action) -> str:
        return (action.aim or action.commitment)[:100]


# People and groups (plans/roles.py) follow the same text rules: Django's own admins, re-registered.
class UserAdmin(CheckedTextAdmin, DjangoUserAdmin):
    pass


class GroupAdmin(CheckedTextAdmin, DjangoGroupAdmin):
    pass


for model, model_admin in ((User, UserAdmin), (Group, GroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
