"""The arithmetic of indicators and their equality breakdowns: pure functions over plain values.

One set of rules serves the indicator page, the outcome page, the reports and the imports. Values
are Decimals; shares and gaps are in percentages and percentage points.

The value as at a day D
- Cumulative indicator: each measurement is the total so far (or, for a percentage or a rate, the
  level now). The value as at D is the latest measurement for a period ending on or before D.
- Per-period indicator (counts only): each measurement counts its own period only, and they add up.
  The value as at D is the baseline (or 0) plus the measurements for periods ending after the start
  and on or before D; periods ending after the target date do not count towards the target.

The straight line (the indicator's course)
- It runs from the start to the target. The start is the baseline (its value, as at its date) or,
  with no baseline, 0 as at the day before the plan starts.
- Expected by D: the point on that line at D, by days; the start value before the start, the
  target once the target date has passed. With no target date there is no line.
- Progress: the fraction of the way from the start value to the target, (value − start) / (target −
  start), so 1 is the target reached. It needs a target on the good side of the start (above it for
  an increase, below it for a decrease): a decrease-is-good indicator with no baseline has no line.

RAG for an indicator as at D (first rule that applies)
1. No target value: not judged (rag None); its breakdown shares say how it is doing.
2. No measurement yet: red once the target date has passed, otherwise not yet due.
3. The target reached (at or above it for an increase, at or below for a decrease): complete.
4. No target date: unscheduled (shown as needing a date, as for targets).
5. The target date passed and the target not reached: red.
6. No line (see above): not yet due, judged only when the target date comes.
7. Progress at or beyond the progress expected by D: green.
8. Progress at least 90% of the progress expected by D (short by less than a tenth of the change
   expected so far): amber. Expecting 400 of a 1,000 rise from 0, 360 is amber and 359 red.
9. Otherwise red.
The latest value is compared with the line at D itself, so a figure not yet reported for the
latest period counts against the indicator.

Shares of a breakdown
- A category's value is the sum of the recorded categories it stands for (a group adds up the
  categories beneath it, an aggregate its members, a recorded category is itself).
- Share achieved = category value / total × 100, from the same measurements: for a cumulative
  indicator the latest measurement (as at D) that has a breakdown by that dimension; for a
  per-period one, every period in the window that has one (periods without a breakdown are left
  out of both the part and the total). No share when the total is 0.
- Gap = share achieved − target share (or − benchmark), in percentage points: negative is below.

A measurement is refused (measurement_problems) when its value is negative, a count is not a whole
number, a percentage is over 100, a breakdown names a dimension or category the indicator is not
broken down by (or a group or aggregate, which are sums and never entered), or a dimension's parts
add up to more than the total. What the parts leave of the total is "not recorded".
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from plans.deadlines import uk_date
from plans.rag import RAG
from plans.wording import describe_expected, describe_value

ZERO = Decimal(0)
HUNDRED = Decimal(100)
AMBER_SHARE_OF_EXPECTED = Decimal("0.9")
MAX_FIGURE = Decimal(10) ** 12  # figures are stored with 14 digits, 2 after the point


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    RATE = "rate"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"

    @property
    def label(self) -> str:
        return {"increase": "An increase is good", "decrease": "A decrease is good"}[self.value]


class Accumulation(StrEnum):
    CUMULATIVE = "cumulative"
    PER_PERIOD = "per_period"

    @property
    def label(self) -> str:
        return {
            "cumulative": "Cumulative: each figure is the total so far (or the level now)",
            "per_period": "Per period: each figure counts its own period, and they add up",
        }[self.value]


class ShareKind(StrEnum):
    TARGET = "target"
    BENCHMARK = "benchmark"

    @property
    def label(self) -> str:
        return {"target": "Target share", "benchmark": "Benchmark"}[self.value]


Parts = Mapping[str, Mapping[str, Decimal]]  # dimension slug -> recorded category slug -> value


@dataclass(frozen=True)
class Reading:
    """One measurement's figures: its period end, its total and its breakdowns (if any)."""

    period_end: date
    value: Decimal
    parts: Parts = field(default_factory=dict)


