"""Time expressions (placeholder until issue #6 lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.model import Article, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["TIMEX_VERSION", "timexes_in"]

TIMEX_VERSION = "0"


def timexes_in(doc: Doc, article: Article) -> tuple[Timex, ...]:
    return ()
