"""Scores on the open sets beside the demo dev gold: other stories and the large corpora.

Why: the demo dev gold is two articles; rules tuned on it lose a third of their accuracy on
stories never seen. Every open set with gold in the story schema is scored here with the same
scorers as the demo, its rows tagged `task@set` (for example `statements@polnear-dev`), so
`make eval` shows them side by side and `eval/floors.json` can hold floors on them.

The data stays outside the repository. Where it is looked for, first match wins:
  $STORYLENS_SHARED (the folder holding corpus/, gold/ and data/), else ../shared beside the
  checkout. A set whose files are missing is skipped with one line on stderr.

Each open set is a (name, corpus folder, gold file, scorer modules) entry in OPEN_SETS.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from functools import lru_cache
from importlib import import_module
from pathlib import Path

from eval.common import ROOT, Score
from storylens.model import Story

__all__ = ["OPEN_SETS", "evaluate_open", "open_gold", "open_story", "shared_dir"]


def shared_dir() -> Path:
    """The shared folder with corpus/, gold/ and data/ (env STORYLENS_SHARED or ../shared)."""
    return Path(os.environ.get("STORYLENS_SHARED", ROOT.parent / "shared"))


# name -> (corpus folder, gold JSON, scorer modules), all relative to shared_dir()
OPEN_SETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "khashoggi": (
        "corpus/khashoggi",
        "gold/khashoggi.json",
        ("statements", "actors", "boilerplate", "events", "claims", "metadata"),
    ),
    "polnear-dev": ("data/polnear/dev", "data/polnear/dev.json", ("statements", "metadata")),
}


def _paths(name: str) -> tuple[Path, Path] | None:
    corpus, gold, _ = OPEN_SETS[name]
    base = shared_dir()
    if name.startswith("polnear") and os.environ.get("STORYLENS_POLNEAR"):
        base_p = Path(os.environ["STORYLENS_POLNEAR"])
        return base_p / "dev", base_p / "dev.json"
    c, g = base / corpus, base / gold
    return (c, g) if c.is_dir() and g.is_file() else None


@lru_cache(maxsize=4)
def open_gold(name: str) -> dict:
    paths = _paths(name)
    if paths is None:
        raise FileNotFoundError(name)
    return json.loads(paths[1].read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def open_story(name: str, with_claims: bool = False) -> Story:
    """Ingest, extract and resolve the gold's documents of one open set, once per process."""
    from storylens.extract import extract_many
    from storylens.ingest import read_inputs
    from storylens.model import Article
    from storylens.nlp import load_nlp
    from storylens.resolve import resolve_story

    paths = _paths(name)
    if paths is None:
        raise FileNotFoundError(name)
    files = [paths[0] / d["doc"] for d in open_gold(name)["documents"]]
    articles = [a for a in read_inputs(files) if isinstance(a, Article)]
    records = list(extract_many(articles, load_nlp()))
    return resolve_story(records, with_claims=with_claims)


def evaluate_open(names: tuple[str, ...] | None = None) -> list[Score]:
    """Rows for every open set that is present, tagged task@set; a missing set is one line."""
    rows: list[Score] = []
    for name in names or tuple(OPEN_SETS):
        if name not in OPEN_SETS:
            continue
        if _paths(name) is None:
            print(
                f"eval: open set {name!r} not found under {shared_dir()}: skipped", file=sys.stderr
            )
            continue
        scorers = OPEN_SETS[name][2]
        story = open_story(name, with_claims="claims" in scorers)
        gold = open_gold(name)
        for module in scorers:
            for row in import_module(f"eval.{module}").evaluate(story, gold):
                rows.append(replace(row, task=f"{row.task}@{name}"))
    if names is None or "fnc1-unrelated" in names:
        # no gold: contradictions flagged among bodies of unrelated FNC-1 stories (all wrong)
        from eval.unrelated import evaluate_unrelated

        rows.extend(evaluate_unrelated())
    return rows


if __name__ == "__main__":
    from eval.common import print_scores

    print_scores(evaluate_open(tuple(sys.argv[1:]) or None))
