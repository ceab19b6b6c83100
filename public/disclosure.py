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
2. Secondary suppression, until neither of these holds, each time suppressing the smallest other
   count whose suppression protects the exposed one (failing one, the smallest count beside it):
   a. a suppressed count could be worked out from the published ones by adding and subtracting
      (it lies in the span of the published cells, checked exactly with fractions);
   b. the suppressed leaves of a published cell add up to exactly their number, so (each being at
      least 1) each of them must be 1.
3. The total is always published (it is the indicator's figure). A breakdown of a total from 1 to
   below the threshold publishes nothing but the total: no part of it can be protected.
4. Nothing computed from a suppressed count is published either: its share, interval, gap, ratio
   or verdict. Suppressed and never-measured look different: suppressed cells are marked as such.
Signed-in pages show the real figures; only the public pages and open data apply these rules.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class Cell:
    key: str
    leaves: frozenset[str]  # the leaves it adds up (a leaf is a cell of itself alone)
    count: int


def suppressed_cells(
    cells: Sequence[Cell], *, threshold: int = SUPPRESS_BELOW, keep: Collection[str] = ()
) -> frozenset[str]:
    """The keys of the cells not to publish, by the rules above. `keep` are always published."""
    whole = max(cells, key=lambda cell: len(cell.leaves), default=None)
    if whole is not None and 0 < whole.count < threshold:  # rule 3: only the total is shown
        return frozenset(cell.key for cell in cells if cell.key not in keep)
    hidden = {cell.key for cell in cells if 0 < cell.count < threshold and cell.key not in keep}
    while hidden:
        exposed = first_exposed(cells, hidden)
        if exposed is None:
            break
        extra = _beside(cells, hidden, exposed, keep)
        if extra is None:  # everything that may be hidden is
            break
        hidden.add(extra)
    return frozenset(hidden)


def first_exposed(cells: Sequence[Cell], hidden: Collection[str]) -> Cell | None:
    """A hidden cell someone could work out from the published ones; None when all are safe."""
    return next(
        (cell for cell in cells if cell.key in hidden and _exposed(cells, hidden, cell)), None
    )


def _exposed(cells: Sequence[Cell], hidden: Collection[str], target: Cell) -> bool:
    """Whether the hidden cell `target` follows from the published cells (rule 2)."""
    leaves = sorted({leaf for cell in cells for leaf in cell.leaves})
    published = [cell for cell in cells if cell.key not in hidden]
    basis = _Basis(len(leaves))
    for cell in published:
        basis.add(_vector(cell, leaves))
    if basis.spans(_vector(target, leaves)):
        return True
    known = {next(iter(c.leaves)): c.count for c in published if len(c.leaves) == 1}
    for cell in published:
        unknown = cell.leaves - known.keys()
        rest = cell.count - sum(known[leaf] for leaf in cell.leaves - unknown)
        if target.leaves <= unknown and rest == len(unknown):
            return True
    return False


def _beside(
    cells: Sequence[Cell], hidden: set[str], exposed: Cell, keep: Collection[str]
) -> str | None:
    """The smallest published count whose suppression protects the exposed cell; failing one,
    the smallest published count in the smallest published cell containing it."""
    free = sorted(  # zeros stay published, so every suppressed count is known to be 1 or more
        (c for c in cells if c.key not in hidden and c.key not in keep and c.count > 0),
        key=lambda c: (c.count, len(c.leaves), c.key),
    )
    if not free:
        return None
    for cell in free:
        if not _exposed(cells, hidden | {cell.key}, exposed):
            return cell.key
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
