"""Event mentions (placeholder until issue #6 lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.model import Article, EventMention, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["EVENTS_VERSION", "event_mentions_in"]

EVENTS_VERSION = "0"


def event_mentions_in(
    doc: Doc, article: Article, timexes: tuple[Timex, ...]
) -> tuple[EventMention, ...]:
    return ()
