"""The rules of a return, as pure functions over plain values.

- An item (a target or an outcome) is updated for a return when it has a progress update (for an
  outcome: a narrative update or a measurement of one of its indicators) made since the return
  opened, and, if a lead sent it back with a comment, made after that comment. A target already
  reported complete (not a recurring one, whose completion is for one cycle) needs no new update,
  unless a lead sends it back.
- An area's stage: the stored state once submitted, sent back or approved; before that "not
  started" while no item is updated, then "in progress".
- A return's figures are judged as at its date and count the updates made by then and those made
  for it (since it opened, before it closed), which speak for the position at the date.
- Movement compares a return's targets with the previous closed return's, by target.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from plans.rag import RAG


class Stage(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def is_updated(
    *,
    last_update_at: datetime | None,
    opened_at: datetime,
    sent_back_at: datetime | None = None,
    complete: bool = False,
) -> bool:
    """complete: the item's latest update reports it complete (a target's only)."""
    if sent_back_at is not None:
        return last_update_at is not None and last_update_at > sent_back_at
    if complete:
        return True
    return last_update_at is not None and last_update_at >= opened_at


def area_stage(state: str, *, updated: int) -> Stage:
    """state is an AreaReturn.State value ("open" before submission)."""
    if state != "open":
        return Stage(state)
    return Stage.IN_PROGRESS if updated else Stage.NOT_STARTED


def can_propose_for(rag: RAG) -> bool:
    """A new due date may be proposed for a late (red) or at-risk (amber) target only."""
    return rag in (RAG.RED, RAG.AMBER)


def proposal_date_problem(proposed: date | None, *, today: date) -> str | None:
    if proposed is None:
        return "Enter the proposed due date as a real date, for example 31 3 2022."
    if proposed <= today:
        return "The proposed due date must be after today."
    return None


@dataclass(frozen=True)
class TargetFigure:
    """What movement compares: one target in one return."""

    target_id: int
    area: str
    ref: str
    rag: RAG
    days_late: int | None
    due_date: date | None
    revised_due_date: date | None

    @property
    def is_late(self) -> bool:
        return bool(self.days_late)


@dataclass(frozen=True)
class Change:
    ref: str
    area: str
    before: RAG
    after: RAG


@dataclass
class AreaMovement:
    area: str
    changed: int = 0
    newly_complete: int = 0
    newly_late: int = 0
    redated: int = 0


@dataclass
class Movement:
    """What moved between the previous closed return and this one."""

    previous: str | None  # the previous return's name; None when this is the first
    changed: list[Change] = field(default_factory=list)
    newly_complete: list[TargetFigure] = field(default_factory=list)
    newly_late: list[TargetFigure] = field(default_factory=list)
    redated: list[TargetFigure] = field(default_factory=list)
    by_area: list[AreaMovement] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.changed or self.newly_complete or self.newly_late or self.redated)


def movement(
    current: Iterable[TargetFigure],
    previous: Iterable[TargetFigure] | None,
    *,
    previous_name: str | None = None,
) -> Movement:
    """Targets in both returns that changed status, became complete or late, or were re-dated;
    with counts per area in the current return's order. Targets new to the plan are not movement.
    """
    current = list(current)
    result = Movement(previous=previous_name)
    if previous is None:
        return result
    before = {figure.target_id: figure for figure in previous}
    counts: dict[str, Counter] = {}
    for now in current:
        counts.setdefault(now.area, Counter())
        was = before.get(now.target_id)
        if was is None:
            continue
        if now.rag != was.rag:
            result.changed.append(Change(now.ref, now.area, was.rag, now.rag))
            counts[now.area]["changed"] += 1
        if now.rag is RAG.COMPLETE and was.rag is not RAG.COMPLETE:
            result.newly_complete.append(now)
            counts[now.area]["newly_complete"] += 1
        if now.is_late and not was.is_late:
            result.newly_late.append(now)
            counts[now.area]["newly_late"] += 1
        if now.revised_due_date and now.revised_due_date != was.revised_due_date:
            result.redated.append(now)
            counts[now.area]["redated"] += 1
    result.by_area = [AreaMovement(area, **dict(counted)) for area, counted in counts.items()]
    return result
