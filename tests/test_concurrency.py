"""One writer at a time, nothing lost, the same answer twice (issue 18, store side).

Real processes, a real database: a second analyze started while a first one works waits for
it and both articles' records survive; --no-wait refuses with exit 1; a killed run is shown as
interrupted; --no-claims keeps the claims already stored; re-resolving changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import numbered_copies, stored_at_least, wait_until

from storylens.analyze import analyze, resolve_stored
from storylens.cli import cli
from storylens.codec import decode_records
from storylens.export.tables import story_to_contract
from storylens.lock import lock_path, writer_alive, writer_lock
from storylens.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORYLENS = [sys.executable, "-c", "from storylens.cli import main; main()"]


def _records_intact(db: Path) -> list[str]:
    """Articles whose stored statements/timexes differ from what their extraction produced."""
    bad = []
    with sqlite3.connect(db) as conn:
        for aid, blob, text in conn.execute(
            "SELECT a.id, e.records, a.text FROM articles a JOIN extracted e ON e.article = a.id"
        ):
            rec = decode_records(blob, text)
            stored = {
                r[0] for r in conn.execute("SELECT id FROM statements WHERE article=?", (aid,))
            }
            n_timex = conn.execute(
                "SELECT count(*) FROM timexes WHERE article=?", (aid,)
            ).fetchone()
            if stored != {s.id for s in rec.statements} or n_timex[0] != len(rec.timexes):
                bad.append(aid)
    return bad


@pytest.mark.slow
def test_second_analyze_waits_for_the_first_and_nothing_is_lost(
    tmp_path: Path, demo_dir: Path
) -> None:
    db = tmp_path / "r.db"
    first_in = numbered_copies(tmp_path / "corpus", demo_dir, range(12))
    second_in = numbered_copies(tmp_path / "newart", demo_dir, range(900, 901))
    first = subprocess.Popen(
        [*STORYLENS, "analyze", str(first_in), "--db", str(db), "--no-progress"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_until(lambda: writer_alive(db) or first.poll() is not None)
    assert first.poll() is None, "the first analyze ended before the second could start"
    second = subprocess.run(
        [*STORYLENS, "analyze", str(second_in), "--db", str(db), "--no-claims", "--no-progress"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    _out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "waiting for it to finish" in second.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 13
        assert conn.execute("SELECT count(*) FROM extracted").fetchone()[0] == 13
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["ok", "ok"]
    assert _records_intact(db) == []
    # The article the second run added kept its records after the first run resolved.
    with Store(db, readonly=True) as store:
        story = store.load_story()
    newest = next(r for r in story.records if r.article.text.startswith("Report number 900."))
    assert newest.statements and newest.timexes


def test_no_wait_refuses_with_exit_1_while_another_process_writes(
    tmp_path: Path, demo_dir: Path
) -> None:
    db = tmp_path / "busy.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from storylens.lock import writer_lock\n"
         "with writer_lock(sys.argv[1]):\n print('held', flush=True); time.sleep(60)", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert writer_alive(db)
        res = CliRunner().invoke(
            cli, ["analyze", str(demo_dir), "--db", str(db), "--no-wait", "--no-progress"]
        )
        assert res.exit_code == 1
        assert f"is being written by storylens process {holder.pid}" in res.output
        assert "--no-wait" in res.output
        assert not db.exists() or Store(db).article_count() == 0
    finally:
        holder.kill()
        holder.wait()
    assert not writer_alive(db)


def test_writer_lock_is_reentrant_and_released(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with writer_lock(db):
        with writer_lock(db):
            assert writer_alive(db)
        assert writer_alive(db)
    assert not writer_alive(db)
    assert lock_path(db).name == "x.db.lock"


@pytest.mark.slow
def test_killed_run_is_shown_as_interrupted_then_marked_so(tmp_path: Path, demo_dir: Path) -> None:
    db = tmp_path / "k.db"
    inputs = numbered_copies(tmp_path / "in", demo_dir, range(20))
    proc = subprocess.Popen(
        [*STORYLENS, "analyze", str(inputs), "--db", str(db), "--no-claims", "--no-progress"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until(stored_at_least(db, 1, proc))
    assert proc.poll() is None, "analyze finished before it could be killed"
    with Store(db, readonly=True) as store:
        assert store.info()["last_run"]["status"] == "running"  # alive: really running
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db, readonly=True) as store:
        assert store.info()["last_run"]["status"] == "interrupted"
    res = CliRunner().invoke(cli, ["info", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["last_run"]["status"] == "interrupted"
    analyze([inputs], db, with_claims=False)
    with sqlite3.connect(db) as conn:
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


@pytest.mark.slow
def test_no_claims_keeps_the_claims_already_stored(
    tmp_path: Path, demo_db: Path, demo_dir: Path
) -> None:
    db = tmp_path / "c.db"
    shutil.copy(demo_db, db)
    with Store(db, readonly=True) as store:
        before = store.load_story()
    assert before.claims and any(r.type == "contradict" for r in before.relations)
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(demo_dir.glob("*.txt"))[0], one)
    result = analyze([one], db, with_claims=False)
    assert result.unchanged == 1
    assert result.story is not None
    assert [c.id for c in result.story.claims] == [c.id for c in before.claims]
    assert result.story.relations == before.relations


def test_resolving_again_changes_nothing(tmp_path: Path, demo_db: Path) -> None:
    """Resolution starts from the extract-stage records, never from its own last output."""
    db = tmp_path / "again.db"
    shutil.copy(demo_db, db)
    with Store(db) as store:
        first = story_to_contract(store.load_story())
        second = story_to_contract(resolve_stored(store))
        third = story_to_contract(resolve_stored(store))
    assert first == second == third


def test_datasette_offers_full_text_search(demo_db: Path) -> None:
    from datasette.utils import detect_fts

    conn = sqlite3.connect(demo_db)
    try:
        assert detect_fts(conn, "statements") == "statements_fts"
        assert detect_fts(conn, "articles") == "articles_fts"
        hits = conn.execute(
            "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'withdrawal'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert hits > 0


def test_statement_vectors_are_stored_once_and_reused(demo_db: Path) -> None:
    """The per-article stage embeds statements; resolve takes the stored vectors as they are."""
    import numpy as np

    from storylens.resolve.embeddings import (
        EMBED_DIM,
        embed_texts,
        known_vectors,
        statement_vector_cache,
        text_key,
    )

    with Store(demo_db, readonly=True) as store:
        records = store.load_extracted()
    with_statements = [r for r in records if r.statements]
    assert with_statements
    for r in with_statements:
        assert len(r.statement_vectors) == len(r.statements) * EMBED_DIM * 4
    cache = statement_vector_cache(records)
    contents = [s.content for r in with_statements for s in r.statements]
    assert set(cache) == {text_key(t) for t in contents}
    with known_vectors(cache):
        got = embed_texts([*contents[:5], "A sentence no article of the demo contains."])
    for text, row in zip(contents[:5], got, strict=False):
        assert np.array_equal(row, cache[text_key(text)])
    assert abs(float(np.linalg.norm(got[5])) - 1.0) < 1e-4  # the unknown text was encoded


def test_statement_parses_are_stored_and_give_the_same_relations(demo_db: Path) -> None:
    """The per-article stage cuts the statements' parses out of the article's; claims read
    them (and find the same confident relations on the demo as from each text parsed alone;
    one more possible one), and a
    record whose parses are missing or belong to other statements is parsed again."""
    from dataclasses import replace

    from storylens.extract.statement_parses import statement_docs
    from storylens.resolve.claims import resolve_claims

    with Store(demo_db, readonly=True) as store:
        records = store.load_extracted()
    with_statements = [r for r in records if r.statements]
    assert with_statements and all(r.statement_parses for r in with_statements)
    statements = [s for r in records for s in r.statements]
    docs, cues = statement_docs(records, statements)
    # cut out of the article's parse: a span's doc keeps its last token's trailing space
    assert [d.text.rstrip() for d in docs] == [s.content.rstrip() for s in statements]
    assert [c.text.rstrip() for c in cues] == [(s.cue or "").rstrip() for s in statements]
    # another record's parses on the first article: its texts do not match, so it is re-parsed
    wrong = replace(with_statements[0], statement_parses=with_statements[1].statement_parses)
    mixed = [wrong, *with_statements[1:]]
    again, _ = statement_docs(mixed, [s for r in mixed for s in r.statements])
    assert [d.text.rstrip() for d in again] == [d.text.rstrip() for d in docs]
    bare = [replace(r, statement_parses=b"") for r in records]
    stored, alone = resolve_claims(records)[1], resolve_claims(bare)[1]
    assert [r for r in stored if not r.possible] == [r for r in alone if not r.possible]


@pytest.mark.slow
def test_a_pool_worker_killed_mid_run_loses_nothing(tmp_path: Path, demo_dir: Path) -> None:
    """--workers 2: one pool process SIGKILLed; the run finishes every article in-process."""
    db = tmp_path / "pool.db"
    inputs = numbered_copies(tmp_path / "in", demo_dir, range(80))
    run = subprocess.Popen(
        [*STORYLENS, "analyze", str(inputs), "--db", str(db), "--workers", "2", "--no-claims",
         "--no-progress", "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def children() -> list[int]:
        """The pool's worker processes (spawned: their command line runs spawn_main)."""
        path = Path(f"/proc/{run.pid}/task/{run.pid}/children")
        pids = [int(x) for x in path.read_text().split()] if path.exists() else []
        return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]

    wait_until(stored_at_least(db, 1, run))
    assert run.poll() is None, "the run ended before a worker could be killed"
    victims = children()
    assert victims, "no pool process found"
    os.kill(victims[-1], signal.SIGKILL)
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err
    assert "a worker process died" in err
    assert json.loads(out)["articles_added"] == 80
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            80,
            80,
        )
        assert conn.execute("SELECT count(*) FROM articles WHERE analysed = 0").fetchone()[0] == 0
