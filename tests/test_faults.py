"""Faults: a killed run, a file that vanishes, many small files; nothing stored is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storylens.analyze import analyze
from storylens.ingest import read_inputs
from storylens.model import Article, Skipped

ROOT = Path(__file__).resolve().parent.parent


def _corpus(folder: Path, demo_dir: Path, copies: int) -> None:
    """Distinct articles (a numbered first line) built from the demo texts."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(demo_dir.glob("*.txt"))
    for i in range(copies):
        src = sources[i % len(sources)].read_text(encoding="utf-8")
        (folder / f"{i:04}.txt").write_text(f"Report number {i}.\n\n{src}", encoding="utf-8")


@pytest.mark.slow
def test_kill_9_during_analyze_then_rerun_completes(tmp_path: Path, demo_dir: Path) -> None:
    inputs, db = tmp_path / "in", tmp_path / "s.db"
    _corpus(inputs, demo_dir, 40)
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
    _corpus(tmp_path, demo_dir, 3)
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
