"""Parquet partitions written while `analyze` streams: for runs too big to export at the end.

Why: on a corpus of hundreds of thousands of articles, a one-shot export holds every row in
memory; here per-article rows are flushed every PART_ROWS articles into
`DIR/<table>/part-<run>-<seq>.parquet`, a layout that DuckDB (`read_parquet('DIR/statements/*.parquet')`),
Spark and pyarrow.dataset read as one table. Cross-article tables (actors, events, claims,
relations) are rewritten whole at the end of the run, from the same contract as the JSON
export.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storylens.model import ArticleRecords, Story

__all__ = ["PART_ROWS", "ParquetPartitions"]

PART_ROWS = 1_000  # articles per part file: ~1-5 MB files, memory bounded by this many articles
PER_ARTICLE_TABLES = (
    "articles",
    "sentences",
    "mentions",
    "statements",
    "timexes",
    "event_mentions",
)
STORY_TABLES = ("actors", "events", "claims", "relations")


def _article_row(rec: ArticleRecords) -> dict[str, Any]:
    a = rec.article
    return {
        "id": a.id, "path": a.path, "outlet": a.outlet, "published": a.published,
        "title": a.title, "language": a.language, "analysed": a.analysed, "text": a.text,
        "boilerplate": json.dumps([[s.start, s.end] for s in a.boilerplate]),
    }  # fmt: skip


def _rows(rec: ArticleRecords) -> dict[str, list[dict[str, Any]]]:
    def flat(obj: object) -> dict[str, Any]:
        row = asdict(obj)  # type: ignore[call-overload]
        return {k: json.dumps(v) if isinstance(v, list | tuple) else v for k, v in row.items()}

    return {
        "articles": [_article_row(rec)],
        "sentences": [flat(s) for s in rec.sentences],
        "mentions": [flat(m) for m in rec.mentions],
        "statements": [flat(s) for s in rec.statements],
        "timexes": [flat(t) for t in rec.timexes],
        "event_mentions": [flat(e) for e in rec.event_mentions],
    }


class ParquetPartitions:
    """Collects per-article rows and writes a part file per table every PART_ROWS articles."""

    def __init__(self, directory: Path, run: int, *, part_rows: int = PART_ROWS) -> None:
        self.directory = Path(directory)
        self.run = run
        self.part_rows = part_rows
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._articles = 0
        self._seq = 0
        self.files: list[Path] = []

    def add(self, records: ArticleRecords) -> None:
        for table, rows in _rows(records).items():
            self._pending[table].extend(rows)
        self._articles += 1
        if self._articles >= self.part_rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._articles:
            return
        self._seq += 1
        for table in PER_ARTICLE_TABLES:
            rows = self._pending.get(table)
            if not rows:
                continue
            path = self.directory / table / f"part-{self.run:05d}-{self._seq:05d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows), path)
            self.files.append(path)
        self._pending.clear()
        self._articles = 0

    def write_story_tables(self, story: Story) -> None:
        """Flush what is pending, then rewrite the cross-article tables whole."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from storylens.export.tables import story_to_contract

        self.flush()
        contract = story_to_contract(story)
        for table in STORY_TABLES:
            rows = [
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in item.items()
                }
                for item in contract[table]
            ]
            folder = self.directory / table
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.parquet"):
                old.unlink()
            path = folder / "part-00000-00000.parquet"
            pq.write_table(pa.Table.from_pylist(rows), path)
            self.files.append(path)
