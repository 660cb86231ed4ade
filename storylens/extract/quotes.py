"""Pair quote marks into quoted spans, tolerating the marks real (translated) news text has.

Why not textacy's `direct_quotations`: it raises on an odd number of quote marks, and two of
the five demo articles have one. Machine translation mixes straight and curly marks, reverses
them (`” The American raid is an assault “`), puts a space before a closing mark
(`... Withdrawal from Iraq. "`) or drops the closing mark altogether.

The pairer is one left-to-right pass per paragraph with one open/closed state:

1. Each mark gets a role from its character and its neighbours: `opens` (word starts right
   after it), `closes` (word ends right before it) or `either` (spaces on both sides, a line
   edge, a reversed curly mark). Curly marks keep their usual role when the neighbours agree
   with it or say nothing.
2. Closed state: an `opens`/`either` mark opens a quote; a stray `closes` is dropped.
   Open state: a `closes`/`either` mark, or any closing-shaped mark (`”he said`), closes it;
   another `opens` mark inside an open quote is a nested or broken mark, kept as content.
3. A quote still open at a paragraph break ends there, so one lost mark never swallows the
   rest of the article. A quote running over paragraphs (newspaper convention: each paragraph
   reopens with a mark) thus comes out as one piece per paragraph; statements.py attributes
   a piece with no cue of its own to the speaker of the piece before it.

Two ASCII apostrophes (`''This isn't reform,'' he said`, the New York Times archive's
convention) are one double mark: `open_mark` is its first character, `close_mark` its last,
so `close_mark + 1` is still the end of the quoted region.

Content spans exclude the marks and surrounding whitespace; empty quotes are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["QUOTE_MARKS", "Quote", "quote_spans"]

# Double quote marks only: single marks are too often apostrophes (Iraq’s, it’s) to pair.
QUOTE_MARKS = frozenset('"“”„«»‟')
_OPENING = frozenset("“„«‟")
_CLOSING = frozenset("”»")
# Two ASCII apostrophes used as one double quote mark.
DOUBLED_APOSTROPHE = "''"

Role = Literal["opens", "closes", "either"]


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted span: `start`/`end` bound the content (marks excluded, whitespace trimmed);
    `open_mark`/`close_mark` are the mark offsets (close_mark None when the quote was cut at a
    paragraph break or the end of the text)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None


def _role(text: str, i: int, width: int = 1) -> Role:
    """What the mark text[i : i + width] can do, judged by the characters beside it."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    space_before = before.isspace() or before in "([{—–-"
    space_after = after.isspace() or after in ".,;:!?)]}—–-"
    if space_before and not space_after:
        return "opens"
    if space_after and not space_before:
        return "closes"
    if not space_before and not space_after:
        # glued on both sides (`”he said`, `word"word`): trust a curly mark's shape
        if ch in _OPENING:
            return "opens"
        if ch in _CLOSING:
            return "closes"
    return "either"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_spans(text: str) -> list[Quote]:
    """Every quoted span in `text`, in order; never raises, whatever the marks."""
    quotes: list[Quote] = []
    open_at: int | None = None
    open_width = 1

    def emit(close_at: int | None, content_end: int) -> None:
        assert open_at is not None
        start, end = _trimmed(text, open_at + open_width, content_end)
        if end > start:
            quotes.append(Quote(start, end, open_at, close_at))

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # a quote never runs over a paragraph break: a multi-paragraph quote reopens
            # with a mark at the next paragraph, and that mark opens a new piece there
            emit(None, i)
            open_at = None
        elif ch in QUOTE_MARKS or text.startswith(DOUBLED_APOSTROPHE, i):
            width = 1 if ch in QUOTE_MARKS else len(DOUBLED_APOSTROPHE)
            role = _role(text, i, width)
            if open_at is None:
                if role != "closes":
                    open_at, open_width = i, width
            elif role != "opens" or ch in _CLOSING:
                # a closing-shaped mark closes even when glued to the next word (`”he said`)
                emit(i + width - 1, i)
                open_at = None
            i += width
            continue
        i += 1
    if open_at is not None:
        emit(None, n)
    return quotes
