"""Run every cross-article step in order and gather a Story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storylens.model import Actor, ArticleRecords, Skipped, Statement, Story
from storylens.resolve.actors import Correction, resolve_actors
from storylens.resolve.claims import resolve_claims
from storylens.resolve.events import date_statements, infer_publication_dates, resolve_events
from storylens.resolve.sourcing import assign_channels, find_copies, independent_sources

__all__ = ["assign_speakers", "resolve_story"]


def assign_speakers(
    records: Sequence[ArticleRecords], actors: Sequence[Actor]
) -> list[ArticleRecords]:
    """Fill Statement.speaker_actor: the actor owning the mention the speaker refers to.

    Mentions are grouped by article first, so the cost is linear in mentions + statements.
    """
    spans_by_article: dict[str, list[tuple[int, int, str]]] = {}
    for actor in actors:
        for m in actor.mentions:
            spans_by_article.setdefault(m.article, []).append((m.start, m.end, actor.id))
    out = []
    for rec in records:
        spans = sorted(spans_by_article.get(rec.article.id, ()))
        new_statements: list[Statement] = []
        for st in rec.statements:
            actor_id = None
            if st.speaker_ref_start is not None and st.speaker_ref_end is not None:
                actor_id = _actor_at(spans, st.speaker_ref_start, st.speaker_ref_end)
            new_statements.append(replace(st, speaker_actor=actor_id))
        out.append(replace(rec, statements=tuple(new_statements)))
    return out


def _actor_at(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The actor whose mention overlaps [start, end) most."""
    best, best_overlap = None, 0
    for s, e, aid in spans:
        overlap = min(e, end) - max(s, start)
        if overlap > best_overlap:
            best, best_overlap = aid, overlap
    return best


def resolve_story(
    records: Sequence[ArticleRecords],
    *,
    skipped: Sequence[Skipped] = (),
    corrections: Sequence[Correction] = (),
    with_claims: bool = True,
) -> Story:
    """Resolve actors, speakers, events and claims across all articles of a story."""
    records = sorted(records, key=lambda r: r.article.id)
    actors = resolve_actors(records, corrections=corrections)
    records = assign_speakers(records, actors)
    records = date_statements(infer_publication_dates(records))  # issue 6: dates first
    events = resolve_events(records, actors)
    records = assign_channels(records, actors)  # issue 13: how each outlet knows
    copies = find_copies(records)
    claims, relations = resolve_claims(records, actors) if with_claims else ([], [])
    if claims:
        counts = independent_sources(
            {c.id: c.statements for c in claims},
            {s.id: s for r in records for s in r.statements},
            {r.article.id: r.article for r in records},
            copies,
        )
        claims = [replace(c, independent_sources=counts.get(c.id)) for c in claims]
    return Story(
        records=list(records),
        actors=list(actors),
        events=list(events),
        claims=list(claims),
        relations=list(relations),
        skipped=list(skipped),
        copies=copies,
    )
