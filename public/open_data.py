"""A published plan's progress as open data: the same figures as its public page, as CSV and JSON.

The column names (CSV) and field names (JSON) are a published interface: the README lists each
with its meaning and type, and public/open-data.schema.json describes the JSON exactly. They never
change within a format version (FORMAT); a change that would break a reader is a new version.

Numbers are rounded as the public page shows them: figures to two decimal places, shares and gaps
(percentages, percentage points) to one, a point on an indicator's straight line to whole people
for a count. Dates are ISO 8601 (YYYY-MM-DD). A CSV cell whose text starts with =, +, - or @ gets a
leading apostrophe (targets.exports.neutralise) so a spreadsheet shows it and never runs it;
numbers are written as numbers.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from outcomes.breakdowns import Unit
from outcomes.queries import IndicatorSummary, ShareGap
from public.queries import PublicProgress
from targets.exports import neutralise
from targets.queries import JudgedTarget

FORMAT = "equality-open-data/1"
DATASETS = ("targets", "indicators", "shares", "population")
NOT_JUDGED = "not_judged"  # an indicator's status when it has no overall target

# Every CSV row starts with these, since a CSV file has nowhere else to say them.
CSV_LEAD = ("as_at", "plan_slug")
TARGET_FIELDS = (
    "service_area_slug",
    "service_area",
    "target_ref",
    "target_text",
    "deadline_as_written",
    "due_date",
    "status",
    "status_label",
    "days_late",
    "equality_groups",
)
INDICATOR_FIELDS = (
    "service_area_slug",
    "service_area",
    "outcome_ref",
    "outcome_text",
    "indicator_ref",
    "indicator_name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "target_date_as_written",
    "latest_value",
    "latest_value_period_end",
    "expected_value",
    "status",
    "status_label",
    "data_source",
)
SHARE_FIELDS = (
    "service_area_slug",
    "outcome_ref",
    "indicator_ref",
    "dimension",
    "category",
    "kind",
    "goal_share",
    "achieved_share",
    "gap_points",
    "part",
    "total",
    "period_end",
    "note",
)
POPULATION_FIELDS = (
    "service_area_slug",
    "outcome_ref",
    "indicator_ref",
    "dimension",
    "category",
    "level",
    "period_end",
    "count",
    "recorded_total",
    "share",
    "share_low",
    "share_high",
    "population_share",
    "gap_points",
    "gap_low",
    "gap_high",
    "ratio",
    "ratio_low",
    "ratio_high",
    "verdict",
    "suppressed",
    "population_source",
)
CSV_COLUMNS = {
    "targets": CSV_LEAD + TARGET_FIELDS,
    "indicators": CSV_LEAD + INDICATOR_FIELDS,
    "shares": CSV_LEAD + SHARE_FIELDS,
    "population": CSV_LEAD + POPULATION_FIELDS,
}

Number = int | float
TWO_PLACES, ONE_PLACE, WHOLE = Decimal("0.01"), Decimal("0.1"), Decimal(1)


def number(value: Decimal | None, places: Decimal = TWO_PLACES) -> Number | None:
    """A Decimal rounded half up to `places`, as an int when whole: JSON has no decimal type."""
    if value is None:
        return None
    rounded = value.quantize(places, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def target_record(judged: JudgedTarget) -> dict[str, object]:
    target, status = judged.target, judged.status
    return {
        "service_area_slug": target.service_area.slug,
        "service_area": target.service_area.name,
        "target_ref": target.ref,
        "target_text": target.text,
        "deadline_as_written": target.deadline_text or None,
        "due_date": _day(status.due_date),
        "status": status.rag.value,
        "status_label": status.rag.label,
        "days_late": status.days_late or None,
        "equality_groups": [group.name for group in target.groups.all()],
    }


def share_record(gap: ShareGap) -> dict[str, object]:
    figure = gap.figure
    shown = not gap.suppressed
    return {
        "dimension": gap.dimension.name,
        "category": gap.target.category.name,
        "kind": gap.kind.value,
        "goal_share": number(gap.target.share, ONE_PLACE),
        "achieved_share": number(gap.achieved, ONE_PLACE) if shown else None,
        "gap_points": number(gap.gap, ONE_PLACE) if shown else None,
        "part": number(figure.part) if figure and shown else None,
        "total": number(figure.total) if figure else None,
        "period_end": _day(figure.through) if figure else None,
        "note": gap.target.note or None,
    }


def _expected_places(unit: Unit) -> Decimal:
    # As outcomes.breakdowns.describe_expected shows it: no fraction of a person.
    return {Unit.COUNT: WHOLE, Unit.PERCENTAGE: ONE_PLACE}.get(unit, TWO_PLACES)


def indicator_record(summary: IndicatorSummary) -> dict[str, object]:
    """An indicator with its latest figure and status, and its breakdown shares under "shares"."""
    indicator, figure, status = summary.indicator, summary.figure, summary.status
    outcome = indicator.outcome
    return {
        "service_area_slug": outcome.service_area.slug,
        "service_area": outcome.service_area.name,
        "outcome_ref": outcome.ref,
        "outcome_text": outcome.text,
        "indicator_ref": indicator.ref,
        "indicator_name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline_value": number(indicator.baseline_value),
        "baseline_date": _day(indicator.baseline_date),
        "target_value": number(indicator.target_value),
        "target_date": _day(indicator.due_date),
        "target_date_as_written": indicator.deadline_text or None,
        "latest_value": number(figure.value) if figure else None,
        "latest_value_period_end": _day(figure.through) if figure else None,
        "expected_value": number(status.expected, _expected_places(indicator.unit_enum)),
        "status": status.rag.value if status.rag else NOT_JUDGED,
        "status_label": status.rag.label if status.rag else "Not judged",
        "data_source": indicator.data_source or None,
        "shares": [share_record(gap) for gap in summary.gaps],
    }


def _percent(value: float | None) -> Number | None:
    return None if value is None else number(Decimal(str(value * 100)), ONE_PLACE)


def _ratio(value: float | None) -> Number | None:
    return None if value is None else number(Decimal(str(value)), TWO_PLACES)


def population_records(progress: PublicProgress) -> list[dict[str, object]]:
    """Each category of each breakdown against its population, then its not recorded: suppressed
    figures (outcomes/disclosure.py) are null, with suppressed true."""
    found = []
    for area in progress.areas:
        for item in area.outcomes:
            for summary in item.indicators:
                for rep in item.population_of(summary):
                    lead = {
                        "service_area_slug": area.area.slug,
                        "outcome_ref": item.outcome.ref,
                        "indicator_ref": summary.indicator.ref,
                        "dimension": rep.shape.dimension.name,
                        "period_end": rep.figure.through.isoformat(),
                        "population_source": f"{rep.benchmark.area_name} Census "
                        f"{rep.benchmark.census_date:%Y} {rep.benchmark.table_code}",
                    }
                    recorded = None if rep.not_recorded_suppressed else rep.recorded
                    for row in rep.rows:
                        c, hide = row.comparison, row.suppressed
                        found.append(
                            lead
                            | {
                                "category": row.category.name,
                                "level": row.category.kind,
                                "count": None if hide else row.count,
                                "recorded_total": recorded,
                                "share": None if hide else _percent(c.share),
                                "share_low": None
                                if hide or not c.share_interval
                                else _percent(c.share_interval.low),
                                "share_high": None
                                if hide or not c.share_interval
                                else _percent(c.share_interval.high),
                                "population_share": _percent(c.population_share),
                                "gap_points": None if hide else _percent(c.gap),
                                "gap_low": None
                                if hide or not c.gap_interval
                                else _percent(c.gap_interval.low),
                                "gap_high": None
                                if hide or not c.gap_interval
                                else _percent(c.gap_interval.high),
                                "ratio": None if hide else _ratio(c.ratio),
                                "ratio_low": None
                                if hide or not c.ratio_interval
                                else _ratio(c.ratio_interval.low),
                                "ratio_high": None
                                if hide or not c.ratio_interval
                                else _ratio(c.ratio_interval.high),
                                "verdict": "suppressed" if hide else c.verdict.value,
                                "suppressed": hide,
                            }
                        )
                    hide = rep.not_recorded_suppressed
                    found.append(
                        lead
                        | dict.fromkeys(POPULATION_FIELDS[8:20])
                        | {
                            "category": "Not recorded",
                            "level": "not_recorded",
                            "count": None if hide else rep.not_recorded,
                            "recorded_total": recorded,
                            "share": None if hide else _percent(rep.not_recorded_share),
                            "verdict": "suppressed" if hide else "not_recorded",
                            "suppressed": hide,
                        }
                    )
    return found


def records(progress: PublicProgress, dataset: str) -> list[dict[str, object]]:
    """The dataset's rows. Shares are rows of their own here (CSV); JSON nests them."""
    if dataset == "targets":
        return [target_record(judged) for judged in progress.targets]
    if dataset == "population":
        return population_records(progress)
    indicators = [indicator_record(summary) for summary in progress.indicators]
    if dataset == "indicators":
        return indicators
    if dataset == "shares":
        keys = ("service_area_slug", "outcome_ref", "indicator_ref")
        return [
            {key: indicator[key] for key in keys} | share
            for indicator in indicators
            for share in indicator["shares"]
        ]
    raise ValueError(f"no open data set called {dataset!r}")


def as_json(progress: PublicProgress, dataset: str) -> dict[str, object]:
    """The JSON document for the targets or indicators (with their shares nested)."""
    plan = progress.plan
    return {
        "format": FORMAT,
        "dataset": dataset,
        "as_at": progress.as_at.isoformat(),
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "council": plan.council,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "published_on": _day(plan.published_on),
        },
        dataset: records(progress, dataset),
    }


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)  # equality group names may hold commas, never semicolons
    return neutralise(value)


def as_csv(progress: PublicProgress, dataset: str) -> str:
    """The CSV file: a header row of CSV_COLUMNS[dataset], then one row a record."""
    return write_csv(
        CSV_COLUMNS[dataset],
        (
            {"as_at": progress.as_at.isoformat(), "plan_slug": progress.plan.slug} | record
            for record in records(progress, dataset)
        ),
    )


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return out.getvalue()
