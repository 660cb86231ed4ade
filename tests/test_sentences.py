"""Sentence splitting (extract.entities.sentence_spans): spaCy's layout mistakes mended, table
driven (issue 14). Real spaCy model, no mocks."""

from __future__ import annotations

import pytest

from storylens.extract.entities import sentence_spans
from storylens.nlp import load_nlp


def _sentences(text: str) -> list[str]:
    doc = load_nlp()(text)
    return [text[s:e] for s, e in sentence_spans(doc)]


CASES = [
    # a middle initial is no sentence end (the demo's sentence; spaCy gets it right alone)
    (
        "The letter was written by Marine General William H. Seely III and sent on Monday.",
        ["The letter was written by Marine General William H. Seely III and sent on Monday."],
    ),
    # ... but a sentence ending in a name is still one
    (
        "It was sent by William H. Seely III. He is the commander.",
        ["It was sent by William H. Seely III.", "He is the commander."],
    ),
    # ... also across a line break of hard-wrapped copy, and after an abbreviated title
    (
        "The letter signed by William H.\nSeely III was a draft.",
        ["The letter signed by William H.\nSeely III was a draft."],
    ),
    (
        "Marine Brig. Gen. William H. Seely III wrote it.",
        ["Marine Brig. Gen. William H. Seely III wrote it."],
    ),
    (
        "Officials met George W. Bush in Texas. They left on Friday.",
        ["Officials met George W. Bush in Texas.", "They left on Friday."],
    ),
    # an abbreviation with inner periods is not an initial: spaCy's own split stands
    (
        "Troops left the U.S. base on Monday. The talks went on.",
        ["Troops left the U.S. base on Monday.", "The talks went on."],
    ),
    # a heading (short line, no final punctuation, blank line) stands alone
    (
        "Deliberately threatens\n\nA few days after the vote, the State Department spoke.",
        ["Deliberately threatens", "A few days after the vote, the State Department spoke."],
    ),
    (
        "They are no longer consultants\n\nThe Iraqis also consider the presence hostile.",
        ["They are no longer consultants", "The Iraqis also consider the presence hostile."],
    ),
    # a paragraph ending with punctuation is no heading
    (
        "The vote was held on Sunday.\n\nThe government said it would comply.",
        ["The vote was held on Sunday.", "The government said it would comply."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_long_unpunctuated_line_is_no_heading() -> None:
    """Only a short line is a heading: a long line before a blank line is left as spaCy
    splits it."""
    text = (
        "the officials who spoke on condition of anonymity said that the troops "
        "would stay for now\n\nThe talks went on."
    )
    doc = load_nlp()(text)
    assert _sentences(text) == [s.text.strip() for s in doc.sents if s.text.strip()]


MENDED = [
    "The letter signed by William H.\nSeely III was a draft.",
    "Marine Brig. Gen. William H. Seely III wrote it.",
    "Deliberately threatens\n\nA few days after the vote, the State Department spoke.",
]


@pytest.mark.parametrize("text", MENDED)
def test_spacy_alone_gets_these_wrong(text: str) -> None:
    """The cases above are mended ones: spaCy's own sentences differ (else they test nothing)."""
    doc = load_nlp()(text)
    assert [s.text.strip() for s in doc.sents if s.text.strip()] != _sentences(text)
