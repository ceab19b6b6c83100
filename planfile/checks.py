"""The checks a plan file needs beyond its schema: plain data in, problems out.

References between entries (a target's actions, a group's parent), refs and slugs used once,
indicators' settings together, their deadlines, dimensions and categories; and references to what
the database holds already, given as `Known` so that the checks themselves never query it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from outcomes.breakdowns import Accumulation, Direction, Unit, indicator_problems
from outcomes.models import Indicator
from planfile.format import describe_location
from plans.deadlines import DeadlineError
from plans.models import Plan, ServiceArea
from targets.models import Target


@dataclass(frozen=True)
class Known:
    """What a file may name without defining it: active users, equality groups, and each
    dimension's categories (dimension slug -> category slugs)."""

    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    categories: dict[str, frozenset[str]] = field(default_factory=dict)


def check_plan(data: dict[str, Any], known: Known) -> list[str]:
    """Every problem with a plan file's data (as parse_plan_text gives it), each with its place."""
    checks = _Checks(data, known)
    checks.run()
    return checks.problems


def decimal(value: float | int | None) -> Decimal | None:
    """A figure from the file as the database stores it (12.5 stays 12.5, not 12.5000000001)."""
    return None if value is None else Decimal(str(value))


def indicator_due_date(deadline: str, *, plan_start: date) -> date | None:
    """The target date an indicator's deadline phrase resolves to, as Indicator.set_deadline
    reads it; raises DeadlineError for an unreadable or recurring phrase."""
    indicator = Indicator()
    indicator.set_deadline(deadline, plan_start=plan_start)
    return indicator.due_date


def _target_deadline_problem(entry: dict, *, plan_start: date) -> str | None:
    """Why a target's deadline cannot be used, as Target.set_deadline reads it; None if it can."""
    return _deadline_problem(entry["deadline"] or "", entry.get("due_date") or None, plan_start)


@lru_cache(maxsize=4096)  # a plan's targets share a few deadlines: each is checked once
def _deadline_problem(deadline: str, due_on: str | None, plan_start: date) -> str | None:
    target = Target(service_area=ServiceArea(plan=Plan(period_start=plan_start)))
    due_date = date.fromisoformat(due_on) if due_on else None
    try:
        target.set_deadline(deadline, due_date=due_date)
    except ValueError as error:
        return str(error)
    return None


def _two_places(value: float | int) -> bool:
    return Decimal(str(value)).as_tuple().exponent >= -2


