"""What an indicator is broken down by: each dimension's categories (grouped, recorded and
aggregate) and the target shares set for them, read for any number of indicators at once."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from outcomes.models import Breakdown, BreakdownTarget, Category, Dimension, Indicator


@dataclass(frozen=True)
class CategoryGroup:
    """Recorded categories under one heading (a group), or with none (group is None)."""

    group: Category | None
    categories: list[Category]


@dataclass
class DimensionShape:
    """One dimension of an indicator's breakdown: its recorded categories (what officers enter),
    grouped as its groups are, and the target shares and benchmarks set on it."""

    breakdown: Breakdown
    groups: list[CategoryGroup]
    recorded: dict[str, Category]  # slug -> recorded category
    members: dict[int, frozenset[str]]  # any category's id -> the recorded slugs it adds up
    targets: list[BreakdownTarget] = field(default_factory=list)
    aggregates: list[Category] = field(default_factory=list)  # sums of chosen members (BAME)

    @property
    def dimension(self) -> Dimension:
        return self.breakdown.dimension


@dataclass
class BreakdownShape:
    dimensions: list[DimensionShape] = field(default_factory=list)

    @property
    def recorded_names(self) -> dict[str, dict[str, str]]:
        """dimension slug -> recorded category slug -> name: what may be entered."""
        return {
            d.dimension.slug: {slug: c.name for slug, c in d.recorded.items()}
            for d in self.dimensions
        }

    @property
    def dimension_names(self) -> dict[str, str]:
        return {d.dimension.slug: d.dimension.name for d in self.dimensions}

    def recorded_category(self, dimension: str, category: str) -> Category:
        return next(d for d in self.dimensions if d.dimension.slug == dimension).recorded[category]


@dataclass(frozen=True)
class _DimensionCategories:
    groups: list[CategoryGroup]
    recorded: dict[str, Category]
    members: dict[int, frozenset[str]]
    aggregates: list[Category]


def breakdown_shape(indicator: Indicator) -> BreakdownShape:
    """What the indicator is broken down by: in at most four queries."""
    return shapes_of([indicator.pk]).get(indicator.pk, BreakdownShape())


def shapes_of(indicator_ids: Iterable[int]) -> dict[int, BreakdownShape]:
    breakdowns = list(
        Breakdown.objects.filter(indicator_id__in=list(indicator_ids))
        .select_related("dimension")
        .order_by("indicator_id", "position", "dimension__position")
    )
    if not breakdowns:
        return {}
    dimension_ids = {b.dimension_id for b in breakdowns}
    categories = list(Category.objects.filter(dimension_id__in=dimension_ids))
    member_links = Category.members.through.objects.filter(
        from_category__dimension_id__in=dimension_ids
    ).values_list("from_category_id", "to_category_id")
    targets = BreakdownTarget.objects.filter(breakdown__in=breakdowns).select_related("category")

    by_id = {c.pk: c for c in categories}
    members_of: dict[int, set[str]] = defaultdict(set)
    for aggregate_id, member_id in member_links:
        members_of[aggregate_id].add(by_id[member_id].slug)
    for category in categories:
        if category.kind == Category.Kind.RECORDED:
            members_of[category.pk].add(category.slug)
            if category.parent_id:
                members_of[category.parent_id].add(category.slug)

    dimensions: dict[int, _DimensionCategories] = {}
    for dimension_id in dimension_ids:
        in_dimension = sorted(
            (c for c in categories if c.dimension_id == dimension_id),
            key=lambda c: (c.position, c.name),
        )
        recorded = [c for c in in_dimension if c.kind == Category.Kind.RECORDED]
        groups = [
            CategoryGroup(group, [c for c in recorded if c.parent_id == group.pk])
            for group in in_dimension
            if group.kind == Category.Kind.GROUP
        ]
        ungrouped = [c for c in recorded if c.parent_id is None]
        dimensions[dimension_id] = _DimensionCategories(
            groups=[g for g in groups if g.categories]
            + ([CategoryGroup(None, ungrouped)] if ungrouped else []),
            recorded={c.slug: c for c in recorded},
            members={c.pk: frozenset(members_of[c.pk]) for c in in_dimension},
            aggregates=[c for c in in_dimension if c.kind == Category.Kind.AGGREGATE],
        )
    targets_by_breakdown: dict[int, list[BreakdownTarget]] = defaultdict(list)
    for target in targets:
        targets_by_breakdown[target.breakdown_id].append(target)
    shapes: dict[int, BreakdownShape] = defaultdict(BreakdownShape)
    for breakdown in breakdowns:
        common = dimensions[breakdown.dimension_id]
        shapes[breakdown.indicator_id].dimensions.append(
            DimensionShape(
                breakdown=breakdown,
                groups=common.groups,
                recorded=common.recorded,
                members=common.members,
                targets=targets_by_breakdown[breakdown.pk],
                aggregates=common.aggregates,
            )
        )
    return dict(shapes)
