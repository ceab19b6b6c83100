"""Geometry for the chart of shares against the population: each category's share as a dot on its
95% interval (a line), beside a tick at its population share. Shapes, not colours, tell them apart;
the chart is decorative (aria-hidden) and the table beside it holds every number."""

from collections.abc import Sequence
from dataclasses import dataclass

from outcomes.charts import LEFT, RIGHT, WIDTH, Label

ROW_HEIGHT = 44
TOP = 8
AXIS_HEIGHT = 28


@dataclass(frozen=True)
class IntervalRow:
    label: Label
    y: float  # the row's centre line
    share_x: float
    low_x: float
    high_x: float
    population_x: float | None


@dataclass(frozen=True)
class IntervalChart:
    width: int
    height: int
    rows: list[IntervalRow]
    ticks: list[Label]
    axis_y: float


def interval_chart(
    rows: Sequence[tuple[str, float, float, float, float | None]],
) -> IntervalChart | None:
    """`rows` are (label, share, low, high, population share), as fractions 0 to 1."""
    if not rows:
        return None
    top = max(max(r[3], r[4] or 0.0) for r in rows)
    scale = min(1.0, max(0.1, (int(top * 10) + 1) / 10))  # the next 10% above everything shown

    def x(value: float) -> float:
        return LEFT + (RIGHT - LEFT) * min(max(value, 0.0), scale) / scale

    drawn = []
    for index, (text, share, low, high, population) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + 30
        drawn.append(
            IntervalRow(
                label=Label(LEFT, y - 16, text),
                y=y,
                share_x=x(share),
                low_x=x(low),
                high_x=x(high),
                population_x=x(population) if population is not None else None,
            )
        )
    axis_y = TOP + len(rows) * ROW_HEIGHT + 8
    step = 10 if scale <= 0.5 else 20  # percent between ticks
    ticks = [
        Label(x(percent / 100), axis_y + 16, f"{percent}%", "middle")
        for percent in range(0, round(scale * 100) + 1, step)
    ]
    return IntervalChart(
        width=WIDTH, height=int(axis_y + AXIS_HEIGHT), rows=drawn, ticks=ticks, axis_y=axis_y
    )


TREND_WIDTH, TREND_HEIGHT = 280, 150
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 44, 268, 28, 120


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    low_y: float
    high_y: float


@dataclass(frozen=True)
class TrendChart:
    """One category's share period by period (dots on their intervals, joined by a line) against
    its population share (a dashed line)."""

    title: str
    width: int
    height: int
    points: list[TrendPoint]
    population_y: float | None
    labels: list[Label]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def trend_chart(
    title: str,
    periods: Sequence[tuple[str, float, float, float]],
    population: float | None,
) -> TrendChart | None:
    """`periods` are (label, share, low, high) as fractions, oldest first."""
    if len(periods) < 2:
        return None
    top = max([high for _, _, _, high in periods] + [population or 0.0])
    scale = min(1.0, max(0.05, (int(top * 20) + 1) / 20))  # the next 5% above everything

    def y(value: float) -> float:
        return TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * min(max(value, 0.0), scale) / scale

    step = (TREND_RIGHT - TREND_LEFT) / (len(periods) - 1)
    points = [
        TrendPoint(TREND_LEFT + i * step, y(share), y(low), y(high))
        for i, (_, share, low, high) in enumerate(periods)
    ]
    labels = [
        Label(TREND_LEFT - 6, TREND_BOTTOM, "0%", "end"),
        Label(TREND_LEFT - 6, TREND_TOP, f"{round(scale * 100)}%", "end"),
        Label(TREND_LEFT, TREND_BOTTOM + 20, periods[0][0]),
        Label(TREND_RIGHT, TREND_BOTTOM + 20, periods[-1][0], "end"),
    ]
    return TrendChart(
        title=title,
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        points=points,
        population_y=y(population) if population is not None else None,
        labels=labels,
    )
