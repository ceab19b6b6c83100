"""Deadline phrases from the equality action plan, read into date windows.

The plan states deadlines in prose ("by summer 2021", "throughout 2021", "annual").
A table of compiled patterns, each with a small resolver, turns a phrase into the
first and last day of the period it names. UK usage throughout: day-first numeric
dates, meteorological seasons, and financial years running April to March.

A phrase that looks like a deadline but cannot be read exactly raises DeadlineError:
a deadline is never guessed. Phrases that admit there is no date ("in the coming
months", "TBC", "as soon as possible") give an UNSCHEDULED window, so the target is
shown as needing a date. "As soon as possible" is deliberately not read as a date:
it names no day that lateness could be judged against.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from plans.wording import MONTH_NAMES, uk_date

FIRST_YEAR = 1990
LAST_YEAR = 2100


class DeadlineError(ValueError):
    """A deadline that cannot be read exactly; the message quotes the input."""


class DeadlineKind(StrEnum):
    DATED = "dated"
    CONTINUOUS = "continuous"  # the work runs throughout the window
    RECURRING = "recurring"  # due once in every 12-month cycle
    UNSCHEDULED = "unscheduled"  # no date given: it needs one, it is never guessed


@dataclass(frozen=True)
class DeadlineWindow:
    kind: DeadlineKind
    start: date | None  # first day of the named period; the anchor for recurring
    end: date | None  # last day of the period, which is when it is due
    phrase: str  # as matched in the input: original case, trimmed

    @property
    def due_date(self) -> date | None:
        return self.end


# Pure: a plan's deadlines repeat ("annual", "by March 2026"), so each phrase is read once. Errors
# are not kept: an unreadable phrase raises each time.
@lru_cache(maxsize=4096)
def parse_deadline(text: str, *, recurring_from: date | None = None) -> DeadlineWindow:
    """Read the deadline in a phrase or a whole sentence.

    The governing phrase is the one find_deadline picks: the dated phrase with the
    latest end date; failing that a recurring marker; failing that an unscheduled
    marker. Empty text is unscheduled. Recurring cycles run 12 months from
    recurring_from (usually the plan's start); without it a recurring window has
    no dates. Raises DeadlineError for nonsense or when no deadline is found.
    """
    if not text.strip():
        return DeadlineWindow(DeadlineKind.UNSCHEDULED, None, None, "")
    found = _find(text)
    if found is None:
        raise DeadlineError(f"no deadline found in {text.strip()!r}")
    if found.kind is DeadlineKind.RECURRING and recurring_from is not None:
        first_cycle_end = _years_after(recurring_from, 1) - timedelta(days=1)
        return DeadlineWindow(found.kind, recurring_from, first_cycle_end, found.phrase)
    return DeadlineWindow(found.kind, found.start, found.end, found.phrase)


def find_deadline(text: str) -> str | None:
    """The governing deadline phrase inside a sentence, in its original case, or None.

    With several dated phrases, the one ending latest governs ("By March 2021 ...
    in 2021" is due at the end of 2021); ties go to the earliest in the sentence.
    Recurring and unscheduled markers only count when no dated phrase is present.
    Raises DeadlineError when the sentence holds a malformed deadline ("Q5 2021").
    """
    found = _find(text)
    return found.phrase if found else None


def current_cycle(window: DeadlineWindow, *, on: date) -> tuple[date, date] | None:
    """First and last day of the recurring cycle containing `on` (the first cycle
    if `on` is earlier); None unless the window recurs from a known anchor."""
    if window.kind is not DeadlineKind.RECURRING or window.start is None:
        return None
    cycles = max(0, on.year - window.start.year - 1)  # whole cycles certainly before `on`
    while _years_after(window.start, cycles + 1) <= on:
        cycles += 1
    cycle_start = _years_after(window.start, cycles)
    return cycle_start, _years_after(window.start, cycles + 1) - timedelta(days=1)


def next_due_date(window: DeadlineWindow, *, on_or_after: date) -> date | None:
    """The due date that applies on a day: the end of the current cycle for recurring
    windows, the window's end for dated and continuous ones, None if unscheduled."""
    match window.kind:
        case DeadlineKind.RECURRING:
            cycle = current_cycle(window, on=on_or_after)
            return cycle[1] if cycle else None
        case DeadlineKind.UNSCHEDULED:
            return None
        case _:
            return window.end


def describe_window(window: DeadlineWindow, *, on_or_after: date | None = None) -> str:
    """Short text for the page, e.g. "due 31 August 2021" or "no date set".

    Recurring windows show the due date of the cycle containing on_or_after
    (the first cycle when it is not given).
    """
    if window.kind is DeadlineKind.RECURRING:
        day = on_or_after or window.start
        due = next_due_date(window, on_or_after=day) if day else None
        return f"every year, next due {uk_date(due)}" if due else "every year, no date set"
    if window.kind is DeadlineKind.UNSCHEDULED or window.end is None:
        return "no date set"
    if window.kind is DeadlineKind.CONTINUOUS and window.start is not None:
        same_year = window.start.year == window.end.year
        first = f"{window.start.day} {MONTH_NAMES[window.start.month - 1]}"
        return (
            f"throughout {first if same_year else uk_date(window.start)} to {uk_date(window.end)}"
        )
    return f"due {uk_date(window.end)}"


# --- Reading phrases -------------------------------------------------------------

# Typographic look-alikes from word processors. Each maps to exactly one character,
# so positions in the normalised text are positions in the original too.
_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_FLAGS = re.IGNORECASE | re.VERBOSE

# Optional words before a period: "by", "in", "until", "during", "throughout",
# "(at) (the) end (of) (the)". "end of" does not move the due date: it is the end anyway.
_LEAD = r"""
    \b (?: (?P<lead> by | in | until | during | throughout ) \s+ )?
    (?P<end_of> (?: at \s+ )? (?: the \s+ )? end \s+ (?: of \s+ )? (?: the \s+ )? )?
"""
_MONTH = r"""
    (?P<month> jan(?:uary)? | feb(?:ruary)? | mar(?:ch)? | apr(?:il)? | may | june? | july?
             | aug(?:ust)? | sep(?:t(?:ember)?)? | oct(?:ober)? | nov(?:ember)? | dec(?:ember)? )
    \.? ,?
"""
_SEASON = r"(?P<season> spring | summer | autumn | fall | winter ) ,?"
# A year standing alone, so "2021" in "2021/22" or "2021-03-31" is not read as one.
_ONE_YEAR = r"(?P<year> \d{4} ) \b (?! [/.\-] \d )"
# "2021/22", "2021-22", "2021/2022"
_YEAR_PAIR = r"(?P<year> \d{4} ) \s* [/\-] \s* (?P<second> \d{4} | \d{2} ) \b (?! [/.\-] \d )"
_FINANCIAL_YEAR = r"(?: (?: the \s+ )? (?: financial \s+ year | FY ) \s* )?"

_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_PART_OF_YEAR = {"early": (1, 4), "mid": (5, 4), "late": (9, 4)}  # (first month, months)
_HALF_START = {"first": 1, "1st": 1, "second": 7, "2nd": 7}

_RECURRING = re.compile(r"\b (?: annual(?:ly)? | yearly | (?: each | every ) \s+ year ) \b", _FLAGS)
_UNSCHEDULED = re.compile(
    r"""\b (?: (?: in \s+ the \s+ )? coming \s+ months | ongoing | tbc | to \s+ be \s+ confirmed
             | as \s+ soon \s+ as \s+ possible | asap ) \b""",
    _FLAGS,
)


class _Unreadable(Exception):
    """What is wrong with a phrase; DeadlineError adds the quoted input."""


@dataclass(frozen=True)
class _Found:
    phrase: str
    kind: DeadlineKind
    start: date | None
    end: date | None


def _find(text: str) -> _Found | None:
    normalised = text.translate(_LOOKALIKES)
    try:
        _reject_malformed(normalised)
        dated = _dated_phrases(text, normalised)
    except _Unreadable as problem:
        raise DeadlineError(f"cannot read a deadline in {text.strip()!r}: {problem}") from None
    if dated:
        return max(dated, key=lambda found: found.end)  # the first of equals wins
    for pattern, kind in (
        (_RECURRING, DeadlineKind.RECURRING),
        (_UNSCHEDULED, DeadlineKind.UNSCHEDULED),
    ):
        if match := pattern.search(normalised):
            return _Found(text[match.start() : match.end()], kind, None, None)
    return None


def _dated_phrases(text: str, normalised: str) -> list[_Found]:
    """Every dated phrase, reading left to right and preferring the longest reading
    where patterns overlap ("winter 2021/22" is a season, not a financial year)."""
    matches = sorted(
        ((match, rule) for rule in _RULES for match in rule.pattern.finditer(normalised)),
        key=lambda pair: (pair[0].start(), -pair[0].end()),
    )
    found: list[_Found] = []
    read_up_to = 0
    for match, rule in matches:
        if match.start() < read_up_to:
            continue
        alone = not re.search(r"\w", normalised[: match.start()] + normalised[match.end() :])
        # A bare four-digit number is only a year after "by", "in"... or on its own,
        # and an implausible one there is a count ("in 1500 homes"), not a deadline.
        if rule.bare_year and not (match["lead"] or match["end_of"] or alone):
            continue
        try:
            start, end = rule.resolve(match)
        except _Unreadable:
            if rule.bare_year and not alone:
                continue
            raise
        lead = (match["lead"] or "").lower()
        kind = DeadlineKind.CONTINUOUS if lead == "throughout" else DeadlineKind.DATED
        found.append(_Found(text[match.start() : match.end()].strip(), kind, start, end))
        read_up_to = match.end()
    return found


# --- Malformed deadlines: reported, never skipped or guessed ---------------------

_KNOWN_BEFORE_YEAR = {"by", "in", "until", "during", "throughout", "end", "of", "the", "year", "fy"}
_KNOWN_BEFORE_YEAR |= set(_SEASON_START) | set(_PART_OF_YEAR)
_WORD_BEFORE_YEAR = (
    # "by Smarch 2021", "by the end of Smarch 2021"
    re.compile(
        r"""\b (?: (?: by | in | until | during | throughout ) \s+ | end \s+ (?: of \s+ )? )
            (?: (?: the \s+ )? end \s+ (?: of \s+ )? )? (?: the \s+ )?
            (?P<word> [a-z]+ ) \.? ,? \s+ \d{4} \b""",
        _FLAGS,
    ),
    # "Smarch 2021" on its own
    re.compile(r"^ \W* (?P<word> [a-z]+ ) \.? ,? \s+ \d{4} \W* $", _FLAGS),
)
_SHORT_OR_LONG_YEAR = (
    re.compile(
        r"\b (?: spring | summer | autumn | fall | winter | early | mid | late | Q\d+ )"
        r" (?: \s* - \s* | \s+ ) (?P<number> \d{1,3} | \d{5,} ) \b",
        _FLAGS,
    ),
    re.compile(r"\b" + _MONTH + r"\s+ (?P<number> \d{3} | \d{5,} ) \b", _FLAGS),
)
_TWO_YEARS = re.compile(r"\b (?P<first> \d{4} ) \s+ (?P<second> \d{4} ) \b", _FLAGS)
_DANGLING_END_OF = re.compile(r"\b end \s+ of (?: \s+ the )? \W* $", _FLAGS)


def _reject_malformed(normalised: str) -> None:
    for pattern in _WORD_BEFORE_YEAR:
        for match in pattern.finditer(normalised):
            word = match["word"]
            if word.lower() not in _KNOWN_BEFORE_YEAR and not re.fullmatch(_MONTH, word, _FLAGS):
                raise _Unreadable(f"no month called {word!r}")
    for pattern in _SHORT_OR_LONG_YEAR:
        if match := pattern.search(normalised):
            raise _Unreadable(f"{match['number']} is not a four-digit year")
    for match in _TWO_YEARS.finditer(normalised):
        if match["first"] != match["second"]:
            raise _Unreadable(
                f"{match['first']} and {match['second']} are two different years, not one period"
            )
    if _DANGLING_END_OF.search(normalised):
        raise _Unreadable("nothing follows 'end of'")


# --- Resolvers: a match to its first and last day ---------------------------------


def _year(digits: str) -> int:
    year = int(digits)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Unreadable(f"{digits} is not a plausible year ({FIRST_YEAR}–{LAST_YEAR})")
    return year


def _check_year_follows(match: re.Match[str], what: str) -> None:
    first, second = int(match["year"]), match["second"]
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        raise _Unreadable(
            f"{match['year']}/{second} is not {what}: the second year must follow the first"
        )


def _months(year: int, first_month: int, months: int) -> tuple[date, date]:
    """First day of first_month (13 is next January) to the last day of the period."""
    first_year, first_index = divmod(year * 12 + first_month - 1, 12)
    last_year, last_index = divmod(year * 12 + first_month - 1 + months - 1, 12)
    last_day = calendar.monthrange(last_year, last_index + 1)[1]
    return date(first_year, first_index + 1, 1), date(last_year, last_index + 1, last_day)


def _single_day(year: int, month: int, day: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise _Unreadable(f"there is no month {month}")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise _Unreadable(f"{MONTH_NAMES[month - 1]} {year} has no day {day}")
    return date(year, month, day), date(year, month, day)


def _month_number(name: str) -> int:
    return [m.lower()[:3] for m in MONTH_NAMES].index(name.lower()[:3]) + 1


def _resolve_numeric_date(match: re.Match[str]) -> tuple[date, date]:
    return _single_day(_year(match["year"]), int(match["month"]), int(match["day"]))


def _resolve_written_date(match: re.Match[str]) -> tuple[date, date]:
    return _single_day(_year(match["year"]), _month_number(match["month"]), int(match["day"]))


def _resolve_quarter(match: re.Match[str]) -> tuple[date, date]:
    quarter = int(match["quarter"])
    if not 1 <= quarter <= 4:
        raise _Unreadable(f"Q{match['quarter']} is not a quarter")
    year = _year(match["year"])
    if match["second"] is None:
        return _months(year, 1 + 3 * (quarter - 1), 3)
    _check_year_follows(match, "a financial year")
    return _months(year, 4 + 3 * (quarter - 1), 3)  # financial quarters start in April


def _resolve_financial_year(match: re.Match[str]) -> tuple[date, date]:
    year = _year(match["year"])
    _check_year_follows(match, "a financial year")
    return _months(year, 4, 12)


def _resolve_season(match: re.Match[str]) -> tuple[date, date]:
    season = match["season"].lower()
    year = _year(match["year"])
    if match["second"] is not None:
        if season != "winter":
            raise _Unreadable(f"{season} does not span two years; only winter does")
        _check_year_follows(match, "a winter")
    return _months(year, _SEASON_START[season], 3)


def _resolve_half(match: re.Match[str]) -> tuple[date, date]:
    return _months(_year(match["year"]), _HALF_START[match["half"].lower()], 6)


def _resolve_part_of_year(match: re.Match[str]) -> tuple[date, date]:
    first_month, months = _PART_OF_YEAR[match["part"].lower()]
    return _months(_year(match["year"]), first_month, months)


def _resolve_month(match: re.Match[str]) -> tuple[date, date]:
    return _months(_year(match["year"]), _month_number(match["month"]), 1)


def _resolve_year(match: re.Match[str]) -> tuple[date, date]:
    return _months(_year(match["year"]), 1, 12)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str]], tuple[date, date]]
    bare_year: bool = False