class _Checks:
    # The file's names for fields the model names otherwise.
    _FILE_KEYS = {"baseline_value": "baseline", "baseline_date": "baseline"}

    def __init__(self, data: dict[str, Any], known: Known) -> None:
        self.data, self.known = data, known
        self.groups = {g["slug"] for g in data.get("equality_groups", [])} | known.groups
        self.problems: list[str] = []

    def problem(self, path: list[Any], message: str) -> None:
        self.problems.append(f"{describe_location(self.data, path)}: {message}")

    def run(self) -> None:
        file_groups = self.data.get("equality_groups", [])
        self._check_unique(file_groups, "slug", ["equality_groups"])
        for i, group in enumerate(file_groups):
            if group.get("parent") and group["parent"] not in self.groups:
                self.problem(["equality_groups", i, "parent"], f'no group "{group["parent"]}"')
            if group.get("parent") == group["slug"]:
                self.problem(["equality_groups", i, "parent"], "a group cannot be its own parent")
        plan = self.data["plan"]
        if plan["period_end"] < plan["period_start"]:
            self.problem(["plan", "period_end"], "the plan's period ends before it starts")
        areas = plan["service_areas"]
        self._check_unique(areas, "slug", ["plan", "service_areas"])
        for a, area in enumerate(areas):
            self._check_area(area, ["plan", "service_areas", a])

    def _check_area(self, area: dict, base: list[Any]) -> None:
        action_refs = {action["ref"] for action in area.get("actions", [])}
        for kind in ("actions", "targets", "outcomes"):
            entries = area.get(kind, [])
            self._check_unique(entries, "ref", [*base, kind])
            for e, entry in enumerate(entries):
                self._check_groups(entry, [*base, kind, e])
                for user_field in ("lead_officer", "owner"):
                    name = entry.get(user_field)
                    if name and name not in self.known.users:
                        self.problem([*base, kind, e, user_field], f'no active user "{name}"')
        plan_start = date.fromisoformat(self.data["plan"]["period_start"])
        for t, target in enumerate(area.get("targets", [])):
            if problem := _target_deadline_problem(target, plan_start=plan_start):
                self.problem([*base, "targets", t, "deadline"], problem)
            for ref in target.get("actions", []):
                if ref not in action_refs:
                    self.problem(
                        [*base, "targets", t, "actions"], f'no action "{ref}" in this service area'
                    )
        self._check_indicators(area, base)

    def _check_indicators(self, area: dict, base: list[Any]) -> None:
        located = [
            (entry, [*base, "outcomes", o, "indicators", i])
            for o, outcome in enumerate(area.get("outcomes", []))
            for i, entry in enumerate(outcome.get("indicators", []))
        ]
        for ref, count in Counter(entry["ref"] for entry, _ in located).items():
            if count > 1:
                self.problem(
                    [*base, "outcomes"],
                    f'indicator ref "{ref}" is used {count} times; it must be unique in the '
                    "service area",
                )
        for entry, path in located:
            self._check_indicator(entry, path)

    def _check_indicator(self, entry: dict, path: list[Any]) -> None:
        plan_start = date.fromisoformat(self.data["plan"]["period_start"])
        due = None
        try:
            due = indicator_due_date(entry["deadline"] or "", plan_start=plan_start)
        except DeadlineError as error:
            self.problem([*path, "deadline"], str(error))
        if "target_value" in entry and not _two_places(entry["target_value"]):
            self.problem(
                [*path, "target_value"],
                f"{entry['target_value']!r} has more than two decimal places",
            )
        baseline = entry.get("baseline")
        if baseline and not _two_places(baseline["value"]):
            self.problem([*path, "baseline", "value"], "more than two decimal places")
        for problem in indicator_problems(
            unit=Unit(entry["unit"]),
            direction=Direction(entry["direction"]),
            accumulation=Accumulation(entry["accumulation"]),
            baseline_value=decimal(baseline["value"]) if baseline else None,
            baseline_date=date.fromisoformat(baseline["date"]) if baseline else None,
            target_value=decimal(entry.get("target_value")),
            target_date=due,
        ):
            key = self._FILE_KEYS.get(problem.field, problem.field)
            self.problem([*path, key], problem.message)
        breakdowns = entry.get("breakdowns", [])
        if breakdowns and entry["unit"] != Unit.COUNT:
            self.problem([*path, "breakdowns"], "only a count can be broken down into shares")
        self._check_unique(breakdowns, "dimension", [*path, "breakdowns"])
        for b, breakdown in enumerate(breakdowns):
            self._check_breakdown(breakdown, [*path, "breakdowns", b])

    def _check_breakdown(self, breakdown: dict, path: list[Any]) -> None:
        categories = self.known.categories.get(breakdown["dimension"])
        if categories is None:
            known = ", ".join(sorted(self.known.categories)) or "none"
            self.problem(
                [*path, "dimension"], f'no dimension "{breakdown["dimension"]}" (known: {known})'
            )
            return
        shares = breakdown.get("shares", [])
        pairs = Counter((share["category"], share["kind"]) for share in shares)
        for (category, kind), count in pairs.items():
            if count > 1:
                self.problem(
                    [*path, "shares"], f'the {kind} for "{category}" is given {count} times'
                )
        for s, share in enumerate(shares):
            if share["category"] not in categories:
                self.problem(
                    [*path, "shares", s, "category"],
                    f'no category "{share["category"]}" in "{breakdown["dimension"]}"',
                )

    def _check_unique(self, entries: list[dict], key: str, path: list[Any]) -> None:
        for value, count in Counter(entry[key] for entry in entries).items():
            if count > 1:
                self.problem(path, f'{key} "{value}" is used {count} times; it must be unique')

    def _check_groups(self, entry: dict, path: list[Any]) -> None:
        for slug in entry.get("groups", []):
            if slug not in self.groups:
                self.problem([*path, "groups"], f'no equality group "{slug}"')
