"""The local engines: in-process and a process pool give the same records, in input order."""

from __future__ import annotations

from pathlib import Path

from storylens.engine import extract_stream
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
