"""Every group against the population, and how sure we can be: pure functions over counts.

Who is counted, and against whom
- A breakdown counts people (an indicator's total, for a period or so far) by the categories of one
  dimension. Those the categories leave are "not recorded" (not asked, not known, or "prefer not to
  say"). Shares here are of the people whose category IS recorded (the "recorded total"), because
  a population share is of everyone whose group is known: like is compared with like. The not
  recorded share (not recorded / total) is shown beside them, with a warning above
  NOT_RECORDED_WARNING (10% by default, the NOT_RECORDED_WARNING_PERCENT setting): above it, the
  shares may say more about who answered than about who was reached.
- The population share is the category's count in the population benchmark (Census 2021) over the
  benchmark's total less those who did not answer (religion's "not answered"). The population is a
  census count, not a sample, so it is taken as exact.

The figures, for a category with count x of a recorded total n, and population share P
- Share p = x / n (no share when n is 0).
- Gap = p − P, in percentage points: negative means fewer than the group's share of the population.
- Disproportionality ratio = p / P (the Lammy Review's and youth justice statistics' form): 1 is
  proportionate, 0.5 is half the group's population share, 2 is twice it. None when P is 0.
- Relative rate index (RRI), where the breakdown counts the reference group too: the group's rate
  per head of population over the reference group's, (x / X) / (r / R), with X and R the
  population counts of the group and of the reference group. The reference group is the category
  with the largest population (White: English, Welsh, Scottish, Northern Irish or British, for
  Islington's ethnicity), as the youth justice statistics use White.

How sure we are (95% confidence intervals, z = 1.96)
- Share: the Wilson score interval. Unlike the textbook p ± 1.96·√(p(1−p)/n), it stays within 0
  to 100%, is not zero-width at a count of 0 or n, and holds up for small groups. It always
  contains the share (at x = 0 it starts at 0; at x = n it ends at 100%).
- Gap: the share's interval less P (P is exact). A gap whose interval includes 0 is "not clearly
  different" from the population share, whatever its sign: a small group is neither a failure nor a
  success by accident. Otherwise it is "below" or "above".
- Ratio: the share's Wilson bounds over P. P is a census count, so all the uncertainty is in the
  share; the Katz log method is for a ratio of two sampled rates, which the ratio is not. It
  contains the ratio, is never negative, and includes 1 exactly when the gap's interval includes 0.
- RRI: the Katz log method, exp(ln RRI ± 1.96·√(1/x − 1/X + 1/r − 1/R)), the standard interval for
  a ratio of two rates; none when x or r is 0 (the log is undefined).

Trends, period by period
- Each measurement with this breakdown gives the share, its interval and the gap in its period.
- The change from the first period to the latest is clear when the Newcombe interval for the
  difference of two proportions (method 10, from the two Wilson intervals) excludes 0. Then the gap
  is "narrowing" when it is smaller in size now than in the first period, "widening" when larger;
  otherwise "no clear change". Fewer than two periods with a share: "no clear change".
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
NOT_RECORDED_WARNING = 10.0  # percent; the setting NOT_RECORDED_WARNING_PERCENT overrides it


class Verdict(StrEnum):
    BELOW = "below"
    ABOVE = "above"
    NOT_CLEARLY_DIFFERENT = "not_clearly_different"
    NO_SHARE = "no_share"

    @property
    def label(self) -> str:
        return {
            "below": "Below its population share",
            "above": "Above its population share",
            "not_clearly_different": "Not clearly different",
            "no_share": "No share to compare",
        }[self.value]


class Trend(StrEnum):
    NARROWING = "narrowing"
    WIDENING = "widening"
    NO_CLEAR_CHANGE = "no_clear_change"

    @property
    def label(self) -> str:
        return {
            "narrowing": "Gap narrowing",
            "widening": "Gap widening",
            "no_clear_change": "No clear change",
        }[self.value]


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def shifted(self, by: float) -> "Interval":
        return Interval(self.low + by, self.high + by)

    def scaled(self, by: float) -> "Interval":
        return Interval(self.low * by, self.high * by)


def proportion(part: int, total: int) -> float | None:
    """part / total as a fraction; None when the total is 0."""
    return part / total if total > 0 else None


def wilson(part: int, total: int, z: float = Z95) -> Interval | None:
    """The Wilson score interval for part / total, as fractions 0 to 1; None for a total of 0."""
    if total <= 0:
        return None
    if not 0 <= part <= total:
        raise ValueError(f"a part of {part} cannot be of a total of {total}")
    p = part / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    spread = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    # Exact at the ends, and never a rounding error's width outside the share itself.
    low = 0.0 if part == 0 else min(max(centre - spread, 0.0), p)
    high = 1.0 if part == total else max(min(centre + spread, 1.0), p)
    return Interval(low, high)


def ratio(share: float | None, population_share: float | None) -> float | None:
    """The disproportionality ratio: share / population share (fractions); None without both."""
    if share is None or not population_share:
        return None
    return share / population_share


def ratio_interval(
    share_interval: Interval | None, population_share: float | None
) -> Interval | None:
    """The ratio's interval: the share's Wilson bounds over the (exact) population share."""
    if share_interval is None or not population_share:
        return None
    return share_interval.scaled(1 / population_share)


def gap_verdict(gap_interval: Interval | None) -> Verdict:
    if gap_interval is None:
        return Verdict.NO_SHARE
    if gap_interval.high < 0:
        return Verdict.BELOW
    if gap_interval.low > 0:
        return Verdict.ABOVE
    return Verdict.NOT_CLEARLY_DIFFERENT


def relative_rate(
    part: int, population: int, reference_part: int, reference_population: int
) -> float | None:
    """(part / population) / (reference_part / reference_population); None when undefined."""
    if population <= 0 or reference_population <= 0 or reference_part <= 0:
        return None
    return (part / population) / (reference_part / reference_population)


def relative_rate_interval(
    part: int, population: int, reference_part: int, reference_population: int, z: float = Z95
) -> Interval | None:
    """The Katz log interval for the relative rate index; None when a count is 0."""
    rri = relative_rate(part, population, reference_part, reference_population)
    if rri is None or part <= 0:
        return None
    variance = 1 / part - 1 / population + 1 / reference_part - 1 / reference_population
    spread = z * math.sqrt(max(variance, 0.0))
    return Interval(rri * math.exp(-spread), rri * math.exp(spread))


def not_recorded_share(recorded: int, total: int) -> float | None:
    """The part of the total the categories leave, as a fraction; None for a total of 0."""
    if total <= 0:
        return None
    return max(total - recorded, 0) / total


def warn_not_recorded(share: float | None, threshold_percent: float = NOT_RECORDED_WARNING) -> bool:
    return share is not None and share * 100 > threshold_percent


@dataclass(frozen=True)
class Comparison:
    """One category of a breakdown against its population share. Fractions, not percentages.

    count        people counted in the category
    recorded     people counted whose category is recorded (the shares' denominator)
    population_share   the category's share of the population (None: no benchmark figure)
    """

    count: int
    recorded: int
    population_share: float | None
    rri: float | None = None
    rri_interval: Interval | None = None

    @property
    def share(self) -> float | None:
        return proportion(self.count, self.recorded)

    @property
    def share_interval(self) -> Interval | None:
        return wilson(self.count, self.recorded)

    @property
    def gap(self) -> float | None:
        if self.share is None or self.population_share is None:
            return None
        return self.share - self.population_share

    @property
    def gap_interval(self) -> Interval | None:
        if self.share_interval is None or self.population_share is None:
            return None
        return self.share_interval.shifted(-self.population_share)

    @property
    def ratio(self) -> float | None:
        return ratio(self.share, self.population_share)

    @property
    def ratio_interval(self) -> Interval | None:
        return ratio_interval(self.share_interval, self.population_share)

    @property
    def verdict(self) -> Verdict:
        return gap_verdict(self.gap_interval)


def compare(
    count: int,
    recorded: int,
    *,
    population: int | None,
    population_total: int | None,
    reference: tuple[int, int] | None = None,
) -> Comparison:
    """A category against the population. `population` is its population count (None: not in the
    benchmark); `reference` is (the reference group's count here, its population count) for the
    relative rate index, None when there is no reference group to compare with."""
    population_share = (
        population / population_total
        if population is not None and population_total and population_total > 0
        else None
    )
    rri = rri_interval = None
    if reference is not None and population:
        rri = relative_rate(count, population, *reference)
        rri_interval = relative_rate_interval(count, population, *reference)
    return Comparison(
        count=count,
        recorded=recorded,
        population_share=population_share,
        rri=rri,
        rri_interval=rri_interval,
    )


def difference_interval(
    earlier: tuple[int, int], later: tuple[int, int], z: float = Z95
) -> Interval | None:
    """Newcombe's hybrid score interval (method 10) for later share − earlier share, each given as
    (part, total); None when either total is 0."""
    first, last = wilson(*earlier, z=z), wilson(*later, z=z)
    if first is None or last is None:
        return None
    p1, p2 = earlier[0] / earlier[1], later[0] / later[1]
    difference = p2 - p1
    return Interval(
        difference - math.sqrt((p2 - last.low) ** 2 + (first.high - p1) ** 2),
        difference + math.sqrt((last.high - p2) ** 2 + (p1 - first.low) ** 2),
    )


def trend(periods: Sequence[tuple[int, int]], population_share: float | None) -> Trend:
    """Narrowing, widening or no clear change in the gap from the first period to the latest.
    `periods` are (count, recorded total), oldest first; periods with no one recorded are
    skipped."""
    counted = [(part, total) for part, total in periods if total > 0]
    if len(counted) < 2 or population_share is None:
        return Trend.NO_CLEAR_CHANGE
    first, last = counted[0], counted[-1]
    change = difference_interval(first, last)
    if change is None or change.contains(0.0):
        return Trend.NO_CLEAR_CHANGE
    gap_then = abs(first[0] / first[1] - population_share)
    gap_now = abs(last[0] / last[1] - population_share)
    return Trend.NARROWING if gap_now < gap_then else Trend.WIDENING
