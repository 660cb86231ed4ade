"""Walk the inputs and turn each into an Article or a Skipped (first cut: plain UTF-8 text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storylens.model import Article, Skipped, article_id_for

__all__ = ["read_inputs"]


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            text = f.read_text(encoding="utf-8")
            yield Article(id=article_id_for(text), path=str(f), text=text, language="en")
