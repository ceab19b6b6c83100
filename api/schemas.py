"""What the API sends and accepts. Figures are strings of decimal digits ("1250.50") so that no
value is rounded on the way; dates are ISO 8601 (YYYY-MM-DD), moments ISO 8601 with offset.

Write bodies accept numbers or strings where a person might type either, so that the same form
(targets/forms.py, outcomes/forms.py) checks them and the same messages come back.
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

Typed = int | float | str | None  # checked and explained by the page's form, not here
MAX_BATCH = 500
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a database id: larger ones cannot exist


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PlanOut(Schema):
    id: int
    slug: str
    title: str
    council: str
    period_start: date
    period_end: date
    published: bool


class ServiceAreaOut(Schema):
    id: int
    plan_id: int
    slug: str
    name: str


class ActionOut(Schema):
    id: int
    service_area_id: int
    ref: str
    aim: str
    commitment: str
    groups: list[str] = Field(description="Equality groups' slugs.")


class StatusOut(Schema):
    rag: str = Field(description="complete, green, amber, red, not_yet_due, unscheduled, ...")
    label: str
    reason: str
    due_date: date | None
    days_late: int | None
    days_remaining: int | None
    completed_on_time: bool | None
    last_update_on: date | None


class ProgressUpdateOut(Schema):
    id: int
    target_id: int
    made_at: datetime
    author: str
    status: str
    commentary: str
    percent_complete: int | None
    value: str | None
    evidence_url: str
    recorded_via: str


class TargetOut(Schema):
    id: int
    ref: str
    text: str
    plan_id: int
    service_area_id: int
    service_area: str
    deadline_text: str
    due_date: date | None
    lifecycle: str
    owner: str | None
    action_refs: list[str]
    groups: list[str] = Field(description="Equality groups' slugs.")
    status: StatusOut = Field(description="As at the list's as_at date.")
    latest_update_id: int | None = Field(
        description="Send this as seen_latest_update_id with a progress update."
    )


class Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None


class PlanPage(Page):
    results: list[PlanOut]


class ServiceAreaPage(Page):
    results: list[ServiceAreaOut]


class ActionPage(Page):
    results: list[ActionOut]


class TargetPage(Page):
    as_at: date
    results: list[TargetOut]


class ProgressUpdatePage(Page):
    results: list[ProgressUpdateOut]


class OutcomeOut(Schema):
    id: int
    ref: str
    text: str
    service_area_id: int
    groups: list[str]
    indicator_ids: list[int]


class OutcomePage(Page):
    results: list[OutcomeOut]


class GapOut(Schema):
    dimension: str
    category: str
    kind: str = Field(description="target or benchmark")
    share: str = Field(description="The target share or benchmark, a percentage.")
    note: str
    achieved: str | None = Field(description="The share achieved, a percentage.")
    gap: str | None = Field(description="Achieved − share, in percentage points.")
    part: str | None
    total: str | None
    through: date | None


class IndicatorOut(Schema):
    id: int
    ref: str
    name: str
    outcome_id: int
    service_area_id: int
    unit: str
    direction: str
    accumulation: str
    baseline_value: str | None
    baseline_date: date | None
    target_value: str | None
    due_date: date | None
    data_source: str
    breakdowns: list[str] = Field(description="Dimensions' slugs.")
    value: str | None = Field(description="The value as at the date.")
    through: date | None = Field(description="Period end of the latest measurement counted.")
    rag: str | None
    reason: str
    expected: str | None
    gaps: list[GapOut]


class IndicatorPage(Page):
    as_at: date
    results: list[IndicatorOut]


class ShareOut(Schema):
    name: str
    part: str | None
    total: str | None
    share: str | None


class DimensionOut(Schema):
    dimension: str
    categories: dict[str, str] = Field(description="Recorded categories: slug → name.")
    total: str | None
    shares: list[ShareOut]


class MeasurementOut(Schema):
    id: int
    period_end: date
    value: str
    parts: dict[str, dict[str, str]] = Field(description="dimension → category → figure")
    running: str | None = Field(description="The indicator's value as at the period end.")
    expected: str | None
    author: str
    made_at: datetime
    note: str
    corrects: int | None = Field(description="The measurement this one corrects.")
    imported_from: str


class CorrectedOut(Schema):
    id: int
    period_end: date
    value: str
    author: str
    made_at: datetime
    corrected_by: int


class IndicatorMeasurementsOut(Schema):
    indicator: IndicatorOut
    measurements: list[MeasurementOut] = Field(description="Current figures, oldest first.")
    corrected: list[CorrectedOut] = Field(description="Figures replaced by corrections.")
    dimensions: list[DimensionOut]


# --- Quarterly returns -------------------------------------------------------------------------


class ReturnOut(Schema):
    id: int
    plan_id: int
    name: str = Field(description='e.g. "Q2 2021/22".')
    as_at: date = Field(description="The day it reports as at.")
    due_on: date = Field(description="When service areas' submissions are due.")
    state: str = Field(description="open or closed (its figures frozen).")
    opened_at: datetime
    closed_at: datetime | None
    close_reason: str = Field(description="Why it was closed before every area was approved.")


class ReturnPage(Page):
    results: list[ReturnOut]


class AreaReturnOut(Schema):
    id: int
    service_area_id: int
    name: str
    stage: str = Field(
        description="not_started, in_progress, submitted, sent_back or approved (as the return's "
        "page shows it)."
    )
    stage_label: str
    items_updated: int = Field(description="Targets and outcomes updated for the return.")
    items_total: int
    submitted_at: datetime | None
    reviewed_at: datetime | None = Field(description="When last approved or sent back.")


class ReturnTargetOut(Schema):
    target_id: int | None = Field(description="None if the target was deleted since.")
    ref: str
    text: str
    deadline_text: str
    due_date: date | None = Field(description="The due date it was judged against.")
    revised_deadline_text: str
    revised_due_date: date | None
    revision_reason: str
    rag: str
    reason: str
    days_late: int | None
    update_status: str = Field(description="The latest update counted: its status, if any.")
    update_commentary: str
    update_made_at: datetime | None


class ReturnIndicatorOut(Schema):
    indicator_id: int | None
    ref: str
    name: str
    value_text: str
    target_text: str
    rag: str | None = Field(description="None: not judged.")
    reason: str
    shares: list[dict] = Field(description="Each breakdown's share against its goal, as frozen.")
    figures: dict = Field(description="The numbers behind the words, as text (exact).")


class ReturnOutcomeOut(Schema):
    outcome_id: int | None
    ref: str
    text: str
    update_rag: str
    update_commentary: str
    indicators: list[ReturnIndicatorOut]


class ReturnAreaFiguresOut(Schema):
    area_return_id: int
    name: str
    targets: list[ReturnTargetOut]
    outcomes: list[ReturnOutcomeOut]


class ReturnFiguresOut(Schema):
    counts: dict[str, int] = Field(description="Targets by status, as the report counts them.")
    areas: list[ReturnAreaFiguresOut]


class ReturnDetailOut(ReturnOut):
    areas: list[AreaReturnOut]
    figures: ReturnFiguresOut | None = Field(
        description="A closed return's frozen figures; None while it is open (its figures can "
        "still change: read the report page)."
    )


# --- Writes ----------------------------------------------------------------------------------


class ProgressUpdateIn(Strict):
    target: Id = Field(description="The target's id.")
    seen_latest_update_id: Id | None = Field(
        description="The latest update's id as you last read it (null if it had none): if "
        "another has been added since, nothing is stored and 409 says so."
    )
    status: str = Field(description="not_started, on_track, at_risk, off_track or complete")
    commentary: str = ""
    percent_complete: Typed = None
    value: Typed = None
    evidence_url: str = ""


class ProgressBatchIn(Strict):
    updates: list[ProgressUpdateIn] = Field(min_length=1, max_length=MAX_BATCH)


class ProgressBatchOut(Schema):
    updates: list[ProgressUpdateOut]


class MeasurementIn(Strict):
    indicator: Id = Field(description="The indicator's id.")
    period_end: str = Field(description="The last day of the period, YYYY-MM-DD.")
    value: Typed
    parts: dict[str, dict[str, Typed]] = Field(
        default_factory=dict,
        description="dimension slug → recorded category slug → figure; leave out blanks.",
    )
    corrects: bool = Field(
        default=False, description="It replaces the figure already recorded for its period."
    )
    note: str = Field(default="", description="For a correction, the reason.")


class MeasurementBatchIn(Strict):
    measurements: list[MeasurementIn] = Field(min_length=1, max_length=MAX_BATCH)


class StoredMeasurementOut(Schema):
    id: int
    indicator_id: int
    period_end: date
    value: str
    corrects: int | None


class MeasurementBatchOut(Schema):
    measurements: list[StoredMeasurementOut]


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, str]] = Field(
        description="Each bad field: {field: JSON pointer or parameter name, message}."
    )
