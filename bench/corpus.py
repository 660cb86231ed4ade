"""Real-article corpora for the benchmarks and the Dask test: the demo story plus FNC-1 bodies.

Why FNC-1: 1,683 real news bodies (Emergent / Fake News Challenge training set) of ordinary
length and style, so throughput and growth are measured on text like the text users bring,
not on synthetic strings. The data is not in the repository (no licence of its own): it is
read from FNC1_DIR, `../shared/data/fnc1` next to the checkout unless STORYLENS_FNC1 names
another folder. Callers skip with FNC1_MISSING when it is absent.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from storylens.ingest import read_inputs
from storylens.model import Article

__all__ = [
    "DEMO_DIR",
    "FNC1_BODIES",
    "FNC1_DIR",
    "FNC1_MISSING",
    "corpus_inputs",
    "fnc1_available",
    "fnc1_bodies",
    "load_articles",
    "word_count",
]

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "examples" / "iraq-withdrawal"
FNC1_DIR = Path(os.environ.get("STORYLENS_FNC1", ROOT.parent / "shared" / "data" / "fnc1"))
FNC1_BODIES = FNC1_DIR / "train_bodies.csv"
FNC1_MISSING = (
    f"FNC-1 training bodies not found at {FNC1_BODIES} "
    "(put the FNC-1 data in ../shared/data/fnc1 or set STORYLENS_FNC1)"
)


def fnc1_available() -> bool:
    """True when the FNC-1 training bodies can be read."""
    return FNC1_BODIES.is_file()


def fnc1_bodies(limit: int | None = None) -> list[tuple[str, str]]:
    """(Body ID, article body) in file order, the first `limit` of them."""
    rows: list[tuple[str, str]] = []
    with FNC1_BODIES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.append((row["Body ID"], row["articleBody"]))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def corpus_inputs(folder: Path, fnc1_limit: int | None = None, *, demo: bool = True) -> list[Path]:
    """Write FNC-1 bodies as text files under `folder`; the input paths for `analyze`.

    Bodies shorter than the corpus needs are cycled: a `fnc1_limit` above 1,683 repeats the
    bodies with a copy number appended so every file is a distinct article (growth runs).
    """
    folder.mkdir(parents=True, exist_ok=True)
    bodies = fnc1_bodies()
    want = len(bodies) if fnc1_limit is None else fnc1_limit
    for i in range(want):
        body_id, text = bodies[i % len(bodies)]
        copy = i // len(bodies)
        if copy:
            text = f"{text}\n\n(copy {copy})\n"
        (folder / f"fnc1_{i:06d}_{body_id}.txt").write_text(text, encoding="utf-8")
    return [DEMO_DIR, folder] if demo else [folder]


def load_articles(inputs: list[Path]) -> list[Article]:
    """The analysed articles the inputs ingest to, in input order (skipped inputs dropped)."""
    return [a for a in read_inputs(inputs) if isinstance(a, Article) and a.analysed]


def word_count(articles: list[Article]) -> int:
    """Whitespace-separated words: the unit of the words/second figures."""
    return sum(len(a.text.split()) for a in articles)