@dataclass(frozen=True)
class Course:
    """What an indicator aims for, from where: the settings the arithmetic needs."""

    start: date
    start_value: Decimal
    target_value: Decimal | None
    target_date: date | None
    direction: Direction = Direction.INCREASE
    accumulation: Accumulation = Accumulation.CUMULATIVE


@dataclass(frozen=True)
class Figure:
    """A value as at a day, and the period end of the latest measurement it counts."""

    value: Decimal
    through: date


@dataclass(frozen=True)
class IndicatorStatus:
    rag: RAG | None  # None: not judged (no overall target)
    reason: str  # one plain-English sentence for the page
    progress: Decimal | None  # fraction of the way from the start to the target
    expected: Decimal | None  # the value expected by the as at day, on the straight line


@dataclass(frozen=True)
class ShareFigure:
    """A category's share of the total, from the same measurements."""

    part: Decimal
    total: Decimal
    through: date  # period end of the latest measurement counted

    @property
    def share(self) -> Decimal | None:
        return share(self.part, self.total)


@dataclass(frozen=True)
class Problem:
    """Why a figure is refused. `field` is "period_end", "value", "note", a dimension slug (its
    parts as a whole) or "<dimension>:<category>"; forms and CSV imports point at it."""

    field: str
    message: str


def start_of_course(
    *, baseline_value: Decimal | None, baseline_date: date | None, plan_start: date
) -> tuple[date, Decimal]:
    """Where the straight line starts: the baseline, or 0 as at the day before the plan starts."""
    if baseline_value is not None and baseline_date is not None:
        return baseline_date, baseline_value
    return plan_start - timedelta(days=1), ZERO


# --- Values as at a day -----------------------------------------------------------------------


def in_window(reading: Reading, course: Course, as_at: date) -> bool:
    """Whether a per-period reading counts towards the value as at a day."""
    last = min(as_at, course.target_date) if course.target_date else as_at
    return course.start < reading.period_end <= last


def value_as_at(readings: Sequence[Reading], course: Course, as_at: date) -> Figure | None:
    """The indicator's value as at a day, by the rules above; None before any measurement."""
    if course.accumulation is Accumulation.PER_PERIOD:
        counted = [r for r in readings if in_window(r, course, as_at)]
        if not counted:
            return None
        total = course.start_value + sum((r.value for r in counted), ZERO)
        return Figure(total, max(r.period_end for r in counted))
    latest = _latest([r for r in readings if r.period_end <= as_at])
    return Figure(latest.value, latest.period_end) if latest else None


def running_values(readings: Sequence[Reading], course: Course) -> list[Figure]:
    """The value as at each period end measured, oldest first: the points of the chart."""
    figures = []
    for end in sorted({r.period_end for r in readings}):
        figure = value_as_at(readings, course, end)
        # A per-period figure outside the window adds nothing, so it is no point of its own.
        if figure is not None and figure.through == end:
            figures.append(figure)
    return figures


def _latest(readings: Sequence[Reading]) -> Reading | None:
    return max(readings, key=lambda r: r.period_end, default=None)


# --- The straight line and progress -----------------------------------------------------------


def time_fraction(course: Course, as_at: date) -> Decimal | None:
    """How far through the time from the start to the target date a day is, 0 to 1."""
    if course.target_date is None:
        return None
    span = (course.target_date - course.start).days
    if span <= 0:
        return Decimal(1) if as_at >= course.target_date else ZERO
    elapsed = min(max((as_at - course.start).days, 0), span)
    return Decimal(elapsed) / Decimal(span)


def has_line(course: Course) -> bool:
    """Whether the target lies on the good side of the start, so progress can be measured."""
    if course.target_value is None or course.target_date is None:
        return False
    if course.direction is Direction.INCREASE:
        return course.target_value > course.start_value
    return course.target_value < course.start_value


def expected_by(course: Course, as_at: date) -> Decimal | None:
    """The value expected by a day on the straight line from the start to the target."""
    fraction = time_fraction(course, as_at)
    if fraction is None or course.target_value is None or not has_line(course):
        return None
    return course.start_value + (course.target_value - course.start_value) * fraction


