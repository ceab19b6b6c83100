"""Outcomes the plan aims to achieve; indicators measure them, with equality breakdowns.

An outcome may have indicators (what is counted, towards what target by when). An indicator may be
broken down by dimensions (ethnicity, disability, ...), each with target shares or benchmarks for
some of its categories. Officers record measurements, append-only: a correction is a new
measurement that supersedes the one for its period. Qualitative outcomes are judged in narrative
updates, also append-only. The arithmetic is in outcomes/breakdowns.py.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from outcomes.breakdowns import (
    Accumulation,
    Course,
    Direction,
    ShareKind,
    Unit,
    indicator_problems,
    start_of_course,
)
from outcomes.population_models import PopulationBenchmark, PopulationFigure  # noqa: F401 (re-exported)
from plans.deadlines import DeadlineError, DeadlineKind, parse_deadline
from plans.models import EqualityGroup, ServiceArea
from plans.records import COMMENTARY_MAX_LENGTH, AppendOnly, AppendOnlyQuerySet, evidence_link_field

NOTE_MAX_LENGTH = 1000


def _choices(enum: type) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


class Outcome(models.Model):
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="outcomes")
    ref = models.CharField(max_length=20, help_text="Stable reference, e.g. CWB-O1.")
    text = models.TextField(help_text="As the plan words it.")
    groups = models.ManyToManyField(EqualityGroup, blank=True, related_name="outcomes")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["service_area", "position", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_area", "ref"], name="outcome_ref_unique_in_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text}"[:120]

    def get_absolute_url(self) -> str:
        return reverse("outcomes:outcome", args=[self.pk])


class Dimension(models.Model):
    """What a total is broken down by: ethnicity, disability, sex, age band, staff group, ..."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A category of a dimension. Officers enter figures for recorded categories only; a group
    adds up the recorded categories beneath it, an aggregate adds up its members."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", "Recorded: officers enter a figure for it"
        GROUP = "group", "Group: adds up the categories beneath it"
        AGGREGATE = "aggregate", "Aggregate: adds up the categories chosen as its members"

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="categories")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RECORDED)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": Kind.GROUP},
        help_text="For a recorded category: the group it is counted in.",
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="aggregates",
        limit_choices_to={"kind": Kind.RECORDED},
        help_text="For an aggregate: the recorded categories it adds up.",
    )
    description = models.TextField(
        blank=True, help_text="What it means; for an aggregate, which categories it includes."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["dimension", "position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "slug"], name="category_slug_unique"),
            models.UniqueConstraint(fields=["dimension", "name"], name="category_name_unique"),
            models.CheckConstraint(
                condition=Q(kind="recorded") | Q(parent__isnull=True),
                name="only_recorded_category_has_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.name}"

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.kind != self.Kind.RECORDED:
            raise ValidationError({"parent": "Only a recorded category sits in a group."})
        if self.parent.dimension_id != self.dimension_id or self.parent.kind != self.Kind.GROUP:
            raise ValidationError({"parent": "Choose a group of the same dimension."})


class Indicator(models.Model):
    """Something counted to show an outcome is achieved: towards what target, by when."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="indicators")
    ref = models.CharField(max_length=20, help_text="Stable reference, e.g. CWB-I1.")
    name = models.CharField(max_length=200, help_text="What is counted, e.g. People into work.")
    unit = models.CharField(max_length=20, choices=_choices(Unit), default=Unit.COUNT)
    direction = models.CharField(
        max_length=20, choices=_choices(Direction), default=Direction.INCREASE
    )
    accumulation = models.CharField(
        max_length=20, choices=_choices(Accumulation), default=Accumulation.CUMULATIVE
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True, help_text="When the baseline applied.")
    target_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty where the plan sets only shares of a breakdown.",
    )
    deadline_text = models.CharField(
        "target date as written",
        max_length=200,
        blank=True,
        help_text='e.g. "by summer 2021"; leave empty where the plan gives none.',
    )
    due_date = models.DateField(
        "target date", null=True, blank=True, editable=False, help_text="Resolved from the phrase."
    )
    data_source = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome", "position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "ref"], name="indicator_ref_unique"),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_value_and_date",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="indicator_target_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_value__gte=0),
                name="indicator_baseline_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:indicator", args=[self.pk])

    def set_deadline(self, deadline_text: str, *, plan_start: date) -> None:
        """Record the target date as written and the due date it resolves to.

        Raises DeadlineError, changing nothing, for a phrase the deadline rules cannot read or one
        that recurs ("annual"): an indicator's target has one date.
        """
        window = parse_deadline(deadline_text, recurring_from=plan_start)
        if window.kind is DeadlineKind.RECURRING:
            raise DeadlineError(
                f"{deadline_text.strip()!r} recurs; an indicator's target needs one date"
            )
        self.deadline_text = deadline_text.strip()
        self.due_date = window.end

    def clean(self) -> None:
        problems: dict[str, list[str]] = {}
        if self.outcome_id is not None:  # a form's missing outcome is reported on its own
            try:
                self.set_deadline(
                    self.deadline_text, plan_start=self.outcome.service_area.plan.period_start
                )
            except DeadlineError as error:
                problems["deadline_text"] = [f"Cannot read this date: {error}."]
        for problem in indicator_problems(
            unit=Unit(self.unit),
            direction=Direction(self.direction),
            accumulation=Accumulation(self.accumulation),
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            target_value=self.target_value,
            target_date=self.due_date,
        ):
            problems.setdefault(problem.field, []).append(problem.message)
        if problems:
            raise ValidationError(problems)

    @property
    def unit_enum(self) -> Unit:
        return Unit(self.unit)

    def course(self, *, plan_start: date) -> Course:
        """The settings the arithmetic needs; plan_start is the indicator's plan's start."""
        start, start_value = start_of_course(
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            plan_start=plan_start,
        )
        return Course(
            start=start,
            start_value=start_value,
            target_value=self.target_value,
            target_date=self.due_date,
            direction=Direction(self.direction),
            accumulation=Accumulation(self.accumulation),
        )


class Breakdown(models.Model):
    """An indicator broken down by a dimension: measurements give a figure for each of its
    recorded categories."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="breakdowns")
    population = models.ForeignKey(
        PopulationBenchmark,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breakdowns",
        help_text="Compare every category with this population (of the same dimension).",
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "position", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dimension"], name="breakdown_dimension_once_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} by {self.dimension}"

    def clean(self) -> None:
        if self.indicator_id and self.indicator.unit != Unit.COUNT:
            raise ValidationError(
                "Only a count can be broken down into shares; this indicator is a "
                f"{self.indicator.get_unit_display().lower()}."
            )
        if (
            self.population_id
            and self.dimension_id
            and self.population.dimension_id != self.dimension_id
        ):
            raise ValidationError(
                {"population": f"Choose a population by {self.dimension.name.lower()}."}
            )


class BreakdownTarget(models.Model):
    """A share the plan wants for one category of a breakdown (50% of people into work are Black,
    Asian and Minority Ethnic), or a benchmark to compare with (30% of Islington's population)."""

    breakdown = models.ForeignKey(Breakdown, on_delete=models.CASCADE, related_name="targets")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=_choices(ShareKind), default=ShareKind.TARGET)
    share = models.DecimalField(
        "share (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Where it comes from, e.g. Islington’s population."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["breakdown", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakdown", "category", "kind"], name="breakdown_target_once"
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="breakdown_share_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name}: {self.get_kind_display().lower()} {self.share}%"

    def clean(self) -> None:
        if (
            self.breakdown_id
            and self.category_id
            and self.category.dimension_id != self.breakdown.dimension_id
        ):
            raise ValidationError(
                {"category": f"Choose a category of {self.breakdown.dimension.name.lower()}."}
            )


class MeasurementQuerySet(AppendOnlyQuerySet):
    def current(self) -> "MeasurementQuerySet":
        """The figures that count: those no correction supersedes.

        As NOT EXISTS, which PostgreSQL plans as an anti-join on the indicators' measurements.
        """
        return self.filter(~Exists(self._corrections()))

    def corrected(self) -> "MeasurementQuerySet":
        """The figures a correction has replaced; they stay on record."""
        return self.filter(Exists(self._corrections()))

    def _corrections(self) -> models.QuerySet:
        return Measurement.objects.filter(supersedes=OuterRef("pk"))


class Measurement(AppendOnly):
    """An indicator's figure for a period. Append-only: a correction is a new measurement that
    supersedes the one it corrects, which stays on record. For each period, the original and its
    corrections form one chain (one original per period; each measurement corrected at most once),
    and the figure that counts is the one nothing supersedes."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    period_end = models.DateField(help_text="The last day of the period the figure is for.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measurements"
    )
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The measurement this one corrects.",
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    imported_from = models.CharField(max_length=255, blank=True, help_text="The CSV file, if any.")

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_end", "made_at", "id"]
        indexes = [models.Index(fields=["indicator", "period_end"], name="measurement_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                condition=Q(supersedes__isnull=True),
                name="measurement_one_original_per_period",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="measurement_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} to {self.period_end:%d %b %Y}: {self.value}"


class BreakdownValue(AppendOnly):
    """One recorded category's part of a measurement's total."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.PROTECT, related_name="breakdown_values"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["measurement", "category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "category"], name="breakdown_value_once_per_category"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="breakdown_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.category.name}: {self.value}"


class OutcomeUpdate(AppendOnly):
    """An officer's judgement of a (mostly qualitative) outcome, with evidence. Append-only."""

    class Judgement(models.TextChoices):
        # The values are RAG values (plans.rag.RAG), so components/rag_tag.html shows them.
        GREEN = "green", "Green: on track"
        AMBER = "amber", "Amber: at risk"
        RED = "red", "Red: off track"
        COMPLETE = "complete", "Complete: achieved"

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outcome_updates"
    )
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    rag = models.CharField("RAG judgement", max_length=20, choices=Judgement.choices)
    commentary = models.TextField(max_length=COMMENTARY_MAX_LENGTH)
    evidence_url = evidence_link_field()

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["outcome", "-made_at"], name="outcome_update_latest")]

    def __str__(self) -> str:
        return f"{self.outcome.ref} {self.get_rag_display()} ({self.made_at:%d %b %Y})"
