"""`analyze`: from inputs to a stored, resolved story. The library call behind the CLI.

Steps: ingest (stream) -> skip articles already stored by the same extractor versions ->
extract (engine) -> store each article in its own transaction -> resolve across all stored
articles (with the user's corrections) -> store the resolution in one transaction.

A run killed at any point leaves a consistent database; running the same command again
completes it (stored articles are skipped, resolution is redone).

One writer at a time: the whole run holds the database's writer lock (storylens.lock), so a
second analyze (or an actor correction) waits for it, or refuses at once with `wait=False`.
The resolution reads the extract-stage records and writes its result in one transaction, so
it can never delete what it did not read. Resolution starts from the stored extract-stage
records (storylens.codec), never from an earlier resolution: the same inputs give the same
database however often, and in whatever order, they are analysed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storylens.engine import Engine, extract_stream
from storylens.export.partitions import ParquetPartitions
from storylens.extract import EXTRACTOR_VERSIONS
from storylens.ingest.sources import IngestOptions, read_inputs
from storylens.lock import writer_lock
from storylens.model import Article, ArticleRecords, Skipped, Story
from storylens.resolve import resolve_story
from storylens.resolve.embeddings import (
    attach_statement_vectors,
    known_vectors,
    statement_vector_cache,
)
from storylens.store import Store

__all__ = ["AnalyzeResult", "analyze", "resolve_stored"]


@dataclass(slots=True)
class AnalyzeResult:
    """What one analyze run did: the summary the CLI prints (and --json emits)."""

    database: str
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    not_analysed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    story: Story | None = None

    @property
    def analysed_any(self) -> bool:
        """True when the store holds at least one analysed article after this run."""
        return self.story is not None and any(a.analysed for a in self.story.articles)

    def summary(self) -> dict[str, object]:
        story = self.story or Story()
        return {
            "database": self.database,
            "articles_added": len(self.added),
            "articles_unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "not_analysed": [{"path": p, "reason": r} for p, r in self.not_analysed],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "articles": len(story.articles),
            "outlets": sorted({a.outlet for a in story.articles if a.outlet}),
            "actors": len(story.actors),
            "statements": len(story.statements()),
            "timexes": sum(len(r.timexes) for r in story.records),
            "events": len(story.events),
            "claims": len(story.claims),
            "contradictions": sum(1 for r in story.relations if r.type == "contradict"),
        }


def analyze(
    inputs: Sequence[str | Path],
    db: str | Path,
    *,
    options: IngestOptions | None = None,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    with_claims: bool = True,
    parquet_dir: str | Path | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_article: Callable[[ArticleRecords], None] | None = None,
    command: str = "analyze",
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> AnalyzeResult:
    """Analyse inputs into the story database at `db`; see the module docstring.

    wait=False: raise storylens.lock.DatabaseBusy at once if another process is writing the
    database; otherwise wait for it, telling `on_wait` once with a line for the user.
    """
    with writer_lock(db, wait=wait, on_wait=on_wait), Store(db) as store:
        run = store.begin_run(command)
        try:
            result = _analyze_locked(
                store, run, inputs, options, engine, workers, scheduler, with_claims,
                parquet_dir, on_skip, on_article,
            )  # fmt: skip
        except BaseException as exc:
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            store.finish_run(run, status=status, added=0, unchanged=0, skipped=0)
            raise
    return result


def _analyze_locked(
    store: Store,
    run: int,
    inputs: Sequence[str | Path],
    options: IngestOptions | None,
    engine: Engine,
    workers: int,
    scheduler: str | None,
    with_claims: bool,
    parquet_dir: str | Path | None,
    on_skip: Callable[[Skipped], None] | None,
    on_article: Callable[[ArticleRecords], None] | None,
) -> AnalyzeResult:
    result = AnalyzeResult(database=str(store.path))
    versions = json.dumps(dict(EXTRACTOR_VERSIONS), sort_keys=True)
    partitions = ParquetPartitions(Path(parquet_dir), run) if parquet_dir else None
    stored = store.stored_versions()
    seen: set[str] = set()

    def pending() -> Iterator[Article]:
        for item in read_inputs(inputs, options):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                store.write_skipped(item, run)
                if on_skip:
                    on_skip(item)
                continue
            if item.id in seen:
                result.duplicates += 1
                continue
            seen.add(item.id)
            if stored.get(item.id) == versions:
                result.unchanged += 1
                continue
            yield item

    stream = extract_stream(
        pending(), engine=engine, workers=workers, scheduler=scheduler, embed=with_claims
    )
    for records in stream:
        store.write_records(records, run)
        if partitions:
            partitions.add(records)
        result.added.append(records.article.id)
        if not records.article.analysed:
            result.not_analysed.append((records.article.path, records.article.note or ""))
        if on_article:
            on_article(records)
    result.story = resolve_stored(store, with_claims=with_claims)
    if partitions:
        partitions.write_story_tables(result.story)
    store.finish_run(
        run,
        status="ok",
        added=len(result.added),
        unchanged=result.unchanged,
        skipped=len(result.skipped),
    )
    return result


def resolve_stored(store: Store, *, with_claims: bool = True) -> Story:
    """Resolve every stored article again (with the stored corrections) and store the result.

    Holds the writer lock (re-entrant: analyze already holds it) and reads and writes in one
    transaction. with_claims=False keeps the claims already stored instead of erasing them.
    """
    with writer_lock(store.path), store.transaction() as conn:
        records = store.load_extracted()
        if with_claims:  # vectors missing (stored by a --no-claims run): made as extract would
            records = attach_statement_vectors(records)
        with known_vectors(statement_vector_cache(records)):
            story = resolve_story(records, corrections=store.corrections(), with_claims=with_claims)
        store.write_resolution_in(conn, story, keep_claims=not with_claims)
    return store.load_story()


def count_inputs(inputs: Iterable[str | Path]) -> int:
    """Number of files the inputs expand to (for a progress bar's total)."""
    from storylens.ingest.sources import expand_inputs

    return sum(1 for x in expand_inputs(inputs) if not isinstance(x, Skipped))
