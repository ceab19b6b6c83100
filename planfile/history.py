"""A plan's history in the plan file: the progress updates, measurements and narrative updates
made against it, and the people who made them, so an export can restore a plan whole.

Written only by `export_plan --with-history`. On import, history is append-only like the records
it holds: an entry already present (same item, time and author) is left alone, and a missing
person is created without a password (a plan admin sets one before they can sign in).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model

from outcomes.models import BreakdownValue, Category, Indicator, Measurement, Outcome, OutcomeUpdate
from planfile.format import plain_number
from plans.models import Action, Plan
from targets.models import ProgressUpdate, Target


def export_history(plan: Plan) -> dict[str, Any]:
    updates = (
        ProgressUpdate.objects.filter(target__service_area__plan=plan)
        .select_related("target__service_area", "author")
        .order_by("made_at", "id")
    )
    measurements = (
        Measurement.objects.filter(indicator__outcome__service_area__plan=plan)
        .select_related("indicator__outcome__service_area", "author", "supersedes")
        .prefetch_related("breakdown_values__category__dimension")
        .order_by("made_at", "id")
    )
    outcome_updates = (
        OutcomeUpdate.objects.filter(outcome__service_area__plan=plan)
        .select_related("outcome__service_area", "author")
        .order_by("made_at", "id")
    )
    people: dict[str, Any] = {}
    for record in [*updates, *measurements, *outcome_updates]:
        people[record.author.username] = record.author
    for target in Target.objects.filter(service_area__plan=plan, owner__isnull=False):
        people[target.owner.username] = target.owner
    for action in plan_actions(plan):
        people[action.lead_officer.username] = action.lead_officer
    return {
        "people": [_person(user) for _, user in sorted(people.items())],
        "progress_updates": [_progress_update(u) for u in updates],
        "measurements": [_measurement(m) for m in measurements],
        "outcome_updates": [_outcome_update(u) for u in outcome_updates],
    }


def plan_actions(plan: Plan) -> list[Action]:
    return list(
        Action.objects.filter(service_area__plan=plan, lead_officer__isnull=False).select_related(
            "lead_officer"
        )
    )


def _person(user: Any) -> dict[str, str]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
    }


def _progress_update(update: ProgressUpdate) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "target": f"{update.target.service_area.slug}/{update.target.ref}",
        "made_at": update.made_at.isoformat(),
        "author": update.author.username,
        "status": update.status,
        "commentary": update.commentary,
    }
    if update.percent_complete is not None:
        entry["percent_complete"] = update.percent_complete
    if update.value is not None:
        entry["value"] = plain_number(update.value)
    if update.evidence_url:
        entry["evidence_url"] = update.evidence_url
    if update.is_demo:
        entry["is_demo"] = True
    return entry


def _indicator_key(indicator: Indicator) -> str:
    outcome = indicator.outcome
    return f"{outcome.service_area.slug}/{outcome.ref}/{indicator.ref}"


def _measurement(measurement: Measurement) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "indicator": _indicator_key(measurement.indicator),
        "period_end": measurement.period_end.isoformat(),
        "value": plain_number(measurement.value),
        "made_at": measurement.made_at.isoformat(),
        "author": measurement.author.username,
        "note": measurement.note,
    }
    if measurement.supersedes:
        entry["supersedes_made_at"] = measurement.supersedes.made_at.isoformat()
    parts: dict[str, dict[str, int | float]] = {}
    for part in measurement.breakdown_values.all():
        dimension = part.category.dimension.slug
        parts.setdefault(dimension, {})[part.category.slug] = plain_number(part.value)
    if parts:
        entry["breakdown"] = parts
    return entry


def _outcome_update(update: OutcomeUpdate) -> dict[str, Any]:
    entry = {
        "outcome": f"{update.outcome.service_area.slug}/{update.outcome.ref}",
        "made_at": update.made_at.isoformat(),
        "author": update.author.username,
        "rag": update.rag,
        "commentary": update.commentary,
    }
    if update.evidence_url:
        entry["evidence_url"] = update.evidence_url
    return entry


def create_people(entries: list[dict[str, str]]) -> None:
    """Accounts for the people a file names, where missing: without a password, so nobody can
    sign in as them until a plan admin sets one."""
    users = get_user_model().objects
    known = set(users.values_list("username", flat=True))
    for entry in entries:
        if entry["username"] not in known:
            fields = ("username", "first_name", "last_name", "email")
            user = users.model(**{name: entry.get(name, "") for name in fields})
            user.set_unusable_password()
            user.save()
            known.add(user.username)


class HistoryImporter:
    """Adds a file's history to a plan just imported; `problems` names what cannot be used."""

    def __init__(self, plan: Plan, history: dict[str, Any]) -> None:
        self.plan, self.history = plan, history
        self.problems: list[tuple[list[Any], str]] = []
        self.added = 0

    def run(self) -> None:
        self.people = self._people()
        self._progress_updates()
        self._measurements()
        self._outcome_updates()

    def _people(self) -> dict[str, Any]:
        return {user.username: user for user in get_user_model().objects.all()}

    def _author(self, entry: dict, path: list[Any]) -> Any | None:
        author = self.people.get(entry["author"])
        if author is None:
            self.problems.append(([*path, "author"], f'no person "{entry["author"]}" in the file'))
        return author

    def _add(
        self, path: list[Any], model: type[Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> Model | None:
        existing = model.objects.filter(**lookup).first()
        if existing:
            return existing
        record = model(**lookup, **values)
        try:
            record.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.problems.append(([*path, field], " ".join(messages)))
            return None
        record.save()
        self.added += 1
        return record

    def _progress_updates(self) -> None:
        targets = {
            f"{t.service_area.slug}/{t.ref}": t
            for t in Target.objects.filter(service_area__plan=self.plan).select_related(
                "service_area"
            )
        }
        for i, entry in enumerate(self.history.get("progress_updates", [])):
            path = ["history", "progress_updates", i]
            target, author = targets.get(entry["target"]), self._author(entry, path)
            if target is None:
                self.problems.append(([*path, "target"], f'no target "{entry["target"]}"'))
            if target is None or author is None:
                continue
            self._add(
                path,
                ProgressUpdate,
                {
                    "target": target,
                    "made_at": datetime.fromisoformat(entry["made_at"]),
                    "author": author,
                },
                {
                    "status": entry["status"],
                    "commentary": entry.get("commentary", ""),
                    "percent_complete": entry.get("percent_complete"),
                    "value": entry.get("value"),
                    "evidence_url": entry.get("evidence_url", ""),
                    "is_demo": entry.get("is_demo", False),
                },
            )

    def _measurements(self) -> None:
        indicators = {
            _indicator_key(i): i
            for i in Indicator.objects.filter(outcome__service_area__plan=self.plan).select_related(
                "outcome__service_area"
            )
        }
        categories = {
            (c.dimension.slug, c.slug): c for c in Category.objects.select_related("dimension")
        }
        for i, entry in enumerate(self.history.get("measurements", [])):
            path = ["history", "measurements", i]
            indicator, author = indicators.get(entry["indicator"]), self._author(entry, path)
            if indicator is None:
                self.problems.append(([*path, "indicator"], f'no indicator "{entry["indicator"]}"'))
            if indicator is None or author is None:
                continue
            supersedes = None
            if entry.get("supersedes_made_at"):
                supersedes = Measurement.objects.filter(
                    indicator=indicator,
                    made_at=datetime.fromisoformat(entry["supersedes_made_at"]),
                ).first()
            made_at = datetime.fromisoformat(entry["made_at"])
            if Measurement.objects.filter(indicator=indicator, made_at=made_at).exists():
                continue
            measurement = self._add(
                path,
                Measurement,
                {"indicator": indicator, "made_at": made_at, "author": author},
                {
                    "period_end": date.fromisoformat(entry["period_end"]),
                    "value": Decimal(str(entry["value"])),
                    "note": entry.get("note", ""),
                    "supersedes": supersedes,
                },
            )
            if measurement is None:
                continue
            for dimension, parts in entry.get("breakdown", {}).items():
                for slug, value in parts.items():
                    category = categories.get((dimension, slug))
                    if category is None:
                        self.problems.append(
                            ([*path, "breakdown"], f'no category "{dimension}/{slug}"')
                        )
                        continue
                    BreakdownValue.objects.create(
                        measurement=measurement, category=category, value=Decimal(str(value))
                    )

    def _outcome_updates(self) -> None:
        outcomes = {
            f"{o.service_area.slug}/{o.ref}": o
            for o in Outcome.objects.filter(service_area__plan=self.plan).select_related(
                "service_area"
            )
        }
        for i, entry in enumerate(self.history.get("outcome_updates", [])):
            path = ["history", "outcome_updates", i]
            outcome, author = outcomes.get(entry["outcome"]), self._author(entry, path)
            if outcome is None:
                self.problems.append(([*path, "outcome"], f'no outcome "{entry["outcome"]}"'))
            if outcome is None or author is None:
                continue
            self._add(
                path,
                OutcomeUpdate,
                {
                    "outcome": outcome,
                    "made_at": datetime.fromisoformat(entry["made_at"]),
                    "author": author,
                },
                {
                    "rag": entry["rag"],
                    "commentary": entry["commentary"],
                    "evidence_url": entry.get("evidence_url", ""),
                },
            )
