"""The SQLite store: schema, idempotent and incremental runs, atomic writes, Datasette."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storylens.analyze import analyze
from storylens.errors import StoreError
from storylens.store import SCHEMA_VERSION, Store

TABLES = {
    "articles", "boilerplate", "sentences", "mentions", "actors", "actor_aliases", "statements",
    "timexes", "events", "event_mentions", "claims", "claim_statements", "relations", "runs",
    "skipped", "corrections", "schema_migrations", "articles_fts", "statements_fts",
}  # fmt: skip


def test_schema_has_every_table_and_a_version(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names >= TABLES
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (
        conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    )
    fks = conn.execute("PRAGMA foreign_key_list(statements)").fetchall()
    assert {fk[2] for fk in fks} == {"articles", "actors"}


def test_fts_finds_article_text_and_statements(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    hits = conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Soleimani'"
    ).fetchone()[0]
    assert hits >= 3
    said = conn.execute(
        "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'withdraw*'"
    ).fetchone()[0]
    assert said >= 1


def test_rerun_is_idempotent_and_incremental(tmp_path: Path, demo_dir: Path) -> None:
    db = tmp_path / "s.db"
    files = sorted(demo_dir.glob("*.txt"))
    first = analyze(files[:2], db, with_claims=False)
    assert len(first.added) == 2
    again = analyze(files[:2], db, with_claims=False)
    assert (len(again.added), again.unchanged) == (0, 2)
    more = analyze(files, db, with_claims=False)
    assert (len(more.added), more.unchanged) == (3, 2)
    with Store(db) as store:
        assert store.article_count() == 5
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == 5


def test_same_text_twice_is_stored_once(tmp_path: Path, demo_dir: Path) -> None:
    src = demo_dir / "003_dca2c3b37c385f39.txt"
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_bytes(src.read_bytes())
    result = analyze([tmp_path / "in"], tmp_path / "s.db", with_claims=False)
    assert (len(result.added), result.duplicates) == (1, 1)


def test_stored_records_round_trip(demo_db: Path) -> None:
    with Store(demo_db, readonly=True) as store:
        records = store.load_records()
    for rec in records:
        text = rec.article.text
        for s in rec.statements:
            assert text[s.start : s.end] == s.content
        for m in rec.mentions:
            assert text[m.start : m.end] == m.text
            assert not rec.article.in_boilerplate(m.start, m.end)
        for t in rec.timexes:
            assert text[t.start : t.end] == t.text


def test_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database " * 50)
    with pytest.raises(StoreError, match="not a storylens database"):
        Store(bad)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
        store.conn.commit()
    with pytest.raises(StoreError, match="upgrade storylens"):
        Store(db)


def test_a_failed_article_write_leaves_nothing_behind(tmp_path: Path, demo_story) -> None:
    from dataclasses import replace

    from storylens.model import Statement

    db = tmp_path / "s.db"
    rec = demo_story.records[0]
    bad = Statement(
        id="dup",
        article=rec.article.id,
        start=0,
        end=1,
        content="x",
        kind="direct",
        cue="said",
        speaker_text=None,
    )
    broken = replace(rec, statements=(bad, bad))  # duplicate primary key: the transaction fails
    with Store(db) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.write_records(broken)
        assert store.article_count() == 0
        assert store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0


def test_datasette_serves_the_database(demo_db: Path) -> None:
    import asyncio

    from datasette.app import Datasette

    async def fetch() -> tuple[int, int, str]:
        ds = Datasette([str(demo_db)], immutables=[])
        tables = await ds.client.get(f"/{demo_db.stem}.json")
        rows = await ds.client.get(f"/{demo_db.stem}/statements.json?_shape=array&_size=3")
        return tables.status_code, rows.status_code, rows.text

    status_tables, status_rows, body = asyncio.run(fetch())
    assert (status_tables, status_rows) == (200, 200)
    assert '"content"' in body


def test_every_stored_event_keeps_its_mentions(demo_story) -> None:
    """Two event mentions of one sentence (two dates) must each stay with their own event."""
    assert demo_story.events
    assert all(e.mentions for e in demo_story.events)
    stored = sum(len(e.mentions) for e in demo_story.events)
    extracted = sum(len(r.event_mentions) for r in demo_story.records if r.event_mentions)
    assert stored <= extracted


def test_an_old_database_is_migrated_in_place(tmp_path: Path) -> None:
    """A version-1 database opened by this code gains the later migrations, data intact."""
    from storylens import store as store_module

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    store_module._migration_1(conn)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial schema', 'then')")
    conn.execute(
        "INSERT INTO articles(id, path, text, extractor_versions) VALUES ('x', 'p', 't', '{}')"
    )
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.article_count() == 1
        indexes = {
            r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert "statements_speaker_date" in indexes