def progress(course: Course, value: Decimal) -> Decimal | None:
    """The fraction of the way from the start value to the target (1 = reached; may pass 1 or
    fall below 0); None when the target is not on the good side of the start."""
    if course.target_value is None:
        return None
    span = course.target_value - course.start_value
    good = span > 0 if course.direction is Direction.INCREASE else span < 0
    if not good:
        return None
    return (value - course.start_value) / span


def target_reached(course: Course, value: Decimal) -> bool:
    if course.target_value is None:
        return False
    if course.direction is Direction.INCREASE:
        return value >= course.target_value
    return value <= course.target_value


def judge(course: Course, figure: Figure | None, as_at: date, unit: Unit) -> IndicatorStatus:
    """The indicator's RAG as at a day, by the rules in the module docstring."""
    expected = expected_by(course, as_at)

    def status(rag: RAG | None, reason: str) -> IndicatorStatus:
        made = progress(course, figure.value) if figure else None
        return IndicatorStatus(rag=rag, reason=reason, progress=made, expected=expected)

    def shown(value: Decimal) -> str:
        return describe_value(value, unit)

    if course.target_value is None:
        return status(None, "No overall target: the breakdown shows how it is doing.")
    target = shown(course.target_value)
    due = course.target_date
    late = due is not None and as_at > due
    if figure is None:
        if late:
            return status(
                RAG.RED, f"No measurement, and the target date, {uk_date(due)}, has passed."
            )
        return status(RAG.NOT_YET_DUE, "No measurement yet.")
    latest = f"{shown(figure.value)} to {uk_date(figure.through)}"
    if target_reached(course, figure.value):
        return status(RAG.COMPLETE, f"Target of {target} reached: {latest}.")
    if due is None:
        return status(RAG.UNSCHEDULED, f"{latest}, short of the target of {target}; no date set.")
    if late:
        return status(RAG.RED, f"{latest}, short of the target of {target} due {uk_date(due)}.")
    made = progress(course, figure.value)
    fraction = time_fraction(course, as_at)
    if made is None or expected is None or fraction is None:
        return status(
            RAG.NOT_YET_DUE,
            f"{latest}; with no baseline below the target there is no line to judge it against "
            f"until it is due, {uk_date(due)}.",
        )
    against = (
        f"{describe_expected(expected, unit)} expected by {uk_date(as_at)} on the way to {target}"
    )
    if made >= fraction:
        return status(RAG.GREEN, f"{latest}: at or ahead of the {against}.")
    if made >= fraction * AMBER_SHARE_OF_EXPECTED:
        return status(RAG.AMBER, f"{latest}: a little behind the {against}.")
    return status(RAG.RED, f"{latest}: well behind the {against}.")


# --- Shares of a breakdown --------------------------------------------------------------------


def share(part: Decimal, total: Decimal) -> Decimal | None:
    """A part as a percentage of the total; None when the total is 0 (no share to speak of)."""
    if total == 0:
        return None
    return part / total * HUNDRED


def gap_points(achieved: Decimal | None, goal: Decimal) -> Decimal | None:
    """Share achieved minus the target share or benchmark, in percentage points."""
    return None if achieved is None else achieved - goal


def part_of(parts: Mapping[str, Decimal], members: Collection[str]) -> Decimal:
    """A category's value: the sum of the recorded categories it stands for."""
    return sum((parts.get(member, ZERO) for member in members), ZERO)


def share_as_at(
    readings: Sequence[Reading],
    course: Course,
    as_at: date,
    *,
    dimension: str,
    members: Collection[str],
) -> ShareFigure | None:
    """A category's share as at a day, by the rules above; None with no breakdown to go on."""
    with_parts = [r for r in readings if r.parts.get(dimension)]
    if course.accumulation is Accumulation.PER_PERIOD:
        counted = [r for r in with_parts if in_window(r, course, as_at)]
        if not counted:
            return None
        return ShareFigure(
            part=sum((part_of(r.parts[dimension], members) for r in counted), ZERO),
            total=sum((r.value for r in counted), ZERO),
            through=max(r.period_end for r in counted),
        )
    latest = _latest([r for r in with_parts if r.period_end <= as_at])
    if latest is None:
        return None
    return ShareFigure(
        part=part_of(latest.parts[dimension], members),
        total=latest.value,
        through=latest.period_end,
    )


