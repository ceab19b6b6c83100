"""Key targets with their deadlines, and the append-only progress updates officers make on them."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.deadlines import DeadlineKind, DeadlineWindow, parse_deadline
from plans.models import Action, EqualityGroup, ServiceArea
from plans.rag import RAG
from plans.records import COMMENTARY_MAX_LENGTH, AppendOnly, evidence_link_field
from targets.status import Lifecycle, ProgressStatus


class Target(models.Model):
    """A key target: its wording, its deadline as written and the window that resolves to."""

    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="targets")
    ref = models.CharField(max_length=20, help_text="Stable reference, e.g. CWB-T1.")
    bullet = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The plan's key-target bullet this comes from."
    )
    text = models.TextField(help_text="As the plan words it.")
    deadline_text = models.CharField(
        "deadline as written", max_length=200, blank=True, help_text='e.g. "by summer 2021".'
    )
    deadline_kind = models.CharField(
        max_length=20,
        choices=[(kind.value, kind.value.capitalize()) for kind in DeadlineKind],
        default=DeadlineKind.UNSCHEDULED,
    )
    due_start = models.DateField("window starts", null=True, blank=True)
    due_date = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Leave empty to use the date the deadline resolves to; enter one to override it.",
    )
    revised_deadline_text = models.CharField(
        "revised deadline", max_length=200, blank=True, help_text="Set when a target is re-dated."
    )
    revised_due_start = models.DateField(null=True, blank=True)
    revised_due_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True)
    lifecycle = models.CharField(
        max_length=20,
        choices=[(state.value, state.value.capitalize()) for state in Lifecycle],
        default=Lifecycle.LIVE,
    )
    closed_on = models.DateField(null=True, blank=True, help_text="When cancelled or superseded.")
    closure_reason = models.TextField(blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_targets",
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="targets")
    groups = models.ManyToManyField(EqualityGroup, blank=True, related_name="targets")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[actions, groups])

    class Meta:
        ordering = ["service_area", "position", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_area", "ref"], name="target_ref_unique_in_area"
            ),
            models.CheckConstraint(
                condition=Q(due_start__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_start__lte=F("due_date")),
                name="target_window_starts_before_due",
            ),
            models.CheckConstraint(
                condition=~Q(lifecycle=Lifecycle.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="superseded_target_names_successor",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")), name="target_not_superseded_by_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text}"[:120]

    @property
    def window(self) -> DeadlineWindow:
        return DeadlineWindow(
            kind=DeadlineKind(self.deadline_kind),
            start=self.due_start,
            end=self.due_date,
            phrase=self.deadline_text,
        )

    @property
    def revised_window(self) -> DeadlineWindow | None:
        if not self.revised_due_date:
            return None
        return DeadlineWindow(
            kind=DeadlineKind.DATED,
            start=self.revised_due_start,
            end=self.revised_due_date,
            phrase=self.revised_deadline_text,
        )

    def set_deadline(self, deadline_text: str, *, due_date: date | None = None) -> None:
        """Record the deadline as written and the window it resolves to.

        A due date given by hand overrides the resolved one (and stands alone when the phrase cannot
        be read); otherwise an unreadable phrase raises DeadlineError and nothing changes.
        """
        try:
            window = parse_deadline(
                deadline_text, recurring_from=self.service_area.plan.period_start
            )
        except ValueError:
            if due_date is None:
                raise
            window = DeadlineWindow(DeadlineKind.DATED, None, due_date, deadline_text)
        self.deadline_text = deadline_text
        self.deadline_kind = window.kind if due_date is None else DeadlineKind.DATED
        self.due_date = due_date or window.end
        fits = window.start and self.due_date and window.start <= self.due_date
        self.due_start = window.start if fits else None

    @property
    def is_open(self) -> bool:
        return self.lifecycle == Lifecycle.LIVE

    def clean(self) -> None:
        if self.revised_due_date and not self.revision_reason.strip():
            raise ValidationError({"revision_reason": "Give the reason the target was re-dated."})
        if self.lifecycle == Lifecycle.SUPERSEDED and not self.superseded_by_id:
            raise ValidationError({"superseded_by": "Name the target that supersedes this one."})
        if self.pk is not None and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "A target cannot supersede itself."})
        if self.lifecycle != Lifecycle.LIVE and not self.closure_reason.strip():
            raise ValidationError({"closure_reason": "Give the reason the target was closed."})


class ProgressUpdate(AppendOnly):
    """An officer's report on a target. Append-only: a correction is a new update."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="progress_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=20, choices=[(status.value, status.label) for status in ProgressStatus]
    )
    commentary = models.TextField(blank=True, max_length=COMMENTARY_MAX_LENGTH)
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    evidence_url = evidence_link_field()
    is_demo = models.BooleanField(default=False, help_text="Fictional data for demonstrations.")
    recorded_via = models.CharField(
        max_length=200,
        blank=True,
        help_text="How it was sent when not from the target's page, e.g. API token “Housing”.",
    )

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["target", "-made_at"], name="update_target_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                name="update_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="update_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.ref} {self.get_status_display()} ({self.made_at:%d %b %Y})"

    @classmethod
    def cache_plan_id(cls, instance: "ProgressUpdate") -> int | None:
        """The plan whose pages an update (or its history record) changes (plans/cache.py): its
        target's, which an update never moves."""
        return (
            ServiceArea.objects.filter(targets__pk=instance.target_id)
            .values_list("plan_id", flat=True)
            .first()
        )


class StatusSpan(models.Model):
    """Days on which a target's status as at each of them is the same (targets.status.Span).

    Derived, never edited: every write that can change a target's status stores its spans anew
    (targets.services.refresh_status_timelines), so lists filter, sort and count by status as at
    any day in the database. Exact up to the horizon (settings.STATUS_TIMELINE_YEARS ahead).
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="status_spans")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The first day after the span.")
    rag = models.CharField(max_length=20, choices=[(rag.value, rag.label) for rag in RAG])
    due_date = models.DateField(null=True, blank=True)
    last_update_on = models.DateField(null=True, blank=True)
    completed_on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["target", "starts_on"]
        # As at a day: the spans not ended by then (ends_on > day, or none), far fewer than all.
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="status_span_as_at")]
        constraints = [
            models.UniqueConstraint(fields=["target", "starts_on"], name="status_span_one_start"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="status_span_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.rag} from {self.starts_on}"
