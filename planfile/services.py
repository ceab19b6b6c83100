"""Loading a plan file into the database, and writing a plan back out in the same format.

The import is all-or-nothing: every entry is checked first and every problem named; then the whole
plan is written in one transaction. It is idempotent: an entry already as the file says is not saved
again, so a second run changes nothing and adds no history.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model

from outcomes.breakdowns import Accumulation, Direction, Unit, indicator_problems
from outcomes.models import Breakdown, BreakdownTarget, Category, Dimension, Indicator, Outcome
from planfile.format import FORMAT, PlanFileError, describe_location
from planfile.history import HistoryImporter, create_people, export_history
from plans.deadlines import DeadlineError
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import Target
from targets.resources import overridden_due_date
from targets.services import refresh_status_timelines


@dataclass
class ImportReport:
    plan: Plan | None = None
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    not_in_file: list[str] = field(default_factory=list)
    history_added: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        kinds = [
            "equality group",
            "plan",
            "service area",
            "action",
            "target",
            "outcome",
            "indicator",
        ]
        lines = [
            f"{kind}s: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        if self.history_added:
            lines.append(f"history: {self.history_added} records added")
        if self.not_in_file:
            lines.append(
                "Left in place, not in the file (delete them in the admin if they should go): "
                + ", ".join(self.not_in_file)
            )
        return "\n".join(lines)


def import_plan(*, data: dict[str, Any]) -> ImportReport:
    """Load a plan file's data (as parse_plan_text gives it); PlanFileError stores nothing."""
    with transaction.atomic():
        report = _Importer(data).run()
        # Targets and updates stored in bulk send no signals: their status timelines here (a
        # target saved one by one stored its own).
        targets = Target.objects.filter(service_area__plan=report.plan)
        if "history" not in data:  # a restore adds updates to targets that have timelines
            targets = targets.filter(status_spans__isnull=True)
        refresh_status_timelines(targets)
        return report


