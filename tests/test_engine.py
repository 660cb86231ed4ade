"""The local engines: in-process and a process pool give the same records, in input order."""

from __future__ import annotations

import os
from pathlib import Path

from storylens.engine import extract_stream, worker_threads
from storylens.ingest import read_inputs
from storylens.model import Article


def test_process_pool_matches_in_process(demo_dir: Path, tmp_path: Path) -> None:
    # 20 distinct articles: more than one batch, so the bounded window is exercised
    sources = sorted(demo_dir.glob("*.txt"))
    for i in range(20):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (tmp_path / f"{i:02}.txt").write_text(f"Dispatch {i}.\n\n{text}", encoding="utf-8")
    articles = [a for a in read_inputs([tmp_path]) if isinstance(a, Article)]
    local = list(extract_stream(articles, workers=1))
    pooled = list(extract_stream(articles, workers=2))
    assert [r.article.id for r in pooled] == [a.id for a in articles]
    assert pooled == local


def test_pool_processes_share_the_cores_out() -> None:
    """Each of W pool processes gets cores // W compute threads (at least one), so torch in
    two processes on two cores runs two threads, not four."""
    cores = os.cpu_count() or 1
    assert worker_threads(1) == cores
    assert worker_threads(2) == max(1, cores // 2)
    assert worker_threads(cores * 4) == 1
    workers = min(cores, 4)
    assert workers * worker_threads(workers) <= cores
