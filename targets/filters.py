"""The target list's filters.

Service area, plan, equality group and scope are django-filter lookups. Status and due period are
as at a date: they filter on the stored status timeline (targets.queries.with_status).
Parameter names are part of the list's interface (dashboards link to it): status, due, group,
service_area, plan, as_at, scope, q (search).
"""

from datetime import date, timedelta

import django_filters
from django import forms
from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from plans.as_at import AsAtError, as_at_in
from plans.models import EqualityGroup, Plan, ServiceArea
from plans.rag import RAG
from plans.roles import User, is_officer, is_plan_admin, is_senior_manager
from targets.models import Target
from targets.queries import outstanding, tagged_with_group_or_narrower
from targets.search import search_targets
from targets.status import DUE_SOON_DAYS


class Scope(models.TextChoices):
    MINE = "mine", "My service areas"
    ALL = "all", "All service areas"


class DuePeriod(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    NEXT_30_DAYS = "next_30_days", "Due in the next 30 days"
    NEXT_90_DAYS = "next_90_days", f"Due in the next {DUE_SOON_DAYS} days"
    LATER = "later", "Due later"
    NO_DATE = "no_date", "No date set"


def in_due_period(targets: QuerySet[Target], period: str, *, as_at: date) -> QuerySet[Target]:
    """Targets annotated by with_status that fall in a due period as at a day.

    Due periods describe work still to do, so only outstanding targets are in one
    (targets.status.is_outstanding). The next 30 and DUE_SOON_DAYS days both include the as-at day
    (as the dashboard's "due soon" does); "due later" is after that.
    """
    targets = outstanding(targets)
    soon = as_at + timedelta(days=DUE_SOON_DAYS)
    match period:
        case DuePeriod.OVERDUE:
            return targets.filter(status_due_date__lt=as_at)
        case DuePeriod.NEXT_30_DAYS:
            return targets.filter(status_due_date__range=(as_at, as_at + timedelta(days=30)))
        case DuePeriod.NEXT_90_DAYS:
            return targets.filter(status_due_date__range=(as_at, soon))
        case DuePeriod.LATER:
            return targets.filter(status_due_date__gt=soon)
        case DuePeriod.NO_DATE:
            return targets.filter(status_due_date__isnull=True)
    return targets


def sees_own_areas_by_default(user: User) -> bool:
    """Officers start from their own service areas' targets; managers and plan admins see all."""
    return is_officer(user) and not (is_plan_admin(user) or is_senior_manager(user))


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "govuk-!-width-full"})


class TargetFilterForm(forms.Form):
    """Fields that are not database lookups: status and due period judged as at a day."""

    field_order = ["scope", "status", "due", "group", "service_area", "plan"]

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *((rag.value, rag.label) for rag in RAG)],
        error_messages={"invalid_choice": "Choose a status from the list"},
        widget=_select(),
    )
    due = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[("", "Any time"), *DuePeriod.choices],
        error_messages={"invalid_choice": "Choose when the targets are due from the list"},
        widget=_select(),
    )


class EqualityGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group: EqualityGroup) -> str:
        return f"{group.parent.name}: {group.name}" if group.parent else group.name


class EqualityGroupFilter(django_filters.ModelChoiceFilter):
    field_class = EqualityGroupChoiceField


def _groups_as_a_tree() -> QuerySet[EqualityGroup]:
    """Each broad group followed by the narrower groups within it."""
    return EqualityGroup.objects.select_related("parent").order_by(
        Coalesce("parent__position", "position"),
        Coalesce("parent__name", "name"),
        F("parent").asc(nulls_first=True),
        "position",
        "name",
    )


class TargetFilter(django_filters.FilterSet):
    """Filters for the target list. Officers get a scope choice, starting at their own areas."""

    scope = django_filters.ChoiceFilter(
        label="Show targets of",
        choices=Scope.choices,
        empty_label=None,
        method="filter_scope",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
        error_messages={"invalid_choice": "Choose whose targets to show"},
    )
    group = EqualityGroupFilter(
        label="Equality group",
        queryset=_groups_as_a_tree(),
        to_field_name="slug",
        empty_label="Any group",
        method="filter_group",
        help_text="Includes the narrower groups within it.",
        widget=_select(),
        error_messages={"invalid_choice": "Choose an equality group from the list"},
    )
    q = django_filters.CharFilter(
        label="Search targets",
        method="filter_search",
        help_text="Words from a target, its actions or its updates, or a reference such as CWB-T2",
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    service_area = django_filters.ModelChoiceFilter(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        empty_label="All service areas",
        widget=_select(),
        error_messages={"invalid_choice": "Choose a service area from the list"},
    )
    plan = django_filters.ModelChoiceFilter(
        label="Plan",
        field_name="service_area__plan",
        queryset=Plan.objects.all(),
        empty_label="All plans",
        widget=_select(),
        error_messages={"invalid_choice": "Choose a plan from the list"},
    )

    class Meta:
        model = Target
        fields = ()
        form = TargetFilterForm

    def __init__(
        self, data: QueryDict, *, request: HttpRequest, queryset: QuerySet[Target] | None = None
    ) -> None:
        user = request.user
        self.offers_scope = sees_own_areas_by_default(user)
        if self.offers_scope and not data.get("scope"):
            data = data.copy()
            data["scope"] = Scope.MINE
        super().__init__(data, queryset=queryset, request=request)
        if not self.offers_scope:
            del self.filters["scope"]

    def filter_scope(self, queryset: QuerySet[Target], name: str, value: str) -> QuerySet[Target]:
        if value == Scope.MINE:
            return queryset.filter(service_area__members=self.request.user)
        return queryset

    def filter_search(self, queryset: QuerySet[Target], name: str, value: str) -> QuerySet[Target]:
        return search_targets(queryset, value)

    def filter_group(
        self, queryset: QuerySet[Target], name: str, value: EqualityGroup
    ) -> QuerySet[Target]:
        return tagged_with_group_or_narrower(queryset, value)

    def filter_queryset(self, queryset: QuerySet[Target]) -> QuerySet[Target]:
        """The lookups; status and due period wait for filter_status, which needs with_status."""
        cleaned = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            if name in cleaned:  # a field with a bad value is left out, so it filters nothing
                queryset = filter_.filter(queryset, cleaned[name])
        return queryset

    @property
    def shows_own_areas(self) -> bool:
        self.is_valid()
        return self.form.cleaned_data.get("scope") == Scope.MINE

    @property
    def as_at(self) -> date:
        """The day statuses are judged as at (the page's as at panel, plans.as_at), or today when
        it is missing or not a date."""
        today = timezone.localdate()
        try:
            return as_at_in(self.data, today=today)
        except AsAtError:
            return today

    def filter_status(self, targets: QuerySet[Target]) -> QuerySet[Target]:
        """Targets (annotated by with_status as at self.as_at) with the chosen status and due
        period."""
        self.is_valid()
        status = self.form.cleaned_data.get("status")
        due = self.form.cleaned_data.get("due")
        if status:
            targets = targets.filter(status_rag=status)
        if due:
            targets = in_due_period(targets, due, as_at=self.as_at)
        return targets
