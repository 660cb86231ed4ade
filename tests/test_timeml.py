"""TimeML typing and values (DATE / TIME / DURATION / SET), spans, and news-convention anchoring."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.extract.timeml import NEAR_AHEAD_MONTHS, number, timeml_in, timeml_value
from storylens.extract.timex import Reference, future_context, normalise
from storylens.model import Article, article_id_for

DCT = Reference(dt.date(1998, 2, 13), "day")  # a Friday

CASES = [
    ("three days", "past", ("DURATION", "P3D")),
    ("the past three months", "past", ("DURATION", "P3M")),
    ("five-year", "past", ("DURATION", "P5Y")),
    ("two hours", "past", ("DURATION", "PT2H")),
    ("5 1/2 hours", "past", ("DURATION", "PT5H30M")),
    ("years", "past", ("DURATION", "PXY")),
    ("a few days", "past", ("DURATION", "PXD")),
    ("daily", "past", ("SET", "P1D")),
    ("every Monday", "past", ("SET", "XXXX-WXX-1")),
    ("each July", "past", ("SET", "XXXX-07")),
    ("now", "present", ("DATE", "PRESENT_REF")),
    ("recently", "past", ("DATE", "PAST_REF")),
    ("the future", "future", ("DATE", "FUTURE_REF")),
    ("today", "past", ("DATE", "1998-02-13")),
    ("yesterday", "past", ("DATE", "1998-02-12")),
    ("last week", "past", ("DATE", "1998-W06")),
    ("this week", "past", ("DATE", "1998-W07")),
    ("last year", "past", ("DATE", "1997")),
    ("two years ago", "past", ("DATE", "1996")),
    ("the fourth quarter", "past", ("DATE", "1997-Q4")),
    ("the first quarter", "past", ("DATE", "1998-Q1")),
    ("the third quarter of 1989", "past", ("DATE", "1989-Q3")),
    ("last fall", "past", ("DATE", "1997-FA")),
    ("the 1990s", "past", ("DATE", "199")),
    ("the 20th century", "past", ("DATE", "19")),
    ("nineteen ninety-six", "past", ("DATE", "1996")),
    ("June last year", "past", ("DATE", "1997-06")),
    ("Tuesday", "past", ("DATE", "1998-02-10")),
    ("Tuesday", "future", ("DATE", "1998-02-17")),
    ("last Friday", "past", ("DATE", "1998-02-06")),
    ("Friday", "past", ("DATE", "1998-02-13")),
    ("March", "future", ("DATE", "1998-03")),
    ("March", "past", ("DATE", "1998-03")),  # a month ahead: still to come
    ("May", "past", ("DATE", "1997-05")),
    ("10 p.m. Wednesday", "past", ("TIME", "1998-02-11T22:00")),
    ("this morning", "past", ("TIME", "1998-02-13TMO")),
    ("later this afternoon", "future", ("TIME", "1998-02-13TAF")),
    ("the year ended Sept. 30", "past", ("DATE", "1997")),
    ("Thanksgiving", "past", ("DATE", "1997-11-27")),
    ("Election Day", "future", ("DATE", "1998-11-03")),
    ("current", "present", ("DATE", "PRESENT_REF")),
]


@pytest.mark.parametrize(("text", "tense", "expected"), CASES)
def test_timeml_values(text: str, tense, expected) -> None:
    assert timeml_value(text, DCT, tense) == expected


def test_year_earlier_in_a_quarter_sentence_is_a_quarter() -> None:
    got = timeml_value("a year earlier", DCT, "past", context="profit in the quarter rose")
    assert got == ("DATE", "1997-Q4")


def test_unreadable_is_none() -> None:
    assert timeml_value("the blue horizon", DCT) is None


@given(
    st.dates(dt.date(1900, 1, 8), dt.date(2090, 12, 20)),
    st.integers(0, 6),
    st.sampled_from(["past", "present", "future"]),
)
def test_bare_weekday_is_within_six_days_in_the_tense_direction(
    d: dt.date, weekday: int, tense
) -> None:
    name = dt.date(2024, 1, 1 + weekday).strftime("%A")  # 2024-01-01 is a Monday
    _type, value = timeml_value(name, Reference(d, "day"), tense)
    got = dt.date.fromisoformat(value)
    assert got.weekday() == weekday
    delta = (got - d).days
    assert (0 <= delta <= 6) if tense == "future" else (-6 <= delta <= 0)


@given(st.dates(dt.date(1900, 1, 8), dt.date(2090, 12, 20)), st.integers(0, 6))
def test_last_weekday_is_one_to_seven_days_before(d: dt.date, weekday: int) -> None:
    name = dt.date(2024, 1, 1 + weekday).strftime("%A")
    got = dt.date.fromisoformat(timeml_value(f"last {name}", Reference(d, "day"), "past")[1])
    assert got.weekday() == weekday and 1 <= (d - got).days <= 7


@given(st.dates(dt.date(1900, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 30))
def test_days_ago_subtracts(d: dt.date, n: int) -> None:
    assert timeml_value(f"{n} days ago", Reference(d, "day"), "past") == (
        "DATE",
        (d - dt.timedelta(days=n)).isoformat(),
    )


@given(st.dates(dt.date(1900, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 12))
def test_year_less_month_in_the_past_is_at_most_two_months_ahead(d: dt.date, month: int) -> None:
    name = dt.date(2024, month, 1).strftime("%B")
    value = timeml_value(name, Reference(d, "day"), "past")[1]
    year, m = int(value[:4]), int(value[5:7])
    ahead = (year - d.year) * 12 + m - d.month
    assert m == month and -11 <= ahead <= NEAR_AHEAD_MONTHS


@given(st.integers(1, 99))
def test_numbers_in_words_and_digits(n: int) -> None:
    assert number(str(n)) == n


@pytest.mark.parametrize(
    ("words", "value"), [("twenty four", 24), ("ninety-nine", 99), ("a", 1), ("2 1/2", 2.5)]
)
def test_number_words(words: str, value: float) -> None:
    assert number(words) == value


@pytest.fixture(scope="module")
def nlp():
    from storylens.nlp import load_nlp

    return load_nlp()


def _found(nlp, text: str, published: str = "1998-02-13") -> dict[str, tuple[str, str | None]]:
    article = Article(article_id_for(text), "t.txt", text, published=published)
    return {t.text: (t.type, t.value) for t in timeml_in(nlp(text), article)}


def test_spans_drop_prepositions_and_split_ranges(nlp) -> None:
    found = _found(
        nlp, "He was arrested on Monday. He lived there between 1994 and 1997 for three years."
    )
    assert found["Monday"] == ("DATE", "1998-02-09")
    assert found["1994"] == ("DATE", "1994")
    assert found["1997"] == ("DATE", "1997")
    assert found["three years"] == ("DURATION", "P3Y")


def test_future_verb_reads_a_weekday_forward(nlp) -> None:
    found = _found(nlp, "The committee will vote on Tuesday. It met on Wednesday.")
    assert found["Tuesday"] == ("DATE", "1998-02-17")
    assert found["Wednesday"] == ("DATE", "1998-02-11")


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("The ministers will meet on Thursday", True),
        ("The vote is due to take place Friday", True),
        ("On Friday, the team will travel", True),
        ("The consulate said Thursday that he left", False),
        ("He said he will go. On Monday he left", False),
    ],
)
def test_future_context(text: str, future: bool) -> None:
    for day in ("Thursday", "Friday", "Monday"):
        if day in text:
            start = text.index(day)
            assert future_context(text, start, start + len(day)) is future


def test_records_path_reads_future_weekday_forward(nlp) -> None:
    from storylens.extract.timex import timexes_in

    text = "The crash happened on Wednesday. Investigators will meet on Thursday."
    article = Article(article_id_for(text), "t.txt", text, published="2020-01-09")
    got = {t.text: t.value for t in timexes_in(nlp(text), article)}
    assert got["Wednesday"] == "2020-01-08"
    assert got["Thursday"] == "2020-01-09"  # publication day itself, not a week before
    assert normalise("Thursday", "2020-01-10") == ("2020-01-09", "day", "publication")


def test_an_unreadable_entity_gives_its_readable_parts(nlp) -> None:
    """spaCy's DATE entity takes a word too many ('the day Friday', 'Friday to December',
    'April month'); the parts the normaliser reads are kept with their values, and a part
    never changes the whole's type ('a week' is no part of 'a week or so ago')."""
    found = _found(
        nlp,
        "Talks ended the day Friday. The vote is set for April 24 and 25. "
        "He arrived a week or so ago.",
    )
    assert found["Friday"] == ("DATE", "1998-02-13")
    assert found["April 24"] == ("DATE", "1998-04-24")
    assert found["a week or so ago"] == ("DATE", "1998-W06")
    assert not any(k in found for k in ("the day Friday", "April 24 and 25", "a week"))
