"""Outcomes, indicators with their figures, breakdown shares, gaps and benchmarks as at any date,
and recording measurements."""

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from api.auth import token_of
from api.problems import FieldError, Problem
from api.queries import DEFAULT_PAGE_SIZE, as_at_or_problem, page_of, paging
from api.routes.common import AS_AT, PAGE, PAGE_SIZE, RESPONSES, WRITE_RESPONSES, get_or_problem
from api.schemas import (
    Id,
    IndicatorMeasurementsOut,
    IndicatorOut,
    IndicatorPage,
    MeasurementBatchIn,
    MeasurementBatchOut,
    MeasurementIn,
    OutcomePage,
)
from outcomes.access import can_update_outcome
from outcomes.forms import MeasurementForm
from outcomes.models import BreakdownValue, Indicator, Outcome
from outcomes.queries import (
    BreakdownShape,
    IndicatorSummary,
    breakdown_shape,
    indicator_report,
    indicator_summaries,
)
from outcomes.services import MeasurementRefused, record_measurements
from plans.models import EqualityGroup
from plans.roles import User

router = Router(tags=["Outcomes"])
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class OutcomeFilters(Schema):
    plan: Id | None = Field(None, description="A plan's id.")
    service_area: Id | None = Field(None, description="A service area's id.")
    group: str | None = Field(None, description="An equality group's slug.")
    page: int = Field(1, description=PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, description=PAGE_SIZE)


class IndicatorFilters(Schema):
    plan: Id | None = Field(None, description="A plan's id.")
    service_area: Id | None = Field(None, description="A service area's id.")
    outcome: Id | None = Field(None, description="An outcome's id.")
    as_at: str | None = Field(None, description=AS_AT)
    page: int = Field(1, description=PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, description=PAGE_SIZE)


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("outcome__service_area__plan").prefetch_related(
        "breakdowns__dimension"
    )


@router.get(
    "/outcomes", response={200: OutcomePage, **RESPONSES}, url_name="outcomes", summary="Outcomes"
)
def outcome_list(request: HttpRequest, filters: Query[OutcomeFilters]) -> dict:
    """Outcomes; filter by plan, service_area (ids) or group (an equality group's slug)."""
    outcomes = Outcome.objects.order_by(
        "service_area__plan_id",
        "service_area__position",
        "service_area_id",
        "position",
        "ref",
        "pk",
    ).prefetch_related("groups", "indicators")
    if filters.plan is not None:
        outcomes = outcomes.filter(service_area__plan_id=filters.plan)
    if filters.service_area is not None:
        outcomes = outcomes.filter(service_area_id=filters.service_area)
    if filters.group:
        group = EqualityGroup.objects.filter(slug=filters.group).first()
        if group is None:
            raise Problem(
                400,
                "The filters are not accepted.",
                [FieldError("group", "Choose an equality group from the list")],
            )
        outcomes = outcomes.filter(pk__in=Outcome.objects.filter(groups=group).values("pk"))
    rows, envelope = page_of(request, outcomes, paging(filters.page, filters.page_size))
    return envelope | {
        "results": [
            {
                "id": o.pk,
                "ref": o.ref,
                "text": o.text,
                "service_area_id": o.service_area_id,
                "groups": [g.slug for g in o.groups.all()],
                "indicator_ids": [i.pk for i in o.indicators.all()],
            }
            for o in rows
        ]
    }


def indicator_out(summary: IndicatorSummary) -> dict:
    indicator, status, figure = summary.indicator, summary.status, summary.figure
    return {
        "id": indicator.pk,
        "ref": indicator.ref,
        "name": indicator.name,
        "outcome_id": indicator.outcome_id,
        "service_area_id": indicator.outcome.service_area_id,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "accumulation": indicator.accumulation,
        "baseline_value": _figure(indicator.baseline_value),
        "baseline_date": indicator.baseline_date,
        "target_value": _figure(indicator.target_value),
        "due_date": indicator.due_date,
        "data_source": indicator.data_source,
        "breakdowns": [b.dimension.slug for b in indicator.breakdowns.all()],
        "value": _figure(figure.value) if figure else None,
        "through": figure.through if figure else None,
        "rag": status.rag.value if status.rag else None,
        "reason": status.reason,
        "expected": _figure(status.expected),
        "gaps": [
            {
                "dimension": gap.dimension.slug,
                "category": gap.target.category.slug,
                "kind": gap.target.kind,
                "share": str(gap.target.share),
                "note": gap.target.note,
                "achieved": _figure(gap.achieved),
                "gap": _figure(gap.gap),
                "part": _figure(gap.figure.part) if gap.figure else None,
                "total": _figure(gap.figure.total) if gap.figure else None,
                "through": gap.figure.through if gap.figure else None,
            }
            for gap in summary.gaps
        ],
    }


