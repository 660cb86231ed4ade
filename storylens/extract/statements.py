"""Who said what (placeholder until issue #2 lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.model import Article, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["STATEMENTS_VERSION", "statements_in"]

STATEMENTS_VERSION = "0"


def statements_in(doc: Doc, article: Article) -> tuple[Statement, ...]:
    return ()
