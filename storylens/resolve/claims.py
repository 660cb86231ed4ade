"""Claims and relations (placeholder until issue #3 lands)."""

from __future__ import annotations

from collections.abc import Sequence

from storylens.model import ArticleRecords, Claim, Relation

__all__ = ["resolve_claims"]


def resolve_claims(records: Sequence[ArticleRecords]) -> tuple[list[Claim], list[Relation]]:
    return [], []