@router.get(
    "/indicators",
    response={200: IndicatorPage, **RESPONSES},
    url_name="indicators",
    summary="Indicators with their figures and gaps as at a date",
)
def indicator_list(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict:
    """Indicators with their value, RAG, and breakdown gaps against target shares and
    benchmarks, as at as_at (default today)."""
    as_at = as_at_or_problem(filters.as_at)
    indicators = _indicators().order_by(
        "outcome__service_area__plan_id",
        "outcome__service_area__position",
        "outcome__service_area_id",
        "outcome__position",
        "outcome_id",
        "position",
        "ref",
        "pk",
    )
    if filters.plan is not None:
        indicators = indicators.filter(outcome__service_area__plan_id=filters.plan)
    if filters.service_area is not None:
        indicators = indicators.filter(outcome__service_area_id=filters.service_area)
    if filters.outcome is not None:
        indicators = indicators.filter(outcome_id=filters.outcome)
    rows, envelope = page_of(request, indicators, paging(filters.page, filters.page_size))
    summaries = _summaries(rows, as_at=as_at)
    return envelope | {
        "as_at": as_at,
        "results": [indicator_out(summaries[indicator.pk]) for indicator in rows],
    }


def _summaries(indicators: list[Indicator], *, as_at: date) -> dict[int, IndicatorSummary]:
    """The page's indicators judged as at a day, by outcomes/queries.py in a fixed number of
    queries; each keeps the breakdowns prefetched with it."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    outcomes = Outcome.objects.filter(pk__in={i.outcome_id for i in indicators})
    found = {}
    for summaries in indicator_summaries(outcomes, as_at=as_at).values():
        for summary in summaries:
            if summary.indicator.pk in by_pk:
                found[summary.indicator.pk] = _with(summary, by_pk[summary.indicator.pk])
    return found


def _with(summary: IndicatorSummary, indicator: Indicator) -> IndicatorSummary:
    return replace(summary, indicator=indicator)


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, **RESPONSES},
    url_name="indicator",
    summary="An indicator as at a date",
)
def indicator_detail(
    request: HttpRequest, indicator_id: Id, as_at: str | None = Query(None, description=AS_AT)
) -> dict:
    """One indicator as at as_at (default today)."""
    day = as_at_or_problem(as_at)
    indicator = get_or_problem(_indicators(), indicator_id, "indicator")
    return indicator_out(_summaries([indicator], as_at=day)[indicator.pk])


@router.get(
    "/indicators/{indicator_id}/measurements",
    response={200: IndicatorMeasurementsOut, **RESPONSES},
    url_name="indicator_measurements",
    summary="An indicator's measurements and breakdown shares",
)
def indicator_measurements(
    request: HttpRequest, indicator_id: Id, as_at: str | None = Query(None, description=AS_AT)
) -> dict:
    """An indicator's current measurements for periods ending by as_at (oldest first, each
    with its breakdown figures and the running value), the figures corrections replaced, and
    each breakdown's shares: what the indicator's page shows."""
    day = as_at_or_problem(as_at)
    indicator = get_or_problem(_indicators(), indicator_id, "indicator")
    report = indicator_report(indicator, as_at=day)
    parts: dict[int, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for measurement_id, dimension, category, value in (
        BreakdownValue.objects.filter(measurement__in=[row.measurement.pk for row in report.rows])
        .order_by()
        .values_list("measurement_id", "category__dimension__slug", "category__slug", "value")
    ):
        parts[measurement_id][dimension][category] = str(value)
    return {
        "indicator": indicator_out(report.summary),
        "measurements": [
            {
                "id": row.measurement.pk,
                "period_end": row.measurement.period_end,
                "value": str(row.measurement.value),
                "parts": {d: dict(c) for d, c in parts.get(row.measurement.pk, {}).items()},
                "running": _figure(row.running.value) if row.running else None,
                "expected": _figure(row.expected),
                "author": _name(row.measurement.author),
                "made_at": row.measurement.made_at,
                "note": row.measurement.note,
                "corrects": row.measurement.supersedes_id,
                "imported_from": row.measurement.imported_from,
            }
            for row in report.rows
        ],
        "corrected": [
            {
                "id": m.pk,
                "period_end": m.period_end,
                "value": str(m.value),
                "author": _name(m.author),
                "made_at": m.made_at,
                "corrected_by": m.superseded_by.pk,
            }
            for m in report.earlier
        ],
        "dimensions": [
            {
                "dimension": d.dimension.slug,
                "categories": {
                    slug: c.name
                    for shape in report.shape.dimensions
                    if shape.dimension.pk == d.dimension.pk
                    for slug, c in shape.recorded.items()
                },
                "total": _figure(d.total.total) if d.total else None,
                "shares": [
                    {
                        "name": s.name,
                        "part": _figure(s.figure.part) if s.figure else None,
                        "total": _figure(s.figure.total) if s.figure else None,
                        "share": _figure(s.figure.share) if s.figure else None,
                    }
                    for s in d.shares
                ],
            }
            for d in report.dimensions
        ],
    }


@router.post(
    "/measurements",
    response={201: MeasurementBatchOut, **WRITE_RESPONSES},
    url_name="measurements",
    summary="Record measurements",
)
def add_measurements(request: HttpRequest, batch: MeasurementBatchIn) -> Status:
    """Record measurements (with breakdowns, and corrections with a reason) for one or more
    indicators, all or nothing: if any is refused, none is stored and every refusal is named
    with its place in the batch. The rules are the measurement page's (outcomes/forms.py and
    outcomes/services.py): a period already recorded needs corrects and a note."""
    indicators = {
        i.pk: i for i in _indicators().filter(pk__in={m.indicator for m in batch.measurements})
    }
    errors, forbidden = [], []
    by_indicator: dict[int, list[tuple[int, MeasurementIn]]] = defaultdict(list)
    for n, item in enumerate(batch.measurements):
        indicator = indicators.get(item.indicator)
        if indicator is None:
            errors.append(
                FieldError(
                    f"/measurements/{n}/indicator",
                    f"There is no indicator with id {item.indicator}.",
                )
            )
        elif not can_update_outcome(request.user, indicator.outcome):
            forbidden.append(
                FieldError(
                    f"/measurements/{n}/indicator",
                    f"{indicator.ref} belongs to {indicator.outcome.service_area.name}: only its "
                    "officers and plan admins record its measurements.",
                )
            )
        else:
            by_indicator[indicator.pk].append((n, item))
    if forbidden:
        raise Problem(
            403,
            "You may not record some of these measurements; nothing was stored.",
            forbidden + errors,
        )
    checked: list[tuple[Indicator, list[int], list]] = []
    for pk, items in by_indicator.items():
        indicator = indicators[pk]
        shape = breakdown_shape(indicator)
        numbers, figures = [], []
        for n, item in items:
            form, unknown, period_error = _measurement_form(item, indicator, shape)
            if period_error:
                errors.append(FieldError(f"/measurements/{n}/period_end", period_error))
            if not form.is_valid() or period_error:
                errors += [
                    FieldError(f"/measurements/{n}/{_field_path(name)}", message)
                    for name, messages in form.errors.items()
                    for message in messages
                    if not (period_error and name == "period_end")
                ]
                continue
            found = form.figures()
            for dimension, categories in unknown.items():
                found.parts.setdefault(dimension, {}).update(categories)
            numbers.append(n)
            figures.append(found)
        checked.append((indicator, numbers, figures))
    if errors:
        raise Problem(422, "Some measurements were not accepted; nothing was stored.", errors)
    token = token_of(request)
    via = f"API token “{token.name}”" if token else "the API"
    stored, refused = [], []
    with transaction.atomic():
        for indicator, numbers, figures in checked:
            try:
                stored += record_measurements(
                    indicator=indicator,
                    author=request.user,
                    rows=figures,
                    imported_from=via,
                    row_numbers=numbers,
                )
            except MeasurementRefused as refusal:
                refused += [
                    FieldError(
                        f"/measurements/{r.row}/{_problem_path(r.problem.field)}", r.problem.message
                    )
                    for r in refusal.refusals
                ]
        if refused:
            transaction.set_rollback(True)
    if refused:
        raise Problem(422, "Some measurements were not accepted; nothing was stored.", refused)
    return Status(
        201,
        {
            "measurements": [
                {
                    "id": m.pk,
                    "indicator_id": m.indicator_id,
                    "period_end": m.period_end,
                    "value": str(m.value),
                    "corrects": m.supersedes_id,
                }
                for m in stored
            ]
        },
    )


def _measurement_form(
    item: MeasurementIn, indicator: Indicator, shape: BreakdownShape
) -> tuple[MeasurementForm, dict[str, dict[str, Decimal]], str]:
    """The measurement page's form, filled in as a person would fill it in from this item.

    Figures for dimensions or categories the indicator does not record are kept aside (as
    zeros) for the service to name, with its own words."""
    data: dict[str, str] = {
        "value": "" if item.value is None else str(item.value),
        "note": item.note,
    }
    if item.corrects:
        data["corrects"] = "on"
    period_error = ""
    match = ISO_DATE.match(item.period_end.strip())
    if match:
        year, month, day = match.groups()
        data |= {"period_end_0": day, "period_end_1": month, "period_end_2": year}
    elif item.period_end.strip():
        period_error = "Enter the end of the period as YYYY-MM-DD, for example 2021-03-31."
    recorded = shape.recorded_names
    unknown: dict[str, dict[str, Decimal]] = {}
    for dimension, categories in item.parts.items():
        for category, value in categories.items():
            if category in recorded.get(dimension, {}):
                data[f"part__{dimension}__{category}"] = "" if value is None else str(value)
            else:
                unknown.setdefault(dimension, {})[category] = Decimal(0)
    return MeasurementForm(data, indicator=indicator, shape=shape), unknown, period_error


def _field_path(name: str) -> str:
    """A form field's name as its place in the request: part__sex__female is parts/sex/female."""
    if name.startswith("part__"):
        return "parts/" + "/".join(name.removeprefix("part__").split("__", 1))
    return name


def _problem_path(field: str) -> str:
    """A service Problem's field ("value", "sex", "sex:female") as its place in the request."""
    if field in {"period_end", "value", "note", "corrects"}:
        return field
    return "parts/" + field.replace(":", "/")
