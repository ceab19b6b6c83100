"""The RAG scale every page shows: red, amber and green, plus the states that are not RAG.

Targets are judged onto it (targets/status.py) and outcomes report onto it (outcomes' narrative
updates and indicators), so it lives here, below both.
"""

from enum import StrEnum
from typing import ClassVar


class RAG(StrEnum):
    """The status shown for a target: red/amber/green plus the states that are not RAG."""

    COMPLETE = "complete"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_YET_DUE = "not_yet_due"
    UNSCHEDULED = "unscheduled"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"

    LIVE: ClassVar[frozenset["RAG"]]  # counted as live targets: all but closed ones
    CLOSED: ClassVar[frozenset["RAG"]]  # cancelled or superseded
    OUTSTANDING: ClassVar[frozenset["RAG"]]  # work still to do: live and not complete

    @property
    def label(self) -> str:
        return _RAG_LABELS[self]


RAG.CLOSED = frozenset({RAG.CANCELLED, RAG.SUPERSEDED})
RAG.LIVE = frozenset(RAG) - RAG.CLOSED
RAG.OUTSTANDING = RAG.LIVE - {RAG.COMPLETE}

_RAG_LABELS = {
    RAG.COMPLETE: "Complete",
    RAG.GREEN: "Green: on track",
    RAG.AMBER: "Amber: needs attention",
    RAG.RED: "Red: late or off track",
    RAG.NOT_YET_DUE: "Not yet due",
    RAG.UNSCHEDULED: "Unscheduled",
    RAG.CANCELLED: "Cancelled",
    RAG.SUPERSEDED: "Superseded",
}
