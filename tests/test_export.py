"""Exports: contract v1 JSON validates against the schema; the other formats carry the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from storylens.export import export_story, story_to_contract
from storylens.export.tables import SCHEMA_PATH, TABLES


def test_demo_export_validates_against_contract_schema(demo_story) -> None:
    contract = story_to_contract(demo_story)
    jsonschema.validate(contract, json.loads(SCHEMA_PATH.read_text()))
    assert contract["version"] == 1
    assert len(contract["articles"]) == 5


def test_offsets_index_the_article_text(demo_story) -> None:
    contract = story_to_contract(demo_story)
    text = {a["id"]: a["text"] for a in contract["articles"]}
    for s in contract["statements"]:
        assert text[s["article"]][s["start"] : s["end"]] == s["content"]
    for actor in contract["actors"]:
        for m in actor["mentions"]:
            assert text[m["article"]][m["start"] : m["end"]] == m["text"]
    for t in contract["timexes"]:
        assert text[t["article"]][t["start"] : t["end"]] == t["text"]
    paths = {Path(a["path"]).name for a in contract["articles"]}
    assert "000_bf134cd1eb6ff95d.txt" in paths


def test_a_broken_export_fails_validation(demo_story) -> None:
    contract = story_to_contract(demo_story)
    del contract["articles"][0]["text"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(contract, json.loads(SCHEMA_PATH.read_text()))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_tabular_formats_hold_every_row(demo_story, tmp_path: Path, fmt: str) -> None:
    contract = story_to_contract(demo_story)
    out = tmp_path / ("story.jsonl" if fmt == "jsonl" else "story")
    written = export_story(demo_story, fmt, out)
    if fmt == "jsonl":
        lines = [json.loads(x) for x in out.read_text().splitlines()]
        for table in TABLES:
            assert sum(1 for x in lines if x["table"] == table) == len(contract[table])
    elif fmt == "csv":
        import csv

        assert {p.name for p in written} == {f"{t}.csv" for t in TABLES}
        with (out / "statements.csv").open(newline="") as fh:
            assert len(list(csv.DictReader(fh))) == len(contract["statements"])
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out / "articles.parquet").num_rows == 5
        assert pq.read_table(out / "statements.parquet").num_rows == len(contract["statements"])


def test_parquet_partitions_written_while_analysing(tmp_path: Path, demo_dir: Path) -> None:
    import pyarrow.dataset as ds

    from storylens.analyze import analyze
    from storylens.export.partitions import ParquetPartitions

    out = tmp_path / "parts"
    result = analyze([demo_dir], tmp_path / "s.db", with_claims=False, parquet_dir=out)
    story = result.story
    assert story is not None
    assert ds.dataset(out / "articles", format="parquet").count_rows() == 5
    # the parts hold what extraction produced; resolution may add actor mentions to the store
    extracted = ds.dataset(out / "mentions", format="parquet").count_rows()
    assert 0 < extracted <= sum(len(r.mentions) for r in story.records)
    assert ds.dataset(out / "statements", format="parquet").count_rows() >= 1
    assert ds.dataset(out / "actors", format="parquet").count_rows() == len(story.actors)
    # small parts: a part file every 2 articles
    parts = ParquetPartitions(tmp_path / "small", run=1, part_rows=2)
    for rec in story.records:
        parts.add(rec)
    parts.flush()
    assert len(list((tmp_path / "small" / "articles").glob("*.parquet"))) == 3
