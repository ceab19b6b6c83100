"""Loading a plan file into the database.

All or nothing: every entry is checked first (planfile/checks.py) and every problem named; then the
whole plan is written in the caller's transaction (planfile.services.import_plan). Idempotent: an
entry already as the file says is not saved again, so a second run changes nothing and adds no
history.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model

from outcomes.models import Breakdown, BreakdownTarget, Category, Dimension, Indicator, Outcome
from planfile.bulk_history import Links, bulk_create_with_history
from planfile.checks import Known, check_plan, decimal, indicator_due_date
from planfile.format import PlanFileError, describe_location
from planfile.history import HistoryImporter, create_people
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import Target


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


class PlanImporter:
    """Writes a plan file's data, checked first; run() raises PlanFileError, naming every problem,
    for data that cannot be used (the caller's transaction then stores nothing)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.report = ImportReport()
        self.problems: list[str] = []

    def problem(self, path: list[Any], message: str) -> None:
        self.problems.append(f"{describe_location(self.data, path)}: {message}")

    def run(self) -> ImportReport:
        if "history" in self.data:  # a restore: the people it names first, owners among them
            create_people(self.data["history"].get("people", []))
        self.users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
        if problems := check_plan(self.data, self.known()):
            raise PlanFileError(problems)
        groups = self.import_groups()
        plan = self.import_plan(groups)
        if "history" in self.data:
            history = HistoryImporter(plan, self.data["history"])
            history.run()
            for path, message in history.problems:
                self.problem(path, message)
            self.report.history_added = history.added
        if self.problems:  # history that could not be used: roll back all of it
            raise PlanFileError(self.problems)
        self.report.plan = plan
        return self.report

    def known(self) -> Known:
        """What the database holds that the file may name."""
        categories: dict[str, set[str]] = {
            slug: set() for slug in Dimension.objects.values_list("slug", flat=True)
        }
        for dimension, category in Category.objects.values_list("dimension__slug", "slug"):
            categories[dimension].add(category)
        return Known(
            users=frozenset(self.users),
            groups=frozenset(EqualityGroup.objects.values_list("slug", flat=True)),
            categories={slug: frozenset(found) for slug, found in categories.items()},
        )

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
        """Set the values and save the entry if they changed it; a new entry with `later` is
        saved afterwards, with the others of its kind, by create_all.

        Counts the entry once in the report: created; updated, when the values changed it or
        `also_changed` says the rest did (a target's deadline, an entry's links, an indicator's
        breakdowns); or unchanged. Returns whether the values changed it.
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

    def create_all(self, model: type[Model], new: list[tuple[Model, Links]]) -> None:
        """Store new entries, each with its links, in a few queries whatever their number: one
        save and one set() each would take minutes for a plan of 10,000 targets."""
        # Their related objects come from the database or this import: not looked up again.
        related = [f.name for f in model._meta.fields if f.is_relation]
        for instance, _ in new:
            instance.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
        bulk_create_with_history(model, new)

    @staticmethod
    def links_differ(instance: Model, links: Links) -> bool:
        """Whether a stored entry's links (m2m field name -> objects) differ from the file's."""
        # all(), not values_list(): the entries' links are prefetched (see _existing).
        return instance.pk is not None and any(
            {obj.pk for obj in getattr(instance, name).all()} != {obj.pk for obj in wanted}
            for name, wanted in links.items()
        )

    @staticmethod
    def set_links(instance: Model, links: Links) -> None:
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
            actions = self.import_actions(area, area_entry, groups)
            self.import_targets(area, area_entry, groups, actions)
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
        new: list[tuple[Action, Links]] = []
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
    ) -> None:
        existing = self._existing(Target, area, "groups", "actions")
        new: list[tuple[Target, Links]] = []
        for position, entry in enumerate(area_entry.get("targets", [])):
            target = existing.get(entry["ref"]) or Target(service_area=area, ref=entry["ref"])
            target.service_area = area
            is_new = target.pk is None
            before = (target.deadline_text, target.deadline_kind, target.due_start, target.due_date)
            due_date = date.fromisoformat(entry["due_date"]) if entry.get("due_date") else None
            target.set_deadline(entry["deadline"] or "", due_date=due_date)  # checked readable
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
            due = indicator_due_date(entry["deadline"] or "", plan_start=plan_start)
            breakdowns = entry.get("breakdowns", [])
            # A stored indicator's breakdowns are synced first, so that a change to them alone
            # counts it as updated; a new indicator's follow it, as they need its id.
            breakdowns_changed = not is_new and self._sync_breakdowns(indicator, breakdowns)
            self.save(
                "indicator",
                indicator,
                {
                    "name": entry["name"],
                    "unit": entry["unit"],
                    "direction": entry["direction"],
                    "accumulation": entry["accumulation"],
                    "baseline_value": decimal(baseline["value"]) if baseline else None,
                    "baseline_date": date.fromisoformat(baseline["date"]) if baseline else None,
                    "target_value": decimal(entry.get("target_value")),
                    "deadline_text": (entry["deadline"] or "").strip(),
                    "due_date": due,
                    "data_source": entry.get("data_source", ""),
                    "position": position,
                },
                is_new,
                also_changed=breakdowns_changed,
            )
            if is_new:
                self._sync_breakdowns(indicator, breakdowns)

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
                "share": decimal(entry["share"]),
                "note": entry.get("note", ""),
                "position": position,
            }
            if target.pk is None or any(getattr(target, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(target, name, value)
                target.save()
                changed = True
        return changed
