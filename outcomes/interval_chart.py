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
