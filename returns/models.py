"""Quarterly returns: a plan's report for a period, submitted per service area, signed off by the
area's service lead, and, once closed, frozen in snapshot rows that later edits never change.

The rules (what counts as updated, what an area's stage is, what moved) are in returns/rules.py;
the writes, with their row locks and refusals, in returns/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from outcomes.models import Indicator, Outcome
from plans.models import Plan, ServiceArea
from targets.models import Target

TEXT_MAX_LENGTH = 2000


class Return(models.Model):
    """A plan's return for a period: "Q2 2021/22", as at 30 September 2021."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="returns")
    name = models.CharField(max_length=100, help_text='e.g. "Q2 2021/22".')
    as_at = models.DateField("reports as at", help_text="e.g. the quarter's last day.")
    due_on = models.DateField("submissions due")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.TextField(
        blank=True, help_text="Why it was closed before every service area was approved."
    )

    class Meta:
        ordering = ["plan", "-as_at", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="open"), name="one_open_return_per_plan"
            ),
            models.UniqueConstraint(fields=["plan", "name"], name="return_name_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(state="open") | Q(closed_at__isnull=False),
                name="closed_return_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title}: {self.name}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ReturnEvent(models.Model):
    """Opening, closing and reopening, with who and why: the return's own record."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"
        CLOSED_ANYWAY = "closed_anyway", "Closed before every area was approved"
        REOPENED = "reopened", "Reopened"

    of_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.of_return}: {self.get_kind_display()} {self.at:%d %b %Y}"


class AreaReturn(models.Model):
    """One service area's part of a return. "Not started" and "in progress" are worked out from
    its items (returns.rules.area_stage); the states stored are the ones people set."""

    class State(models.TextChoices):
        OPEN = "open", "Not submitted"
        SUBMITTED = "submitted", "Submitted"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"

    of_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="areas")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    # The area's name and place as they were, so a closed return reads the same after admin edits.
    area_name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    comment = models.TextField(
        "overall comment", blank=True, max_length=TEXT_MAX_LENGTH, help_text="The officer's."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When last approved or sent back."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["of_return", "position", "area_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["of_return", "service_area"], name="area_return_once_per_return"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.of_return.name}: {self.area_name}"

    @property
    def is_with_its_lead(self) -> bool:
        """Submitted (to approve or send back) or approved (may still be sent back); an area not
        yet submitted, or sent back and not resubmitted, is with its officers."""
        return self.state in (self.State.SUBMITTED, self.State.APPROVED)


class SendBackNote(models.Model):
    """A lead's comment when sending an area back: on the whole area, or on one target or
    outcome. Shown to the area's officers until the item is updated and the area resubmitted."""

    area_return = models.ForeignKey(AreaReturn, on_delete=models.CASCADE, related_name="notes")
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.CASCADE)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.CASCADE)
    comment = models.TextField(max_length=TEXT_MAX_LENGTH)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(outcome__isnull=True),
                name="send_back_note_on_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_return}: {self.comment[:60]}"


class DeadlineProposal(models.Model):
    """An officer's proposed new due date for a late or at-risk target, for the area's lead."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the service lead"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    area_return = models.ForeignKey(AreaReturn, on_delete=models.CASCADE, related_name="proposals")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    proposed_date = models.DateField("proposed due date")
    reason = models.TextField(max_length=TEXT_MAX_LENGTH)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=Q(state="pending"), name="one_pending_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.ref}: {self.proposed_date:%d %b %Y} ({self.get_state_display()})"


class TargetSnapshot(models.Model):
    """A target as a closed return reported it. Copies, not links: nothing later changes it."""

    area_return = models.ForeignKey(
        AreaReturn, on_delete=models.CASCADE, related_name="target_rows"
    )
    target = models.ForeignKey(Target, null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=20)
    text = models.TextField()
    deadline_text = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, help_text="The due date it was judged against.")
    revised_deadline_text = models.CharField(max_length=200, blank=True)
    revised_due_date = models.DateField(null=True)
    revision_reason = models.TextField(blank=True)
    rag = models.CharField(max_length=20)
    reason = models.TextField()
    days_late = models.PositiveIntegerField(null=True)
    update_status = models.CharField(max_length=20, blank=True)
    update_commentary = models.TextField(blank=True)
    update_made_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["area_return", "position"]

    def __str__(self) -> str:
        return f"{self.ref}: {self.rag}"


class OutcomeSnapshot(models.Model):
    """An outcome as a closed return reported it, with its latest narrative judgement."""

    area_return = models.ForeignKey(
        AreaReturn, on_delete=models.CASCADE, related_name="outcome_rows"
    )
    outcome = models.ForeignKey(Outcome, null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=20)
    text = models.TextField()
    update_rag = models.CharField(max_length=20, blank=True)
    update_commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["area_return", "position"]

    def __str__(self) -> str:
        return self.ref


class IndicatorSnapshot(models.Model):
    """An indicator as a closed return reported it: value, status and breakdown shares, as words
    and figures (shares: {dimension, category, goal, achieved, gap} and the numbers behind them)."""

    outcome_row = models.ForeignKey(
        OutcomeSnapshot, on_delete=models.CASCADE, related_name="indicator_rows"
    )
    indicator = models.ForeignKey(Indicator, null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    value_text = models.CharField(max_length=100)
    target_text = models.CharField(max_length=200)
    rag = models.CharField(max_length=20, blank=True, help_text="Empty: not judged.")
    reason = models.TextField(blank=True)
    # The numbers behind the words, as the open data gives them (Decimals and dates as text):
    # unit, direction, baseline, target, latest value and period, expected value, data source.
    figures = models.JSONField(default=dict)
    shares = models.JSONField(default=list)

    class Meta:
        ordering = ["outcome_row", "position"]

    def __str__(self) -> str:
        return f"{self.ref}: {self.value_text}"
