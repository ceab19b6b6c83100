"""Geometry for the server-rendered SVG charts of an indicator's page: plain numbers in, the
coordinates the templates draw out. The charts are decorative (aria-hidden); every number they show
is in the accessible table beside them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from outcomes.breakdowns import Course, Figure, Unit, has_line
from plans.deadlines import uk_date
from plans.wording import describe_value

# Drawn at most 480 px wide (CSS), so 18-unit labels are 18 px on a desktop and 13 px at 390 px.
WIDTH = 480
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 64, 456, 40, 248
HEADROOM = Decimal("1.1")

SHARE_LEFT = 16  # share bars run the whole width, their labels above them
SHARE_ROW_HEIGHT = 60
SHARE_TOP = 8
SHARE_AXIS_HEIGHT = 28


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class ProgressChart:
    width: int
    height: int
    axis: tuple[Point, Point, Point]  # top of the y axis, the origin, the end of the x axis
    first_day: date  # the period the chart covers: its data's, and the target's date
    last_day: date
    points: list[Point]  # the measured values
    expected: tuple[Point, Point] | None  # the straight line from the start to the target
    target: tuple[Point, Point] | None  # the target's level across the chart
    labels: list[Label]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def progress_chart(
    *, course: Course, figures: Sequence[Figure], unit: Unit, as_at: date
) -> ProgressChart | None:
    """The values over time against the straight line; None with nothing to draw.

    The x axis runs over the data's period and to the target's date, not to the as at date: a
    page looked at years later still spreads the figures across the chart.
    """
    if not figures and course.target_value is None:
        return None
    last_day = max(
        [course.start]
        + [f.through for f in figures]
        + ([course.target_date] if course.target_date else [])
    )
    first_day = min([course.start] + [f.through for f in figures])
    days = max((last_day - first_day).days, 1)
    values = [course.start_value] + [f.value for f in figures]
    if course.target_value is not None:
        values.append(course.target_value)
    top = max(values) * HEADROOM or Decimal(1)
    if unit is Unit.PERCENTAGE:
        top = min(max(top, Decimal(10)), Decimal(100))

    def x(day: date) -> float:
        return LEFT + (RIGHT - LEFT) * (day - first_day).days / days

    def y(value: Decimal) -> float:
        return BOTTOM - float((BOTTOM - TOP) * min(value, top) / top)

    labels = [
        Label(LEFT - 8, BOTTOM, "0", "end"),
        Label(LEFT - 8, y(top), describe_value(top.quantize(Decimal(1)), unit), "end"),
        Label(LEFT, BOTTOM + 22, uk_date(first_day)),
        Label(RIGHT, BOTTOM + 22, uk_date(last_day), "end"),
        # The axes' titles: what is measured up the side, the period ending along the bottom.
        Label(LEFT, TOP - 24, "Value" if unit is not Unit.PERCENTAGE else "Per cent"),
        Label((LEFT + RIGHT) / 2, BOTTOM + 54, "Period ending", "middle"),
    ]
    target = None
    if course.target_value is not None:
        level = y(course.target_value)
        target = (Point(LEFT, level), Point(RIGHT, level))
        # At the left end, on the side away from the first figure: values start far from their
        # target and reach it (and cross the line) towards the right.
        first = figures[0].value if figures else course.start_value
        offset = -12 if first <= course.target_value else 14
        text = f"Target {describe_value(course.target_value, unit)}"
        labels.append(Label(LEFT + 8, level + offset, text))
    expected = None
    if has_line(course) and course.target_date and course.target_value is not None:
        expected = (
            Point(x(course.start), y(course.start_value)),
            Point(x(course.target_date), y(course.target_value)),
        )
    return ProgressChart(
        width=WIDTH,
        height=HEIGHT,
        axis=(Point(LEFT, TOP), Point(LEFT, BOTTOM), Point(RIGHT, BOTTOM)),
        first_day=first_day,
        last_day=last_day,
        points=[Point(x(f.through), y(f.value)) for f in figures],
        expected=expected,
        target=target,
        labels=labels,
    )


@dataclass(frozen=True)
class ShareBar:
    label: Label
    track: tuple[float, float, float, float]  # x, y, width, height: 0% to 100%
    bar_width: float  # the share achieved, on the same scale
    goal_x: float  # the target share or benchmark

    @property
    def goal_top(self) -> float:
        return self.track[1] - 6

    @property
    def goal_bottom(self) -> float:
        return self.track[1] + self.track[3] + 6


@dataclass(frozen=True)
class ShareChart:
    width: int
    height: int
    bars: list[ShareBar]
    ticks: list[Label]


def share_chart(rows: Sequence[tuple[str, Decimal | None, Decimal]]) -> ShareChart | None:
    """Bars of the share achieved, each with a mark at its goal. `rows` are (label, achieved
    share or None, target share or benchmark), shares in percent."""
    if not rows:
        return None

    def x(share: Decimal) -> float:
        return (
            SHARE_LEFT
            + (RIGHT - SHARE_LEFT) * float(min(max(share, Decimal(0)), Decimal(100))) / 100
        )

    bars = []
    for index, (text, achieved, goal) in enumerate(rows):
        top = SHARE_TOP + index * SHARE_ROW_HEIGHT
        bars.append(
            ShareBar(
                label=Label(SHARE_LEFT, top + 16, text),
                track=(SHARE_LEFT, top + 28, RIGHT - SHARE_LEFT, 20),
                bar_width=x(achieved) - SHARE_LEFT if achieved is not None else 0,
                goal_x=x(goal),
            )
        )
    axis_y = SHARE_TOP + len(rows) * SHARE_ROW_HEIGHT + 16
    ticks = [
        Label(
            x(Decimal(p)), axis_y, f"{p}%", "start" if p == 0 else "end" if p == 100 else "middle"
        )
        for p in (0, 25, 50, 75, 100)
    ]
    return ShareChart(width=WIDTH, height=axis_y + SHARE_AXIS_HEIGHT - 12, bars=bars, ticks=ticks)