def _rule(pattern: str, resolve: Callable[[re.Match[str]], tuple[date, date]]) -> _Rule:
    return _Rule(re.compile(_LEAD + pattern, _FLAGS), resolve)


_RULES = (
    # 2022-03-31
    _rule(
        r"(?P<year> \d{4} ) - (?P<month> \d{1,2} ) - (?P<day> \d{1,2} ) \b", _resolve_numeric_date
    ),
    # 31/03/2022, 31.03.2022: day first
    _rule(
        r"(?P<day> \d{1,2} ) (?P<sep> [/.\-] ) (?P<month> \d{1,2} ) (?P=sep) (?P<year> \d{4} ) \b",
        _resolve_numeric_date,
    ),
    # 31 March 2022, 31st March 2022, 1st of April 2022
    _rule(
        r"(?P<day> \d{1,2} ) (?: st | nd | rd | th )? \s+ (?: of \s+ )?"
        + _MONTH
        + r"\s+"
        + _ONE_YEAR,
        _resolve_written_date,
    ),
    # Q3 2021 (calendar), Q1 2021/22 and Q1 of 2021-22 (financial)
    _rule(
        r"Q \s? (?P<quarter> \d+ ) \s+ (?: of \s+ )?"
        + _FINANCIAL_YEAR
        + r"""
        (?P<year> \d{4} ) (?: \s* [/\-] \s* (?P<second> \d{4} | \d{2} ) )? \b (?! [/.\-] \d )""",
        _resolve_quarter,
    ),
    # 2021/22, FY 2021/22, the financial year 2021-22
    _rule(_FINANCIAL_YEAR + _YEAR_PAIR, _resolve_financial_year),
    # summer 2021, winter 2021/22
    _rule(
        _SEASON
        + r"""\s+ (?P<year> \d{4} ) (?: \s* [/\-] \s* (?P<second> \d{4} | \d{2} ) )?
        \b (?! [/.\-] \d )""",
        _resolve_season,
    ),
    # first half of 2021
    _rule(
        r"(?: the \s+ )? (?P<half> first | 1st | second | 2nd ) \s+ half \s+ of \s+"
        r"(?: the \s+ )? (?: year \s+ )?" + _ONE_YEAR,
        _resolve_half,
    ),
    # early 2022, mid-2021, late 2021
    _rule(
        r"(?P<part> early | mid | late ) (?: \s* - \s* | \s+ )" + _ONE_YEAR, _resolve_part_of_year
    ),
    # March 2021, Sept 2021
    _rule(_MONTH + r"\s+" + _ONE_YEAR, _resolve_month),
    # by 2021, in 2021, 2021
    _Rule(re.compile(_LEAD + _ONE_YEAR, _FLAGS), _resolve_year, bare_year=True),
)


def _years_after(day: date, years: int) -> date:
    """The same date `years` later; 29 February rolls over to 1 March in a common year."""
    return date(day.year + years, day.month, 1) + timedelta(days=day.day - 1)
