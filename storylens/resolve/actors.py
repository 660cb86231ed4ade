"""Actors (placeholder until issue #8 lands: exact-string grouping, the eval baseline)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storylens.model import Actor, ArticleRecords, Mention

__all__ = ["ACTOR_LABELS", "ACTORS_VERSION", "Correction", "resolve_actors"]

ACTORS_VERSION = "0"
ACTOR_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction that survives re-analysis: merge A B, split A NAME, rename A NAME."""

    action: Literal["merge", "split", "rename"]
    target: str
    value: str


def actor_id_for(name: str, label: str) -> str:
    return "a_" + hashlib.sha1(f"{label}:{name}".encode()).hexdigest()[:10]


def resolve_actors(
    records: Sequence[ArticleRecords], *, corrections: Sequence[Correction] = ()
) -> list[Actor]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for rec in records:
        for m in rec.mentions:
            if m.label in ACTOR_LABELS:
                groups[(m.text, m.label)].append(m)
    return [
        Actor(id=actor_id_for(name, label), name=name, type=label, aliases=(name,), mentions=tuple(ms))
        for (name, label), ms in sorted(groups.items())
    ]
