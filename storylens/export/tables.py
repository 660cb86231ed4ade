"""Story -> the export contract (version 1, DESIGN.md) and the tabular formats built on it.

Why one dict builder: JSON, JSON Lines, CSV and Parquet all come from `story_to_contract`, so
the formats cannot drift apart. Fields may be added but never renamed or removed without
bumping CONTRACT_VERSION (the JSON Schema in contract_v1.schema.json is tested against the
demo export).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storylens.model import Story

__all__ = [
    "CONTRACT_VERSION",
    "FORMATS",
    "SCHEMA_PATH",
    "TABLES",
    "export_story",
    "export_table",
    "story_to_contract",
]

CONTRACT_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("contract_v1.schema.json")
TABLES = (
    "articles", "actors", "statements", "timexes", "events", "claims", "relations", "copies",
)  # fmt: skip


def story_to_contract(story: Story) -> dict[str, Any]:
    """The export contract v1 as plain JSON-able data."""
    articles = [
        {
            "id": a.id,
            "path": a.path,
            "outlet": a.outlet,
            "published": a.published,
            "title": a.title,
            "language": a.language,
            "text": a.text,
            "boilerplate": [{"start": s.start, "end": s.end} for s in a.boilerplate],
            # additions (allowed by the contract): where metadata came from, analysed or not
            "outlet_source": a.outlet_source,
            "published_source": a.published_source,
            "url": a.url,
            "analysed": a.analysed,
            "note": a.note,
        }
        for a in story.articles
    ]
    actors = [
        {
            "id": x.id,
            "name": x.name,
            "type": x.type,
            "aliases": list(x.aliases),
            "role": x.role,
            "mentions": [
                {"article": m.article, "start": m.start, "end": m.end, "text": m.text}
                for m in x.mentions
            ],
        }
        for x in story.actors
    ]
    statements = [
        {
            "id": s.id,
            "article": s.article,
            "speaker": s.speaker_actor,
            "speaker_text": s.speaker_text,
            "cue": s.cue,
            "content": s.content,
            "start": s.start,
            "end": s.end,
            "kind": s.kind,
            "score": s.score,
            "date": s.date,
            # issue 13: how the outlet knows it, and the words that show it
            "channel": s.channel,
            "channel_source": s.channel_source,
            "channel_start": s.channel_start,
            "channel_end": s.channel_end,
        }
        for s in story.statements()
    ]
    # Timex's fields are the contract's fields, in the same order.
    timexes = [asdict(t) for r in story.records for t in r.timexes]
    events = [
        {
            "id": e.id,
            "description": e.description,
            "date": e.date,
            "date_precision": e.date_precision,
            "mentions": [
                {
                    "article": m.article,
                    "start": m.timex_start if m.timex_start is not None else m.start,
                    "end": m.timex_end if m.timex_end is not None else m.end,
                    "text": m.text,
                    "sentence_start": m.start,
                    "sentence_end": m.end,
                    "trigger": m.trigger,
                    "date": m.date,
                }
                for m in e.mentions
            ],
        }
        for e in story.events
    ]
    claims = [
        {
            "id": c.id,
            "text": c.text,
            "statements": list(c.statements),
            "articles": list(c.articles),
            "independent_sources": c.independent_sources,
        }
        for c in story.claims
    ]
    copies = [asdict(p) for p in story.copies]
    relations = [
        {"a": r.a, "b": r.b, "type": r.type, "score": r.score, "why": r.why}
        for r in story.relations
    ]
    return {
        "version": CONTRACT_VERSION,
        "articles": articles,
        "actors": actors,
        "statements": statements,
        "timexes": timexes,
        "events": events,
        "claims": claims,
        "relations": relations,
        "copies": copies,
    }


def _flat_rows(contract: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """Rows for tabular formats: nested lists become JSON strings, one row per record."""
    rows = []
    for item in contract[table]:
        row = {}
        for key, value in item.items():
            row[key] = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
            )
        rows.append(row)
    return rows


def _write_json(contract: dict[str, Any], out: Path) -> list[Path]:
    out.write_text(json.dumps(contract, ensure_ascii=False, indent=1), encoding="utf-8")
    return [out]


def _write_jsonl(contract: dict[str, Any], out: Path) -> list[Path]:
    """One record a line, each tagged with its table: {"table": "statements", ...}."""
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"table": "meta", "version": contract["version"]}) + "\n")
        for table in TABLES:
            for item in contract[table]:
                fh.write(json.dumps({"table": table, **item}, ensure_ascii=False) + "\n")
    return [out]


def _write_csv(contract: dict[str, Any], out: Path) -> list[Path]:
    """A folder with one CSV per table (nested fields as JSON text)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        rows = _flat_rows(contract, table)
        path = out / f"{table}.csv"
        fields = list(rows[0]) if rows else []
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def _write_parquet(contract: dict[str, Any], out: Path) -> list[Path]:
    """A folder with one Parquet file per table (readable by DuckDB, Spark, pandas)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        rows = _flat_rows(contract, table)
        path = out / f"{table}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
        written.append(path)
    return written


def _write_graphml(story: Story, out: Path) -> list[Path]:
    from storylens.export.graph import write_graphml

    write_graphml(story, out)
    return [out]


def _write_ftm(story: Story, out: Path) -> list[Path]:
    from storylens.export.ftm import write_ftm

    write_ftm(story, out)
    return [out]


_CONTRACT_WRITERS: dict[str, Callable[[dict[str, Any], Path], list[Path]]] = {
    "json": _write_json,
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "parquet": _write_parquet,
}
_STORY_WRITERS: dict[str, Callable[[Story, Path], list[Path]]] = {
    "graphml": _write_graphml,
    "ftm": _write_ftm,
}
FORMATS = (*_CONTRACT_WRITERS, *_STORY_WRITERS)


def export_table(story: Story, fmt: str, table: str, out: Path) -> list[Path]:
    """One table of the contract as one CSV or Parquet file (nested fields as JSON text)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    rows = _flat_rows(story_to_contract(story), table)
    if fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            writer.writerows(rows)
        return [out]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), out)
        return [out]
    raise ValueError(f"--table is for csv and parquet, not {fmt!r}")


def export_story(story: Story, fmt: str, out: Path) -> list[Path]:
    """Write the story in one format; returns the files written."""
    if fmt in _CONTRACT_WRITERS:
        return _CONTRACT_WRITERS[fmt](story_to_contract(story), out)
    if fmt in _STORY_WRITERS:
        return _STORY_WRITERS[fmt](story, out)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
