"""Geometry for the dashboard's "status over time" chart: stacked columns of target statuses at
each quarter end, each segment labelled with its count. Decorative (aria-hidden): the same numbers
are in the table beside it."""

from dataclasses import dataclass
from datetime import date

from plans.rag import RAG
from plans.wording import MONTH_NAMES
from reports.rollups import StatusCounts

# At most 480 px wide (CSS): labels of 18 units are 18 px on a desktop and 13 px at 390 px.
WIDTH, HEIGHT = 480, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 472, 48, 272
COLUMN_GAP = 0.3  # of each column's slot
MIN_LABELLED = 20  # a segment shorter than this has no number inside (it is in the table)
DARK_TEXT = frozenset({RAG.AMBER, RAG.NOT_YET_DUE})  # light fills take dark numbers


@dataclass(frozen=True)
class Segment:
    rag: RAG
    count: int
    x: float
    y: float
    width: float
    height: float
    label_y: float | None  # where its count goes, None when too short to hold it

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def dark_text(self) -> bool:
        return self.rag in DARK_TEXT


@dataclass(frozen=True)
class Column:
    day: date
    segments: list[Segment]
    label_x: float
    total: int

    @property
    def label(self) -> str:
        """ "Sep 2021": short enough for five columns at 390 px."""
        return f"{MONTH_NAMES[self.day.month - 1][:3]} {self.day.year}"


@dataclass(frozen=True)
class StatusHistoryChart:
    width: int
    height: int
    columns: list[Column]
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def axis_title_x(self) -> float:
        return (LEFT + RIGHT) / 2


def status_history_chart(history: list[tuple[date, StatusCounts]]) -> StatusHistoryChart | None:
    """Each quarter end's live targets as a column of 100%, split by status; None without data."""
    if not history:
        return None
    slot = (RIGHT - LEFT) / len(history)
    width = slot * (1 - COLUMN_GAP)
    columns = []
    for index, (day, counts) in enumerate(history):
        x = LEFT + slot * index + (slot - width) / 2
        segments = []
        for rag, count, start, share in counts.bar():
            height = (BOTTOM - TOP) * share / 100
            y = TOP + (BOTTOM - TOP) * start / 100
            label_y = y + height / 2 if height >= MIN_LABELLED else None
            segments.append(Segment(rag, count, x, y, width, height, label_y))
        columns.append(Column(day, segments, x + width / 2, counts.live))
    return StatusHistoryChart(WIDTH, HEIGHT, columns)
