from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from plans.admin import (
    CheckedTextAdmin,
    OfficerFieldsMixin,
    TabularInline,
    register_service_area_inline,
)
from plans.deadlines import describe_window, find_deadline, parse_deadline
from plans.rag import RAG
from plans.uploads import SafeImportMixin
from targets.models import ProgressUpdate, Target
from targets.queries import status_of, with_latest_update, with_status
from targets.resources import TargetResource


class TargetAdminForm(forms.ModelForm):
    """Resolves the deadline as written into a due window; a due date typed by hand overrides it.

    A new target saved without a deadline but with one in its wording ("... by summer 2021") comes
    back with that phrase proposed and its due date shown: saving again accepts it; the admin may
    change it, or clear it if the plan really gives none.
    """

    proposal_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        cleaned = super().clean()
        text = cleaned.get("deadline_text", "")
        if not text and not cleaned.get("proposal_shown") and self.instance.pk is None:
            self._propose_deadline(cleaned)
            if self.errors:
                return cleaned
        due_date = cleaned.get("due_date")
        # An unchanged due date beside a changed phrase is the old resolution, not an override.
        if "deadline_text" in self.changed_data and "due_date" not in self.changed_data:
            due_date = None
        service_area = cleaned.get("service_area")
        if service_area is None:
            return cleaned
        self.instance.service_area = service_area
        try:
            self.instance.set_deadline(text, due_date=due_date)
        except ValueError as error:
            self.add_error(
                "deadline_text",
                f"{error}. Enter a due date to set one by hand, or leave the deadline empty "
                "if the plan gives none.",
            )
            return cleaned
        cleaned["due_date"] = self.instance.due_date
        return cleaned

    def _propose_deadline(self, cleaned: dict) -> None:
        try:
            phrase = find_deadline(cleaned.get("text", ""))
            window = parse_deadline(phrase) if phrase else None
        except ValueError:
            return  # an unreadable phrase is reported when the admin types it in
        if window is None:
            return
        self.data = self.data.copy()
        self.data["deadline_text"] = phrase
        self.data["proposal_shown"] = "True"
        self.add_error(
            "deadline_text",
            f'Proposed from the wording: "{phrase}", {describe_window(window)}. Save again to '
            "accept it, change it, or clear it if the plan gives no deadline.",
        )


class StatusTodayFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(rag.value, rag.label) for rag in RAG]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Target]) -> QuerySet[Target]:
        if not self.value():
            return queryset
        return with_status(queryset, as_at=timezone.localdate()).filter(status_rag=self.value())


class TargetInline(TabularInline):
    model = Target
    fields = ["ref", "text", "deadline_text", "due_date", "owner", "lifecycle"]
    readonly_fields = ["due_date"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        # New targets go through the target form, which resolves their deadline.
        return False


register_service_area_inline(TargetInline)


@admin.register(Target)
class TargetAdmin(
    CheckedTextAdmin,
    OfficerFieldsMixin,
    SafeImportMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    form = TargetAdminForm
    resource_classes = [TargetResource]
    list_display = [
        "ref",
        "short_text",
        "service_area",
        "deadline_text",
        "due_date",
        "status_today",
    ]
    list_filter = [
        "service_area__plan",
        "service_area",
        StatusTodayFilter,
        "groups",
        "deadline_kind",
        "lifecycle",
    ]
    search_fields = ["ref", "text", "deadline_text"]
    date_hierarchy = "due_date"
    list_select_related = ["service_area"]
    readonly_fields = ["resolved_window"]
    fieldsets = [
        (None, {"fields": ["service_area", ("ref", "bullet", "position"), "text", "owner"]}),
        (
            "Deadline",
            {"fields": ["deadline_text", "due_date", "resolved_window", "proposal_shown"]},
        ),
        ("Addresses", {"fields": ["actions", "groups"]}),
        (
            "Re-dating and closing",
            {
                "fields": [
                    "revised_deadline_text",
                    ("revised_due_start", "revised_due_date"),
                    "revision_reason",
                    ("lifecycle", "closed_on"),
                    "closure_reason",
                    "superseded_by",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Target]:
        return with_latest_update(super().get_queryset(request), as_at=timezone.localdate())

    @admin.display(description="Target")
    def short_text(self, target: Target) -> str:
        # Short enough that the deadline, due date and status columns stay on the page.
        return Truncator(target.text).words(12)

    @admin.display(description="Status today")
    def status_today(self, target: Target) -> str:
        return status_of(target, as_at=timezone.localdate()).rag.label

    @admin.display(description="Resolves to")
    def resolved_window(self, target: Target) -> str:
        if target.pk is None:
            return "Saved targets show the window their deadline resolves to here."
        return f"{target.deadline_text or 'No deadline given'}: {describe_window(target.window)}"


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Progress updates are read here, never added, changed or deleted.

    An update is added on the target's page, where plan admins may add one too: that form and
    targets.services.record_progress hold the rules (a live target, commentary where the status
    needs it, no update made against a stale view), which a second way in would have to repeat.
    """

    list_display = ["target", "status", "author", "made_at", "is_demo"]
    list_filter = ["status", "is_demo", "target__service_area__plan", "target__service_area"]
    search_fields = ["target__ref", "commentary"]
    list_select_related = ["target", "author"]
    date_hierarchy = "made_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        # Read-only view of an existing update (view permission still shows it).
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
