"""Statistical disclosure control for what the public pages and open data publish: pure functions.

A breakdown's figures form one table: a count for each category (recorded categories, the groups
that add them up, aggregates such as Black, Asian and Minority Ethnic), the people whose category
is recorded, those not recorded, and the total. Every one of them is a sum of some "leaves" (the
recorded categories and the not recorded), so each cell is known by the leaves it adds up.

The rules (SUPPRESS_BELOW is 5 by default, the DISCLOSURE_THRESHOLD setting)
1. Primary suppression: a count from 1 to below the threshold (1 to 4) is not published. A small
   count, with the rest of a page, can identify someone. A count of 0 is published: it describes
   no one, and hiding every empty category would hide most of a sparse table. So a reader knows
   that every suppressed count is at least 1.
2. Secondary suppression: while some suppressed count takes only one value in every table of
   whole numbers of people that agrees with what is published (each suppressed count at least 1),
   suppress the smallest other count whose suppression protects it (failing one, the smallest
   count beside it). A count is protected when a move of people between leaves keeps every
   published count and leaves it different: one found is proof. The search tries moves of one
   person per leaf, which finds every one there is in tables shaped like ours (nested groups, an
   aggregate); where it cannot tell, the count is treated as exposed, so it errs towards hiding.
3. The total is always published (it is the indicator's figure). A breakdown whose total is below
   the threshold, or no more than its number of leaves, publishes nothing but its total (zeros
   included): below the threshold no part of it can be protected, and with no more people than
   leaves every suppressed count could be forced to 1 (five leaves, five people, all suppressed:
   each must be 1). The rule depends only on the published total, so which rule applied gives
   nothing away. Above that, once everything but the zeros is suppressed, some leaf holds 2 or
   more, so every suppressed count can move: secondary suppression always ends safe.
4. Nothing computed from a suppressed count is published either: its share, interval, gap, ratio
   or verdict. Suppressed and never-measured look different: suppressed cells are marked as such.
Signed-in pages show the real figures; only the public pages and open data apply these rules.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

SUPPRESS_BELOW = 5
# How many partial moves the search for one may try before calling a count exposed (rule 2).
SEARCH_LIMIT = 20_000


@dataclass(frozen=True)
class Cell:
    key: str
    leaves: frozenset[str]  # the leaves it adds up (a leaf is a cell of itself alone)
    count: int


def only_the_total(cells: Sequence[Cell], *, threshold: int = SUPPRESS_BELOW) -> bool:
    """Rule 3: whether the breakdown publishes nothing but its total."""
    total = max((cell.count for cell in cells), default=0)
    leaves = {leaf for cell in cells for leaf in cell.leaves}
    return total > 0 and (total < threshold or total <= len(leaves))


def suppressed_cells(
    cells: Sequence[Cell], *, threshold: int = SUPPRESS_BELOW, keep: Collection[str] = ()
) -> frozenset[str]:
    """The keys of the cells not to publish, by the rules above. `keep` are always published."""
    everything = frozenset(cell.key for cell in cells if cell.key not in keep)
    if only_the_total(cells, threshold=threshold):
        return everything
    hidden = {cell.key for cell in cells if 0 < cell.count < threshold and cell.key not in keep}
    while hidden:
        exposed = first_exposed(cells, hidden)
        if exposed is None:
            break
        extra = _beside(cells, hidden, exposed, keep)
        if extra is None:  # cannot happen above rule 3's bound (see rule 3); never publish it
            return everything
        hidden.add(extra)
    return frozenset(hidden)


def first_exposed(cells: Sequence[Cell], hidden: Collection[str]) -> Cell | None:
    """A hidden cell someone could work out from the published ones; None when all are safe."""
    return next(
        (cell for cell in cells if cell.key in hidden and _exposed(cells, hidden, cell)), None
    )


def _exposed(cells: Sequence[Cell], hidden: Collection[str], target: Cell) -> bool:
    """Whether the hidden cell `target` takes one value in every table agreeing with the
    published cells (rule 2): it lies in their span, or no move of people changes it."""
    leaves, basis = _published_span(tuple(cells), frozenset(hidden))
    if basis.spans(_vector(target, leaves)):
        return True
    return _move(cells, hidden, target) is None


@lru_cache(maxsize=256)
def _published_span(cells: tuple[Cell, ...], hidden: frozenset[str]) -> tuple[list[str], "_Basis"]:
    """The span of the published cells, worked out once for each choice of hidden cells."""
    leaves = sorted({leaf for cell in cells for leaf in cell.leaves})
    basis = _Basis(len(leaves))
    for cell in cells:
        if cell.key not in hidden:
            basis.add(_vector(cell, leaves))
    return leaves, basis


def _move(cells: Sequence[Cell], hidden: Collection[str], target: Cell) -> dict[str, int] | None:
    """A change of -1, 0 or +1 people in each suppressed leaf that keeps every published count,
    leaves every suppressed count at least 1, and changes `target`; None if none is found (or the
    search gives up). For tables whose counts are sums over nested groups and an aggregate (their
    matrix totally unimodular), such a move exists whenever `target` can take two values."""
    alone = {next(iter(c.leaves)): c for c in cells if len(c.leaves) == 1}
    if {leaf for cell in cells for leaf in cell.leaves} - alone.keys():
        raise ValueError("Every leaf needs a cell of its own.")
    free = [leaf for leaf in sorted(alone) if alone[leaf].key in hidden]
    position = {leaf: i for i, leaf in enumerate(free)}
    published = [
        [position[leaf] for leaf in c.leaves if leaf in position]
        for c in cells
        if c.key not in hidden
    ]
    published = [row for row in published if row]
    suppressed = [
        (c.count, [position[leaf] for leaf in c.leaves if leaf in position])
        for c in cells
        if c.key in hidden
    ]
    changes = [sorted({-1, 0, 1} if alone[leaf].count >= 2 else {0, 1}) for leaf in free]
    aims = {position[leaf] for leaf in target.leaves if leaf in position}
    rows_of = [[r for r, row in enumerate(published) if i in row] for i in range(len(free))]

    def found(move: list[int]) -> bool:
        return sum(move[i] for i in aims) != 0 and all(
            count + sum(move[i] for i in row) >= 1 for count, row in suppressed
        )

    def moves(move: list[int], sums: list[int], left: list[int], budget: list[int]):
        """Depth first, leaf by leaf; a published row whose sum can no longer get back to 0
        with its leaves still to choose (at most one person each) is a dead end."""
        i = len(move)
        if i == len(free):
            if found(move):
                yield move
            return
        for change in changes[i]:
            budget[0] -= 1
            if budget[0] < 0:
                return
            for r in rows_of[i]:
                sums[r] += change
                left[r] -= 1
            if all(abs(sums[r]) <= left[r] for r in rows_of[i]):
                yield from moves([*move, change], sums, left, budget)
            for r in rows_of[i]:
                sums[r] -= change
                left[r] += 1

    for giver, taker in ((g, t) for g in range(len(free)) for t in range(len(free)) if g != t):
        if changes[giver][0] == -1:  # one person from one leaf to another: the usual move
            move = [0] * len(free)
            move[giver], move[taker] = -1, 1
            if found(move) and all(sum(move[j] for j in row) == 0 for row in published):
                return {free[i]: move[i] for i in (giver, taker)}
    start = ([0] * len(published), [len(row) for row in published])
    move = next(moves([], *start, [SEARCH_LIMIT]), None)
    return None if move is None else {free[i]: c for i, c in enumerate(move) if c}


def _beside(
    cells: Sequence[Cell], hidden: set[str], exposed: Cell, keep: Collection[str]
) -> str | None:
    """The smallest published count whose suppression protects the exposed cell and is itself
    protected; failing one, the smallest that protects it; failing that, the smallest published
    count in the smallest published cell containing it."""
    free = sorted(  # zeros stay published, so every suppressed count is known to be 1 or more
        (c for c in cells if c.key not in hidden and c.key not in keep and c.count > 0),
        key=lambda c: (c.count, len(c.leaves), c.key),
    )
    if not free:
        return None
    protecting = [c for c in free if not _exposed(cells, hidden | {c.key}, exposed)]
    for cell in protecting:
        if not _exposed(cells, hidden | {cell.key}, cell):
            return cell.key
    if protecting:
        return protecting[0].key
    containers = sorted(
        (c for c in cells if c.key not in hidden and exposed.leaves < c.leaves),
        key=lambda c: len(c.leaves),
    )
    for container in containers:
        inside = [c for c in free if c.leaves <= container.leaves and c.key != container.key]
        if inside:
            return inside[0].key
    return free[0].key


def _vector(cell: Cell, leaves: list[str]) -> list[Fraction]:
    return [Fraction(1 if leaf in cell.leaves else 0) for leaf in leaves]


class _Basis:
    """Rows in echelon form, each with a leading 1 that no later row has."""

    def __init__(self, width: int) -> None:
        self.rows: list[tuple[int, list[Fraction]]] = []
        self.width = width

    def _reduce(self, vector: list[Fraction]) -> list[Fraction]:
        vector = list(vector)
        for pivot, row in self.rows:
            if vector[pivot]:
                factor = vector[pivot]
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        return vector

    def add(self, vector: list[Fraction]) -> None:
        reduced = self._reduce(vector)
        pivot = next((i for i, v in enumerate(reduced) if v), None)
        if pivot is not None:
            self.rows.append((pivot, [v / reduced[pivot] for v in reduced]))

    def spans(self, vector: list[Fraction]) -> bool:
        return not any(self._reduce(vector))
