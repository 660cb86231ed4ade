"""Helpers the process-level tests share (concurrency, faults, the Dask cluster).

Imported as `from helpers import ...`: pytest puts this folder on sys.path (no package).
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["numbered_copies", "stored_at_least", "wait_until"]


def numbered_copies(
    folder: Path, demo_dir: Path, numbers: Iterable[int], *, lead: str = "Report number"
) -> Path:
    """Distinct articles (a numbered first line) built from the demo texts; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(demo_dir.glob("*.txt"))
    for i in numbers:
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (folder / f"{i:04}.txt").write_text(f"{lead} {i}.\n\n{text}", encoding="utf-8")
    return folder


def wait_until(predicate: Callable[[], bool], seconds: float = 240.0) -> None:
    """Poll until predicate() is true; fail the test when it never is."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def stored_at_least(db: Path, n: int, proc: subprocess.Popen) -> Callable[[], bool]:
    """A predicate: `proc` has ended, or `db` holds at least n extracted articles."""

    def check() -> bool:
        if proc.poll() is not None:
            return True
        if not db.exists():
            return False
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                return conn.execute("SELECT count(*) FROM extracted").fetchone()[0] >= n
        except sqlite3.OperationalError:
            return False

    return check