class _Importer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.report = ImportReport()
        self.problems: list[str] = []
        self.users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}

    def problem(self, path: list[Any], message: str) -> None:
        self.problems.append(f"{describe_location(self.data, path)}: {message}")

    def run(self) -> ImportReport:
        if "history" in self.data:  # a restore: the people it names first, owners among them
            create_people(self.data["history"].get("people", []))
            self.users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
        self.check()
        if self.problems:
            raise PlanFileError(self.problems)
        groups = self.import_groups()
        plan = self.import_plan(groups)
        if "history" in self.data and not self.problems:
            history = HistoryImporter(plan, self.data["history"])
            history.run()
            for path, message in history.problems:
                self.problem(path, message)
            self.report.history_added = history.added
        if self.problems:  # deadlines or history that could not be used: roll back all of it
            raise PlanFileError(self.problems)
        self.report.plan = plan
        return self.report

    # Checks that need more than the schema: references between entries, and the database.
    def check(self) -> None:
        file_groups = self.data.get("equality_groups", [])
        known_groups = {g["slug"] for g in file_groups} | set(
            EqualityGroup.objects.values_list("slug", flat=True)
        )
        self.known_groups = known_groups
        self.categories: dict[str, set[str]] = {}
        for dimension, category in Category.objects.values_list("dimension__slug", "slug"):
            self.categories.setdefault(dimension, set()).add(category)
        for dimension in Dimension.objects.values_list("slug", flat=True):
            self.categories.setdefault(dimension, set())
        self._check_unique(file_groups, "slug", ["equality_groups"])
        for i, group in enumerate(file_groups):
            if group.get("parent") and group["parent"] not in known_groups:
                self.problem(["equality_groups", i, "parent"], f'no group "{group["parent"]}"')
            if group.get("parent") == group["slug"]:
                self.problem(["equality_groups", i, "parent"], "a group cannot be its own parent")
        plan = self.data["plan"]
        if plan["period_end"] < plan["period_start"]:
            self.problem(["plan", "period_end"], "the plan's period ends before it starts")
        areas = plan["service_areas"]
        self._check_unique(areas, "slug", ["plan", "service_areas"])
        for a, area in enumerate(areas):
            base = ["plan", "service_areas", a]
            action_refs = {action["ref"] for action in area.get("actions", [])}
            for kind in ("actions", "targets", "outcomes"):
                entries = area.get(kind, [])
                self._check_unique(entries, "ref", [*base, kind])
                for e, entry in enumerate(entries):
                    self._check_groups(entry, [*base, kind, e])
                    for user_field in ("lead_officer", "owner"):
                        name = entry.get(user_field)
                        if name and name not in self.users:
                            self.problem([*base, kind, e, user_field], f'no active user "{name}"')
            for t, target in enumerate(area.get("targets", [])):
                for ref in target.get("actions", []):
                    if ref not in action_refs:
                        self.problem(
                            [*base, "targets", t, "actions"],
                            f'no action "{ref}" in this service area',
                        )
            self._check_indicators(area, base)

    # Indicators: their settings together, their deadlines, their dimensions and categories.
    _FILE_KEYS = {"baseline_value": "baseline", "baseline_date": "baseline"}

    def _check_indicators(self, area: dict, base: list[Any]) -> None:
        located = [
            (e["ref"], [*base, "outcomes", o, "indicators", i])
            for o, outcome in enumerate(area.get("outcomes", []))
            for i, e in enumerate(outcome.get("indicators", []))
        ]
        for ref, count in Counter(ref for ref, _ in located).items():
            if count > 1:
                self.problem(
                    [*base, "outcomes"],
                    f'indicator ref "{ref}" is used {count} times; it must be unique in the '
                    "service area",
                )
        for _, path in located:
            self._check_indicator(self._at(path), path)

    def _at(self, path: list[Any]) -> Any:
        node = self.data
        for key in path:
            node = node[key]
        return node

    def _check_indicator(self, entry: dict, path: list[Any]) -> None:
        plan_start = date.fromisoformat(self.data["plan"]["period_start"])
        due = None
        try:
            due = _indicator_due_date(entry["deadline"] or "", plan_start=plan_start)
        except DeadlineError as error:
            self.problem([*path, "deadline"], str(error))
        for key in ("target_value",):
            if key in entry and not _two_places(entry[key]):
                self.problem([*path, key], f"{entry[key]!r} has more than two decimal places")
        baseline = entry.get("baseline")
        if baseline and not _two_places(baseline["value"]):
            self.problem([*path, "baseline", "value"], "more than two decimal places")
        for problem in indicator_problems(
            unit=Unit(entry["unit"]),
            direction=Direction(entry["direction"]),
            accumulation=Accumulation(entry["accumulation"]),
            baseline_value=_decimal(baseline["value"]) if baseline else None,
            baseline_date=date.fromisoformat(baseline["date"]) if baseline else None,
            target_value=_decimal(entry["target_value"]) if "target_value" in entry else None,
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
        categories = self.categories.get(breakdown["dimension"])
        if categories is None:
            known = ", ".join(sorted(self.categories)) or "none"
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
            if slug not in self.known_groups:
                self.problem([*path, "groups"], f'no equality group "{slug}"')

    # Writes.
    def save(
        self,
        kind: str,
        instance: Model,
        values: dict[str, Any],
        is_new: bool,
        *,
        later: bool = False,
        also_changed: bool = False,
    ) -> bool:
        """Set the values; save if anything changed (a new entry with `later`: by create_all).

        Counts the entry once in the report: created, updated (its fields, or what
        `also_changed` says of the rest: its deadline, links or breakdowns) or unchanged.
        """
        changed = is_new or any(getattr(instance, k) != v for k, v in values.items())
        for name, value in values.items():
            setattr(instance, name, value)
        if is_new:
            self.report.created[kind] += 1
        elif changed or also_changed:
            self.report.updated[kind] += 1
        else:
            self.report.unchanged[kind] += 1
        if changed and not (is_new and later):
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
        return changed

    def create_all(self, model: type[Model], new: list[tuple[Model, dict[str, list]]]) -> None:
        """Store new entries, each with its links (m2m field name -> objects), in a few queries
        whatever their number: one save and one set() each would take minutes for a plan of
        10,000 targets. History as django-simple-history records it, in one "+" record per entry
        that holds its links."""
        if not new:
            return
        # Their related objects come from the database or this import: not looked up again.
        related = [f.name for f in model._meta.fields if f.is_relation]
        for instance, _ in new:
            instance.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
        created = model.objects.bulk_create([instance for instance, _ in new])
        records = model.history.bulk_history_create(created) or []  # none if history is off
        record_of = {record.id: record for record in records}
        history_model = model.history.model
        for m2m in history_model._history_m2m_fields:
            through = m2m.remote_field.through
            own, other = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            own_id, other_id = f"{own}_id", f"{other}_id"  # by id: cheaper than by object
            links = through.objects.bulk_create(
                [
                    through(**{own_id: instance.pk, other_id: linked.pk})
                    for instance, wanted in new
                    for linked in wanted.get(m2m.name, [])
                ]
            )
            if not record_of:
                continue
            # simple_history's model of the links as they were (e.g. HistoricalTarget_groups).
            link_history = apps.get_model(
                history_model._meta.app_label, f"{history_model.__name__}_{m2m.name}"
            )
            link_history.objects.bulk_create(
                [
                    link_history(
                        history=record_of[getattr(link, own_id)],
                        id=link.pk,
                        **{own_id: getattr(link, own_id), other_id: getattr(link, other_id)},
                    )
                    for link in links
                ]
            )

    @staticmethod
    def links_differ(instance: Model, links: dict[str, list[Model]]) -> bool:
        """Whether a stored entry's links (m2m field name -> objects) differ from the file's."""
        # all(), not values_list(): the entries' links are prefetched (see _existing).
        return instance.pk is not None and any(
            {obj.pk for obj in getattr(instance, name).all()} != {obj.pk for obj in wanted}
            for name, wanted in links.items()
        )

    @staticmethod
    def set_links(instance: Model, links: dict[str, list[Model]]) -> None:
        for name, wanted in links.items():
            manager = getattr(instance, name)
            if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
                manager.set(wanted)

    def import_groups(self) -> dict[str, EqualityGroup]:
        existing = {g.slug: g for g in EqualityGroup.objects.all()}
        for position, entry in enumerate(self.data.get("equality_groups", [])):
            group = existing.get(entry["slug"]) or EqualityGroup(slug=entry["slug"])
            is_new = group.pk is None
            parent = existing.get(entry.get("parent")) if entry.get("parent") else None
            self.save(
                "equality group",
                group,
                {
                    "name": entry["name"],
                    "category": entry["category"],
                    "parent": parent,
                    "position": position,
                },
                is_new,
            )
            existing[group.slug] = group
        return existing

    def import_plan(self, groups: dict[str, EqualityGroup]) -> Plan:
        entry = self.data["plan"]
        plan = Plan.objects.filter(slug=entry["slug"]).first() or Plan(slug=entry["slug"])
        self.save(
            "plan",
            plan,
            {
                "title": entry["title"],
                "council": entry["council"],
                "period_start": date.fromisoformat(entry["period_start"]),
                "period_end": date.fromisoformat(entry["period_end"]),
                "introduction": entry.get("introduction", ""),
            },
            plan.pk is None,
        )
        existing_areas = {area.slug: area for area in plan.service_areas.all()} if plan.pk else {}
        in_file: set[tuple[str, str]] = set()
        for position, area_entry in enumerate(entry["service_areas"]):
            area = existing_areas.get(area_entry["slug"]) or ServiceArea(
                plan=plan, slug=area_entry["slug"]
            )
            self.save(
                "service area",
                area,
                {
                    "name": area_entry["name"],
                    "introduction": area_entry.get("introduction", ""),
                    "position": position,
                },
                area.pk is None,
            )
            path = ["plan", "service_areas", position]
            actions = self.import_actions(area, area_entry, groups)
            self.import_targets(area, area_entry, groups, actions, path)
            self.import_outcomes(area, area_entry, groups)
            in_file |= {(area.slug, ref) for ref in self._refs(area_entry)}
        self._note_not_in_file(plan, in_file)
        return plan

    @staticmethod
    def _refs(area_entry: dict) -> set[str]:
        return {
            e["ref"]
            for kind in ("actions", "targets", "outcomes")
            for e in area_entry.get(kind, [])
        }

    def _note_not_in_file(self, plan: Plan, in_file: set[tuple[str, str]]) -> None:
        for model in (Action, Target, Outcome):
            for area_slug, ref in model.objects.filter(service_area__plan=plan).values_list(
                "service_area__slug", "ref"
            ):
                if (area_slug, ref) not in in_file:
                    self.report.not_in_file.append(f"{area_slug}/{ref}")
        indicators_in_file = {
            (area["slug"], outcome["ref"], indicator["ref"])
            for area in self.data["plan"]["service_areas"]
            for outcome in area.get("outcomes", [])
            for indicator in outcome.get("indicators", [])
        }
        for key in Indicator.objects.filter(outcome__service_area__plan=plan).values_list(
            "outcome__service_area__slug", "outcome__ref", "ref"
        ):
            if key not in indicators_in_file:
                self.report.not_in_file.append("/".join(key))

    def _existing(self, model: type[Model], area: ServiceArea, *links: str) -> dict[str, Any]:
        """The area's entries of a kind by ref, with their links (m2m fields) prefetched."""
        if area.pk is None:
            return {}
        entries = model.objects.filter(service_area=area).prefetch_related(*links)
        return {obj.ref: obj for obj in entries}

    def import_actions(
        self, area: ServiceArea, area_entry: dict, groups: dict[str, EqualityGroup]
    ) -> dict[str, Action]:
        existing = self._existing(Action, area, "groups")
        new: list[tuple[Action, dict[str, list]]] = []
        for position, entry in enumerate(area_entry.get("actions", [])):
            action = existing.get(entry["ref"]) or Action(service_area=area, ref=entry["ref"])
            is_new = action.pk is None
            lead = self.users.get(entry["lead_officer"]) if entry.get("lead_officer") else None
            links = {"groups": [groups[s] for s in entry.get("groups", [])]}
            self.save(
                "action",
                action,
                {
                    "aim": entry.get("aim", ""),
                    "commitment": entry["commitment"],
                    "lead_officer": lead,
                    "position": position,
                },
                is_new,
                later=True,
                also_changed=self.links_differ(action, links),
            )
            if is_new:
                new.append((action, links))
            else:
                self.set_links(action, links)
            existing[action.ref] = action
        self.create_all(Action, new)
        return existing

    def import_targets(
        self,
        area: ServiceArea,
        area_entry: dict,
        groups: dict[str, EqualityGroup],
        actions: dict[str, Action],
        path: list[Any],
    ) -> None:
        existing = self._existing(Target, area, "groups", "actions")
        new: list[tuple[Target, dict[str, list]]] = []
        for position, entry in enumerate(area_entry.get("targets", [])):
            target = existing.get(entry["ref"]) or Target(service_area=area, ref=entry["ref"])
            target.service_area = area
            is_new = target.pk is None
            before = (target.deadline_text, target.deadline_kind, target.due_start, target.due_date)
            due_date = date.fromisoformat(entry["due_date"]) if entry.get("due_date") else None
            try:
                target.set_deadline(entry["deadline"] or "", due_date=due_date)
            except ValueError as error:
                self.problem([*path, "targets", position, "deadline"], str(error))
                continue
            deadline_changed = before != (
                target.deadline_text,
                target.deadline_kind,
                target.due_start,
                target.due_date,
            )
            owner = self.users.get(entry["owner"]) if entry.get("owner") else None
            links = {
                "groups": [groups[s] for s in entry.get("groups", [])],
                "actions": [actions[ref] for ref in entry.get("actions", [])],
            }
            changed = self.save(
                "target",
                target,
                {
                    "bullet": entry.get("bullet"),
                    "text": entry["text"],
                    "owner": owner,
                    "position": position,
                },
                is_new,
                later=True,
                also_changed=deadline_changed or self.links_differ(target, links),
            )
            if is_new:
                new.append((target, links))
                continue
            if deadline_changed and not changed:  # only the deadline's fields moved
                target.save()
            self.set_links(target, links)
        self.create_all(Target, new)

    def import_outcomes(
        self, area: ServiceArea, area_entry: dict, groups: dict[str, EqualityGroup]
    ) -> None:
        existing = self._existing(Outcome, area, "groups")
        for position, entry in enumerate(area_entry.get("outcomes", [])):
            outcome = existing.get(entry["ref"]) or Outcome(service_area=area, ref=entry["ref"])
            is_new = outcome.pk is None
            links = {"groups": [groups[s] for s in entry.get("groups", [])]}
            self.save(
                "outcome",
                outcome,
                {"text": entry["text"], "position": position},
                is_new,
                also_changed=self.links_differ(outcome, links),
            )
            self.set_links(outcome, links)
            self.import_indicators(outcome, entry.get("indicators", []), area.plan.period_start)

    def import_indicators(self, outcome: Outcome, entries: list[dict], plan_start: date) -> None:
        existing = {i.ref: i for i in outcome.indicators.all()}
        for position, entry in enumerate(entries):
            indicator = existing.get(entry["ref"]) or Indicator(outcome=outcome, ref=entry["ref"])
            is_new = indicator.pk is None
            baseline = entry.get("baseline")
            due = _indicator_due_date(entry["deadline"] or "", plan_start=plan_start)
            changed = self.save(
                "indicator",
                indicator,
                {
                    "name": entry["name"],
                    "unit": entry["unit"],
                    "direction": entry["direction"],
                    "accumulation": entry["accumulation"],
                    "baseline_value": _decimal(baseline["value"]) if baseline else None,
                    "baseline_date": date.fromisoformat(baseline["date"]) if baseline else None,
                    "target_value": _decimal(entry.get("target_value")),
                    "deadline_text": (entry["deadline"] or "").strip(),
                    "due_date": due,
                    "data_source": entry.get("data_source", ""),
                    "position": position,
                },
                is_new,
            )
            # Breakdowns need the indicator's id, so they are synced after it is counted: a change
            # to them alone moves this indicator from unchanged to updated.
            if self._sync_breakdowns(indicator, entry.get("breakdowns", [])) and not changed:
                self.report.unchanged["indicator"] -= 1
                self.report.updated["indicator"] += 1

    def _sync_breakdowns(self, indicator: Indicator, entries: list[dict]) -> bool:
        """Make the indicator's breakdowns and shares exactly the file's; True if any changed."""
        changed = False
        existing = {b.dimension.slug: b for b in indicator.breakdowns.select_related("dimension")}
        wanted = {entry["dimension"] for entry in entries}
        for slug, breakdown in existing.items():
            if slug not in wanted:
                breakdown.delete()
                changed = True
        for position, entry in enumerate(entries):
            breakdown = existing.get(entry["dimension"])
            if breakdown is None:
                breakdown = Breakdown.objects.create(
                    indicator=indicator,
                    dimension=Dimension.objects.get(slug=entry["dimension"]),
                    position=position,
                )
                changed = True
            elif breakdown.position != position:
                breakdown.position = position
                breakdown.save()
                changed = True
            changed |= self._sync_shares(breakdown, entry.get("shares", []))
        return changed

    def _sync_shares(self, breakdown: Breakdown, entries: list[dict]) -> bool:
        changed = False
        existing = {
            (t.category.slug, t.kind): t for t in breakdown.targets.select_related("category")
        }
        wanted = {(e["category"], e["kind"]) for e in entries}
        for key, target in existing.items():
            if key not in wanted:
                target.delete()
                changed = True
        for position, entry in enumerate(entries):
            target = existing.get((entry["category"], entry["kind"])) or BreakdownTarget(
                breakdown=breakdown,
                category=Category.objects.get(
                    dimension=breakdown.dimension, slug=entry["category"]
                ),
                kind=entry["kind"],
            )
            values = {
                "share": _decimal(entry["share"]),
                "note": entry.get("note", ""),
                "position": position,
            }
            if target.pk is None or any(getattr(target, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(target, name, value)
                target.save()
                changed = True
        return changed


def export_plan(*, plan: Plan, with_history: bool = False) -> dict[str, Any]:
    """The plan in the plan file format, so that importing it gives the same plan; with its
    history (progress updates, measurements, narrative updates and their people) for a backup."""
    areas = (
        plan.service_areas.order_by("position")
        .prefetch_related(
            "actions__groups",
            "actions__lead_officer",
            "targets__groups",
            "targets__actions",
            "targets__owner",
            "outcomes__groups",
            "outcomes__indicators__breakdowns__dimension",
            "outcomes__indicators__breakdowns__targets__category",
        )
        .select_related("plan")
    )
    return {
        "format": FORMAT,
        "equality_groups": [
            _export_group(g) for g in EqualityGroup.objects.select_related("parent")
        ],
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "council": plan.council,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "introduction": plan.introduction,
            "service_areas": [_export_area(area) for area in areas],
        },
        **({"history": export_history(plan)} if with_history else {}),
    }


def _export_group(group: EqualityGroup) -> dict[str, Any]:
    entry = {"slug": group.slug, "name": group.name, "category": group.category}
    if group.parent:
        entry["parent"] = group.parent.slug
    return entry


def _slugs(objects: Any) -> list[str]:
    return [obj.slug for obj in sorted(objects.all(), key=lambda g: (g.position, g.name))]


def _export_area(area: ServiceArea) -> dict[str, Any]:
    by_position = lambda objs: sorted(objs.all(), key=lambda o: (o.position, o.ref))  # noqa: E731
    return {
        "slug": area.slug,
        "name": area.name,
        "introduction": area.introduction,
        "actions": [_export_action(a) for a in by_position(area.actions)],
        "targets": [_export_target(t) for t in by_position(area.targets)],
        "outcomes": [_export_outcome(o) for o in by_position(area.outcomes)],
    }


def _export_outcome(outcome: Outcome) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": outcome.ref, "text": outcome.text}
    entry["groups"] = _slugs(outcome.groups)
    indicators = outcome.indicators.all()
    if indicators:
        entry["indicators"] = [_export_indicator(i) for i in indicators]
    return entry


def _export_indicator(indicator: Indicator) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ref": indicator.ref,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "accumulation": indicator.accumulation,
    }
    if indicator.baseline_value is not None and indicator.baseline_date is not None:
        entry["baseline"] = {
            "value": _number(indicator.baseline_value),
            "date": indicator.baseline_date.isoformat(),
        }
    if indicator.target_value is not None:
        entry["target_value"] = _number(indicator.target_value)
    entry["deadline"] = indicator.deadline_text or None
    if indicator.data_source:
        entry["data_source"] = indicator.data_source
    breakdowns = indicator.breakdowns.all()
    if breakdowns:
        entry["breakdowns"] = [
            {
                "dimension": breakdown.dimension.slug,
                "shares": [_export_share(target) for target in breakdown.targets.all()],
            }
            for breakdown in breakdowns
        ]
    return entry


def _export_share(target: BreakdownTarget) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "category": target.category.slug,
        "kind": target.kind,
        "share": _number(target.share),
    }
    if target.note:
        entry["note"] = target.note
    return entry


