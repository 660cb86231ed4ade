"""Events across outlets (placeholder until issue #6 lands)."""

from __future__ import annotations

from collections.abc import Sequence

from storylens.model import ArticleRecords, Event

__all__ = ["resolve_events"]


def resolve_events(records: Sequence[ArticleRecords]) -> list[Event]:
    return []
