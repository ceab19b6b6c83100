from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractUser, Group, User
from django.db import models
from django.db.models import Field, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from plans.forms import (
    CheckedModelChoiceField,
    CheckedModelMultipleChoiceField,
    check_field,
    is_storable_key,
)
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from plans.roles import OFFICERS, SERVICE_LEADS

# --- What every admin page of this project shares ------------------------------------------------
# Plain selects and checkboxes rather than select2 autocompletes and the two-box filter widget:
# those come with unlabelled inputs and invalid ARIA that axe reports as critical and serious.


def people_in(group: str) -> QuerySet[AbstractUser]:
    """The people in a role's group, by name: the only people offered for a role's field."""
    return (
        get_user_model()
        .objects.filter(groups__name=group, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def full_name(user: AbstractUser) -> str:
    return f"{user.get_full_name() or user.get_username()} ({user.get_username()})"


class PersonChoiceField(CheckedModelChoiceField):
    def label_from_instance(self, user: AbstractUser) -> str:
        return full_name(user)


class PeopleChoiceField(CheckedModelMultipleChoiceField):
    def label_from_instance(self, user: AbstractUser) -> str:
        return full_name(user)


class OfficerFieldsMixin:
    """Person fields offer officers (or service leads, for `leads`) by full name."""

    person_groups = {"leads": SERVICE_LEADS}  # field name -> role; any other person field: Officers

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: object
    ) -> forms.Field:
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = people_in(self.person_groups.get(db_field.name, OFFICERS))
            kwargs["form_class"] = PersonChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: object
    ) -> forms.Field:
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = people_in(self.person_groups.get(db_field.name, OFFICERS))
            kwargs["form_class"] = PeopleChoiceField
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline's column headers do not label its inputs: each input is named for screen
    readers by its column and row ("Name, row 2")."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            label = f"{capfirst(field.label or name)}, {row}"
            # A select of a related object is wrapped (with its add and change links): name both.
            for widget in (field.widget, getattr(field.widget, "widget", None)):
                if widget is not None:
                    widget.attrs = {**widget.attrs, "aria-label": label}


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


class TabularInline(CheckedTextAdmin, OfficerFieldsMixin, admin.TabularInline):
    """The project's tabular inline: labelled inputs, and text boxes that fit the page."""

    formset = LabelledInlineFormSet
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 32})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 16})},
    }


class StackedInline(CheckedTextAdmin, OfficerFieldsMixin, admin.StackedInline):
    pass


# --- The plan's structure ------------------------------------------------------------------------


@admin.register(EqualityGroup)
class EqualityGroupAdmin(CheckedTextAdmin, SimpleHistoryAdmin):
    list_display = ["name", "category", "parent", "slug"]
    list_filter = ["category", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ServiceAreaInline(TabularInline):
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


class ActionInline(StackedInline):
    model = Action
    fields = [("ref", "position"), "aim", "commitment", "lead_officer", "groups"]
    extra = 0
    show_change_link = True


@admin.register(ServiceArea)
class ServiceAreaAdmin(CheckedTextAdmin, OfficerFieldsMixin, SimpleHistoryAdmin):
    """A service area with its actions, targets and outcomes inline.

    The targets and outcomes apps add their own inlines (register_service_area_inline), so that
    this app does not depend on them.
    """

    list_display = ["name", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["name"]
    inlines: list[type[InlineModelAdmin]] = [ActionInline]


def register_service_area_inline(inline: type[InlineModelAdmin]) -> None:
    ServiceAreaAdmin.inlines = [*ServiceAreaAdmin.inlines, inline]


@admin.register(Action)
class ActionAdmin(CheckedTextAdmin, OfficerFieldsMixin, SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "service_area", "lead_officer"]
    list_filter = ["service_area__plan", "service_area", "groups"]
    search_fields = ["ref", "aim", "commitment"]
    list_select_related = ["service_area", "lead_officer"]

    @admin.display(description="Action")
    def short_text(self, action: Action) -> str:
        return (action.aim or action.commitment)[:100]


# People and groups (plans/roles.py) follow the same text rules: Django's own admins, re-registered,
# with checkboxes for groups and permissions rather than the two-box filter widget.
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class UserAdmin(CheckedTextAdmin, DjangoUserAdmin):
    filter_horizontal = ()
    formfield_overrides = CHECKBOXES


class GroupAdmin(CheckedTextAdmin, DjangoGroupAdmin):
    filter_horizontal = ()
    formfield_overrides = CHECKBOXES


for model, model_admin in ((User, UserAdmin), (Group, GroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
