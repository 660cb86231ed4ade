"""Time expressions: parsing, anchoring on the publication date and on events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.extract.timex import (
    Reference,
    anchor_spec,
    inferred_reference,
    last_weekday,
    normalise,
    parse_timex,
    timexes_in,
)
from storylens.model import Article, article_id_for

# (expression, publication date) -> (value, precision, anchor)
CASES = [
    # absolute, year given
    ("December 29, 2014", None, ("2014-12-29", "day", "absolute")),
    ("September 2021", None, ("2021-09", "month", "absolute")),
    ("early January 2020", None, ("2020-01", "month", "absolute")),
    ("at the end of 2011", "2023-12-14", ("2011", "year", "absolute")),
    ("in 2014", "2020-01-06", ("2014", "year", "absolute")),
    ("the year 2022", "2023-12-14", ("2022", "year", "absolute")),
    ("until November 2020", None, ("2020-11", "month", "absolute")),
    ("Thursday, December 14, 2023", None, ("2023-12-14", "day", "absolute")),
    ("2020-01-06", None, ("2020-01-06", "day", "absolute")),
    ("3 March 2019", None, ("2019-03-03", "day", "absolute")),
    # year missing: from the publication date, with rollover
    ("November 21", "2023-12-14", ("2023-11-21", "day", "publication")),
    ("January 3", "2020-01-06", ("2020-01-03", "day", "publication")),
    ("On January 5", "2020-01-20", ("2020-01-05", "day", "publication")),
    ("the night of January 3", "2020-01-10", ("2020-01-03", "day", "publication")),
    ("December 30", "2020-01-06", ("2019-12-30", "day", "publication")),
    ("in November", "2020-01-06", ("2019-11", "month", "publication")),
    ("March", "2020-03-31", ("2020-03", "month", "publication")),
    ("January 3", None, (None, None, "unresolved")),
    # relative to the publication date
    ("last Friday", "2020-01-06", ("2020-01-03", "day", "publication")),
    ("last Monday", "2020-01-06", ("2019-12-30", "day", "publication")),
    ("Monday", "2020-01-06", ("2020-01-06", "day", "publication")),
    ("on Sunday", "2020-01-06", ("2020-01-05", "day", "publication")),
    ("Sunday's", "2020-01-06", ("2020-01-05", "day", "publication")),
    ("next Monday", "2020-01-06", ("2020-01-13", "day", "publication")),
    ("yesterday", "2020-03-01", ("2020-02-29", "day", "publication")),
    ("two weeks ago", "2023-12-14", ("2023-11-30", "day", "publication")),
    ("about a year ago", "2023-12-14", ("2022", "year", "publication")),
    ("three months ago", "2020-02-10", ("2019-11", "month", "publication")),
    ("last October", "2023-12-14", ("2023-10", "month", "publication")),
    ("last October", "2023-10-02", ("2022-10", "month", "publication")),
    # "this September" is the reference year's September, not the nearest one before it
    ("this September", "1998-02-05", ("1998-09", "month", "publication")),
    ("September", "1998-02-05", ("1997-09", "month", "publication")),
    ("earlier this week", "2020-01-15", ("2020-01", "month", "publication")),
    ("last year", "2020-01-06", ("2019", "year", "publication")),
    ("the beginning of the year", "2022-02-01", ("2022", "year", "publication")),
    ("last Friday", "2020-01", (None, None, "unresolved")),
    ("last Friday", None, (None, None, "unresolved")),
    ("last year", "2020-01", ("2019", "year", "publication")),
    # not a point in time
    ("two hours", "2020-01-06", (None, None, "unresolved")),
    ("the coming weeks", "2020-01-06", (None, None, "unresolved")),
    ("two or three years", "2020-01-06", (None, None, "unresolved")),
    # a relative date whose anchor is an event is anchored by anchor_timexes, not here
    ("a week after the attack", "2020-01-20", (None, None, "unresolved")),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_normalise(text: str, published: str | None, expected: tuple) -> None:
    assert normalise(text, published) == expected


@pytest.mark.parametrize(
    ("text", "amount", "unit", "vague"),
    [
        ("The day before", -1, "day", False),
        ("The day after the adoption of the resolution", 1, "day", False),
        ("only a week after the attack", 1, "week", False),
        ("a couple of days after Trump's statement", 2, "day", True),
        ("A few days after", 3, "day", True),
        ("two days later", 2, "day", False),
        ("three weeks earlier", -3, "week", False),
    ],
)
def test_event_relative_parse(text: str, amount: int, unit: str, vague: bool) -> None:
    spec = parse_timex(text)
    assert spec is not None and spec.kind == "event"
    assert (spec.amount, spec.unit, spec.vague) == (amount, unit, vague)


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("published", ["2020-01-06", "2020-01-10", "2023-12-14", "2024-03-03"])
def test_last_weekday_table(weekday: int, published: str) -> None:
    value, precision, _ = normalise(f"last {WEEKDAY_NAMES[weekday]}", published)
    date = dt.date.fromisoformat(value or "")
    back = (dt.date.fromisoformat(published) - date).days
    assert precision == "day" and date.weekday() == weekday and 1 <= back <= 7


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 6))
def test_last_weekday_property(published: dt.date, weekday: int) -> None:
    value, _, anchor = normalise(f"last {WEEKDAY_NAMES[weekday]}", published.isoformat())
    date = dt.date.fromisoformat(value or "")
    assert anchor == "publication"
    assert date.weekday() == weekday
    assert 1 <= (published - date).days <= 7
    assert last_weekday(published, weekday) == date


@given(st.dates(min_value=dt.date(1900, 2, 1), max_value=dt.date(2100, 12, 31)), st.integers(1, 12))
def test_year_less_month_never_after_publication_month(published: dt.date, month: int) -> None:
    spec = parse_timex(dt.date(2000, month, 1).strftime("%B"))
    value, precision, _ = anchor_spec(spec, Reference(published, "day"))
    assert precision == "month"
    assert value is not None and value <= published.isoformat()[:7]


@given(
    st.text(max_size=60),
    st.one_of(st.none(), st.dates().map(dt.date.isoformat), st.text(max_size=12)),
)
def test_normaliser_never_raises(text: str, published: str | None) -> None:
    value, precision, anchor = normalise(text, published)
    assert (value is None) == (precision is None)
    assert anchor in ("absolute", "publication", "event", "unresolved")


def test_inferred_reference_uses_latest_year_and_day() -> None:
    specs = [parse_timex(t) for t in ("January 5", "November 2020", "January 15", "last Friday")]
    ref, year = inferred_reference(specs)
    assert year == 2020
    assert ref == Reference(dt.date(2020, 1, 15), "day", inferred=True)
    assert inferred_reference([parse_timex("last Friday")]) == (None, None)


# --- on parsed text -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from storylens.nlp import load_nlp

    return load_nlp()


def _timexes(nlp, text: str, published: str | None) -> dict[str, tuple]:
    article = Article(id=article_id_for(text), path="t.txt", text=text, published=published)
    return {t.text: (t.value, t.precision, t.anchor) for t in timexes_in(nlp(text), article)}


def test_day_before_is_anchored_on_the_previous_day(nlp) -> None:
    text = (
        "The letter, written Monday by a Marine general, was quickly disowned. "
        "The day before, the Iraqi parliament voted to expel the United States."
    )
    found = _timexes(nlp, text, "2020-01-06")
    assert found["Monday"] == ("2020-01-06", "day", "publication")
    assert found["The day before"] == ("2020-01-05", "day", "event")


def test_event_named_picks_the_matching_earlier_date(nlp) -> None:
    text = (
        "The United States launched a missile strike on the night of January 3. The attack killed "
        "a general. On January 5, the parliament voted to withdraw foreign troops. Trump responded "
        "to criticism only a week after the attack."
    )
    found = _timexes(nlp, text, "2020-01-20")
    assert found["the night of January 3"] == ("2020-01-03", "day", "publication")
    assert found["only a week after the attack"] == ("2020-01-10", "day", "event")


def test_undated_article_takes_a_year_but_no_reference_day(nlp) -> None:
    """The latest day an undated article reports is a lower bound of its date, not its date:
    relatives stay unresolved until the resolve stage finds evidence (issue 17)."""
    text = (
        "On January 5, the Iraqi parliament voted. Earlier this week, a spokesman spoke. "
        "Until November 2020, no dialogue is likely. On January 15, the president announced a plan."
    )
    found = _timexes(nlp, text, None)
    assert found["January 5"] == ("2020-01-05", "day", "publication")
    assert found["Earlier this week"] == (None, None, "unresolved")


def test_no_date_no_year_stays_unresolved(nlp) -> None:
    found = _timexes(nlp, "The strike happened last Friday, officials said.", None)
    assert found == {"last Friday": (None, None, "unresolved")}


@pytest.mark.parametrize(
    "text",
    [
        "The talks lasted two hours and ended without a deal.",
        "Officials expect the decision in the coming weeks.",
        "He served for two or three years in Baghdad.",
    ],
)
def test_durations_are_not_timexes(nlp, text: str) -> None:
    assert _timexes(nlp, text, "2020-01-06") == {}
