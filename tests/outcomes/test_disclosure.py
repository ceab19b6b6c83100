"""Statistical disclosure control (outcomes/disclosure.py): the rules, and an attacker who knows
the table's structure and every published count, and fails to recover a suppressed one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.disclosure import Cell, first_exposed, only_the_total, suppressed_cells

LEAVES = ("a", "b", "c", "d", "nr")  # four recorded categories and the not recorded
STRUCTURE = {
    "a": {"a"},
    "b": {"b"},
    "c": {"c"},
    "d": {"d"},
    "group-ab": {"a", "b"},
    "group-cd": {"c", "d"},
    "aggregate-bcd": {"b", "c", "d"},
    "recorded": {"a", "b", "c", "d"},
    "not-recorded": {"nr"},
    "total": set(LEAVES),
}


def table(**counts: int) -> list[Cell]:
    return [
        Cell(key, frozenset(leaves), sum(counts[leaf] for leaf in leaves))
        for key, leaves in STRUCTURE.items()
    ]


def possible_values(cells: list[Cell], hidden: frozenset[str]) -> dict[str, set[int]]:
    """Every value each hidden cell could have, given the published cells: an exhaustive search
    over whole numbers of people (the strongest attack there is on a table this size)."""
    published = [c for c in cells if c.key not in hidden]
    found: dict[str, set[int]] = {key: set() for key in hidden}

    def search(assigned: dict[str, int]) -> None:
        for cell in published:
            done = [leaf for leaf in cell.leaves if leaf in assigned]
            partial = sum(assigned[leaf] for leaf in done)
            if partial > cell.count or (len(done) == len(cell.leaves) and partial != cell.count):
                return
        if len(assigned) == len(LEAVES):
            for key in hidden:
                found[key].add(sum(assigned[leaf] for leaf in STRUCTURE[key]))
            return
        leaf = LEAVES[len(assigned)]
        # A zero is published unless only the total is (rule 3, which the reader can tell from
        # the total and the number of leaves), so a suppressed leaf is at least 1.
        alone = frozenset([leaf])
        shown = any(c.leaves == alone for c in published)
        lowest = 0 if shown or cells[-1].count <= max(4, len(LEAVES)) else 1
        for value in range(lowest, cells[-1].count + 1):
            search(assigned | {leaf: value})

    search({})
    return found


def test_counts_below_the_threshold_are_suppressed_and_large_ones_shown():
    cells = table(a=40, b=3, c=30, d=25, nr=10)
    hidden = suppressed_cells(cells, keep={"total"})
    assert "b" in hidden
    assert "total" not in hidden
    assert {"c", "d", "not-recorded", "recorded"}.isdisjoint(hidden)


def test_a_lone_suppressed_count_takes_its_sibling_with_it():
    # a = group − b would give b away: the smallest other count in its group goes too.
    cells = table(a=40, b=3, c=30, d=25, nr=10)
    hidden = suppressed_cells(cells, keep={"total"})
    assert first_exposed(cells, hidden) is None
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key


def test_the_aggregate_cannot_give_away_a_suppressed_category():
    # BAME-style aggregate b+c+d with recorded total: a = recorded − aggregate.
    cells = table(a=2, b=30, c=30, d=25, nr=10)
    hidden = suppressed_cells(cells, keep={"total"})
    assert "a" in hidden
    assert first_exposed(cells, hidden) is None
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key


def test_zeros_are_published_and_ones_are_not_left_alone():
    # b and c are 1: hidden as a pair in group c+d... they would add up to 2, so each must be 1.
    cells = table(a=40, b=0, c=1, d=1, nr=10)
    hidden = suppressed_cells(cells, keep={"total"})
    assert "b" not in hidden  # 0 describes no one
    assert {"c", "d"} <= hidden
    assert first_exposed(cells, hidden) is None
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key


def test_the_total_is_always_published():
    cells = table(a=1, b=1, c=1, d=1, nr=2)
    hidden = suppressed_cells(cells, keep={"total"})
    assert "total" not in hidden
    assert {"a", "b", "c", "d", "not-recorded"} <= hidden


def test_nothing_to_suppress_when_every_count_is_large():
    assert suppressed_cells(table(a=40, b=30, c=30, d=25, nr=10), keep={"total"}) == frozenset()


def test_a_total_of_zero_leaves_nothing_to_protect():
    cells = table(a=0, b=0, c=0, d=0, nr=0)
    assert suppressed_cells(cells, keep={"total"}) == frozenset()  # no one to identify


def test_a_higher_threshold_suppresses_more():
    cells = table(a=40, b=8, c=30, d=25, nr=10)
    assert "b" not in suppressed_cells(cells, keep={"total"})
    assert "b" in suppressed_cells(cells, threshold=10, keep={"total"})


def test_every_count_of_1_with_a_total_of_5_publishes_only_the_total():
    # The counterexample Hypothesis found: five leaves of 1 each, all suppressed, and a published
    # total of 5 (not below the threshold) forced each of them, and every sum of them, to be 1.
    cells = table(a=1, b=1, c=1, d=1, nr=1)
    hidden = suppressed_cells(cells, keep={"total"})
    assert hidden == {c.key for c in cells} - {"total"}
    assert only_the_total(cells)  # the total, 5, is no more than the 5 leaves
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key
    assert possible_values(cells, hidden)["aggregate-bcd"] == {0, 1, 2, 3, 4, 5}


def test_a_total_no_more_than_its_leaves_publishes_only_the_total_zeros_included():
    # Were the zeros published, a reader would know the other 4 leaves are at least 1 each.
    cells = table(a=0, b=1, c=1, d=1, nr=1)
    assert suppressed_cells(cells, keep={"total"}) == {c.key for c in cells} - {"total"}


def test_one_more_person_than_leaves_lets_the_breakdown_be_protected():
    cells = table(a=1, b=1, c=1, d=1, nr=2)
    hidden = suppressed_cells(cells, keep={"total"})
    assert not only_the_total(cells)
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key


def test_a_difference_of_published_sums_forcing_ones_is_caught():
    # Published aggregate b+c+d = 6 and total 8 would leave a + nr = 2 with both suppressed:
    # each 1. No published cell says so on its own; the exact check sees it.
    cells = table(a=1, b=2, c=2, d=2, nr=1)
    hidden = suppressed_cells(cells, keep={"total"})
    assert first_exposed(cells, hidden) is None
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, key


@settings(max_examples=400, deadline=None)
@given(st.tuples(*(st.integers(min_value=0, max_value=7) for _ in LEAVES)))
def test_no_suppressed_count_can_be_recovered_from_any_small_table(counts):
    cells = table(**dict(zip(LEAVES, counts, strict=True)))
    hidden = suppressed_cells(cells, keep={"total"})
    shown = [c for c in cells if c.key not in hidden and c.key != "total"]
    assert all(c.count >= 5 or c.count == 0 for c in shown)
    if cells[-1].count == 0:
        assert hidden == frozenset()
    elif not only_the_total(cells):
        assert cells[-1].count > len(LEAVES)
        assert all(c.count > 0 for c in cells if c.key in hidden)
    else:
        assert hidden == {c.key for c in cells} - {"total"}
    for key, values in possible_values(cells, hidden).items():
        assert len(values) > 1, (key, counts, sorted(hidden))
