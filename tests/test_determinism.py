"""The same inputs give the same database (issue 18): file order, workers, repeated runs.

The demo story plus 200 real FNC-1 bodies, analysed with claims three ways: in order with one
process; in reverse file order with a pool of two; and the first database analysed again (all
unchanged, resolution redone). The three contract exports must be byte-identical: ids, order,
claims and contradictions included. Why it once drifted: each resolve read the previous
resolution's output as its input, and the k-NN graph for claims was built by several threads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpus import FNC1_MISSING, corpus_inputs, fnc1_available
from storylens.analyze import analyze
from storylens.export.tables import story_to_contract
from storylens.store import Store

pytestmark = pytest.mark.slow

FNC1_BODIES = 200


def _export(db: Path) -> str:
    with Store(db, readonly=True) as store:
        return json.dumps(story_to_contract(store.load_story()), sort_keys=True)


def test_order_workers_and_reruns_give_identical_exports(tmp_path: Path) -> None:
    if not fnc1_available():
        pytest.skip(FNC1_MISSING)
    folders = corpus_inputs(tmp_path / "fnc1", FNC1_BODIES)
    files = sorted(p for folder in folders for p in folder.rglob("*.txt"))
    files = [p for p in files if p.name != "README.md"]
    first = analyze(files, tmp_path / "a.db")
    assert first.story is not None and first.story.claims and first.story.relations
    after_first = _export(tmp_path / "a.db")
    reverse = analyze(list(reversed(files)), tmp_path / "b.db", workers=2)
    assert sorted(reverse.added) == sorted(first.added)
    again = analyze(files, tmp_path / "a.db")
    assert again.unchanged == len(first.added) and not again.added
    assert _export(tmp_path / "b.db") == after_first
    assert _export(tmp_path / "a.db") == after_first
