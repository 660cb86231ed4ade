"""Quote-mark pairing: table of real and adversarial mark patterns, plus a property test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.extract.quotes import quote_spans


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # straight, curly
        ('He said "we stay." Then left.', ["we stay."]),
        ("“At present, we stay,” he said.", ["At present, we stay,"]),
        # reversed curly marks in a headline (demo 002)
        (
            "” The American raid is an assault “\n\nIraqi Prime Minister",
            ["The American raid is an assault"],
        ),
        # space before the closing mark (demo 000)
        ('believes that "Trump wants out. "\n\nRoche told', ["Trump wants out."]),
        # closing mark glued to the next word (demo 003)
        ("“I believe no one would like this, ”he said.", ["I believe no one would like this,"]),
        # quote split by the cue
        (
            '"It is poorly worded," said Miley. "It is not happening."',
            ["It is poorly worded,", "It is not happening."],
        ),
        # mixed straight and curly marks
        ('He said "we stay” and left.', ["we stay"]),
        # missing closing mark: cut at the paragraph break, the next paragraph is untouched
        ("She said “we stay.\n\nNext paragraph “quoted” here.", ["we stay.", "quoted"]),
        # a stray closing mark opens nothing
        ("word” and more", []),
        # odd count (textacy refuses this): still pairs what it can
        ('"a" "b" "c', ["a", "b", "c"]),
        # empty quotes are dropped
        ('said "" here', []),
        # two apostrophes are one double mark (the NYT archive's convention); single
        # apostrophes stay apostrophes
        (
            "''It isn't reform,'' said Mr. Cole. Using it ''is a misguided approach,'' he said.",
            ["It isn't reform,", "is a misguided approach,"],
        ),
        ("It's the party's 'plan', Iraq's view.", []),
        ("", []),
    ],
)
def test_pairing(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


QUOTEY = st.text(alphabet=st.sampled_from(list("ab .,\n\"“”„«»'’")), max_size=80)


@given(QUOTEY)
def test_pairer_never_raises_and_spans_are_sane(text: str) -> None:
    spans = quote_spans(text)
    last_end = -1
    for q in spans:
        assert 0 <= q.open_mark < q.start < q.end <= len(text)
        assert q.close_mark is None or q.end <= q.close_mark < len(text)
        assert q.open_mark >= last_end  # in text order, never overlapping
        assert text[q.start : q.end] == text[q.start : q.end].strip()
        assert "\n" not in text[q.start : q.end]
        last_end = q.end


@given(st.text(max_size=200))
def test_pairer_on_any_text(text: str) -> None:
    for q in quote_spans(text):
        assert 0 <= q.start < q.end <= len(text)
