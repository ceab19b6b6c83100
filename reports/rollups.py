"""What the dashboards count, over targets already judged as at a date (targets.queries).

Pure functions: the rules of what "became overdue", "due soon" and "stale" mean live here, and the
reports' numbers are tested against an independent count over known statuses.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from plans.rag import RAG
from plans.wording import counted
from targets.queries import JudgedTarget
from targets.status import DUE_SOON_DAYS, is_due_soon, is_outstanding

# The statuses a dashboard counts (the live ones), in the order its bars and tables show them.
COUNTED_STATUSES = tuple(rag for rag in RAG if rag in RAG.LIVE)


@dataclass(frozen=True)
class StatusCounts:
    counts: dict[RAG, int]

    @classmethod
    def of(cls, judged: Iterable[JudgedTarget]) -> "StatusCounts":
        counts = dict.fromkeys(RAG, 0)
        for item in judged:
            counts[item.status.rag] += 1
        return cls(counts)

    @property
    def live(self) -> int:
        return sum(self.counts[rag] for rag in COUNTED_STATUSES)

    @property
    def closed(self) -> int:
        return sum(self.counts[rag] for rag in RAG.CLOSED)

    def rows(self) -> list[tuple[RAG, int, float]]:
        """Each counted status with its number and its share of live targets (percent)."""
        live = self.live or 1
        return [(rag, self.counts[rag], 100 * self.counts[rag] / live) for rag in COUNTED_STATUSES]

    def bar(self) -> list[tuple[RAG, int, float, float]]:
        """Segments of a stacked bar: status, count, start and width, in percent of live targets."""
        segments, start = [], 0.0
        for rag, count, share in self.rows():
            if count:
                segments.append((rag, count, start, share))
                start += share
        return segments

    def summary(self) -> str:
        """The report's one-line summary: "7 of 9 targets complete, 1 late"."""
        complete, late = self.counts[RAG.COMPLETE], self.counts[RAG.RED]
        live = counted(self.live, "target", "targets")
        text = f"{complete} of {live} complete, {late} late or off track"
        if self.closed:
            text += f" ({self.closed} closed)"
        return text


def became_overdue(
    judged: Iterable[JudgedTarget], *, since: date, as_at: date
) -> list[JudgedTarget]:
    """Late, not complete, and due after `since` (the last quarter end): newly overdue."""
    return sorted(
        (item for item in judged if item.status.days_late and since < item.status.due_date < as_at),
        key=lambda item: item.status.due_date,
    )


def due_soon(
    judged: Iterable[JudgedTarget], *, as_at: date, days: int = DUE_SOON_DAYS
) -> list[JudgedTarget]:
    """Outstanding and falling due within the next `days` days (targets.status.is_due_soon)."""
    return sorted(
        (item for item in judged if is_due_soon(item.status, as_at=as_at, days=days)),
        key=lambda item: item.status.due_date,
    )


def stale(
    judged: Iterable[JudgedTarget], *, as_at: date, stale_days: int, plan_start: date
) -> list[JudgedTarget]:
    """Outstanding targets whose last update is older than `stale_days` before `as_at`;
    one never updated counts from the plan's start, so silence since the start shows too."""
    cutoff = as_at - timedelta(days=stale_days)
    return sorted(
        (
            item
            for item in judged
            if is_outstanding(item.status) and (item.status.last_update_on or plan_start) < cutoff
        ),
        key=lambda item: item.status.last_update_on or plan_start,
    )