# --- What may be recorded ---------------------------------------------------------------------


def measurement_problems(
    *,
    unit: Unit,
    value: Decimal,
    parts: Parts,
    recorded: Mapping[str, Mapping[str, str]],
    dimension_names: Mapping[str, str],
) -> list[Problem]:
    """Every reason to refuse a measurement's figures.

    `recorded` maps each dimension the indicator is broken down by to its recorded categories
    (slug -> name); `dimension_names` names every dimension that may be mentioned.
    """
    problems = [Problem("value", m) for m in figure_problems(value, unit, "The value")]
    for dimension, dimension_parts in parts.items():
        name = dimension_names.get(dimension, dimension)
        if dimension not in recorded:
            problems.append(
                Problem(dimension, f"This indicator is not broken down by {name.lower()}.")
            )
            continue
        for category, part in dimension_parts.items():
            key = f"{dimension}:{category}"
            if category not in recorded[dimension]:
                problems.append(
                    Problem(
                        key,
                        f"“{category}” is not a category of {name.lower()} that figures are "
                        "entered for.",
                    )
                )
                continue
            what = f"The figure for {recorded[dimension][category]}"
            problems += [Problem(key, m) for m in figure_problems(part, unit, what)]
        total = sum(dimension_parts.values(), ZERO)
        # A figure too large to store is named above; its sum is too large to describe.
        storable = all(figure < MAX_FIGURE for figure in [value, *dimension_parts.values()])
        if storable and total > value >= 0:
            problems.append(
                Problem(
                    dimension,
                    f"The {name.lower()} figures add up to {describe_value(total, unit)}, more "
                    f"than the total of {describe_value(value, unit)}.",
                )
            )
    return problems


def figure_problems(value: Decimal, unit: Unit, what: str) -> list[str]:
    """Why one figure cannot be a value of this unit (empty when it can)."""
    if value < 0:
        return [f"{what} cannot be negative."]
    if value >= MAX_FIGURE:
        return [f"{what} is too large."]
    if value.as_tuple().exponent < -2:
        return [f"{what} can have at most two decimal places."]
    if unit is Unit.COUNT and value != value.to_integral_value():
        return [f"{what} is a count, so it must be a whole number."]
    if unit is Unit.PERCENTAGE and value > HUNDRED:
        return [f"{what} is a percentage, so it cannot be over 100."]
    return []


def indicator_problems(
    *,
    unit: Unit,
    direction: Direction,
    accumulation: Accumulation,
    baseline_value: Decimal | None,
    baseline_date: date | None,
    target_value: Decimal | None,
    target_date: date | None,
) -> list[Problem]:
    """Every reason an indicator's settings cannot work together (field names as the model's)."""
    problems = []
    if accumulation is Accumulation.PER_PERIOD and (
        unit is not Unit.COUNT or direction is not Direction.INCREASE
    ):
        problems.append(
            Problem(
                "accumulation",
                "Only a count that should increase can add up its periods; a percentage, a rate "
                "or a decrease is judged on its latest figure, so make it cumulative.",
            )
        )
    if (baseline_value is None) != (baseline_date is None):
        missing = "baseline_date" if baseline_date is None else "baseline_value"
        problems.append(Problem(missing, "Give the baseline's value and its date, or neither."))
    if baseline_value is not None:
        problems += [
            Problem("baseline_value", m)
            for m in figure_problems(baseline_value, unit, "The baseline")
        ]
    if target_value is not None:
        problems += [
            Problem("target_value", m) for m in figure_problems(target_value, unit, "The target")
        ]
    if baseline_date and target_date and baseline_date >= target_date:
        problems.append(
            Problem("baseline_date", "The baseline must be dated before the target date.")
        )
    return problems