def _number(value: Decimal) -> int | float:
    """A figure as YAML writes it plainly: 1000, not 1000.00; 12.5 where it has a fraction."""
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _two_places(value: float | int) -> bool:
    return Decimal(str(value)).as_tuple().exponent >= -2


def _indicator_due_date(deadline: str, *, plan_start: date) -> date | None:
    """The target date an indicator's deadline phrase resolves to, as Indicator.set_deadline
    reads it; raises DeadlineError for an unreadable or recurring phrase."""
    indicator = Indicator()
    indicator.set_deadline(deadline, plan_start=plan_start)
    return indicator.due_date


def _export_action(action: Action) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": action.ref, "aim": action.aim, "commitment": action.commitment}
    if action.lead_officer:
        entry["lead_officer"] = action.lead_officer.username
    entry["groups"] = _slugs(action.groups)
    return entry


def _export_target(target: Target) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": target.ref}
    if target.bullet is not None:
        entry["bullet"] = target.bullet
    entry["text"] = target.text
    entry["deadline"] = target.deadline_text or None
    override = overridden_due_date(target)
    if override:
        entry["due_date"] = override.isoformat()
    if target.owner:
        entry["owner"] = target.owner.username
    entry["actions"] = [a.ref for a in sorted(target.actions.all(), key=lambda a: a.position)]
    entry["groups"] = _slugs(target.groups)
    return entry
