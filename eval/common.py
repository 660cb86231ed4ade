"""What every scorer shares: the dev gold, the dev articles analysed once, the Score row.

Scorers live in eval/<task>.py and expose `evaluate(story: Story, gold: dict) -> list[Score]`,
returning storylens' rows and a baseline's rows computed in the same call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storylens.model import Story

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = ROOT / "eval" / "gold" / "iraq-withdrawal-dev.json"
CORPUS_DIR = ROOT / "examples" / "iraq-withdrawal"
FLOORS_PATH = ROOT / "eval" / "floors.json"


@dataclass(frozen=True)
class Score:
    """One line of `make eval`: task, system (storylens or a baseline), metric, P/R/F1."""

    task: str
    system: str
    metric: str
    precision: float
    recall: float
    f1: float
    support: int = 0

    @property
    def key(self) -> str:
        return f"{self.task}/{self.system}/{self.metric}"


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 where matched predictions and matched gold items may differ."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@lru_cache(maxsize=1)
def load_gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def gold_sha256() -> str:
    return hashlib.sha256(GOLD_PATH.read_bytes()).hexdigest()


def dev_paths() -> list[Path]:
    """The demo articles the dev gold annotates (the other three are kept aside)."""
    return [CORPUS_DIR / d["doc"] for d in load_gold()["documents"]]


@lru_cache(maxsize=2)
def dev_story(with_claims: bool = False) -> Story:
    """Ingest, extract and resolve the dev articles once per process."""
    from storylens.extract import extract_many
    from storylens.ingest import read_inputs
    from storylens.model import Article
    from storylens.nlp import load_nlp
    from storylens.resolve import resolve_story

    articles = [a for a in read_inputs(dev_paths()) if isinstance(a, Article)]
    records = list(extract_many(articles, load_nlp()))
    return resolve_story(records, with_claims=with_claims)


def print_scores(rows: Iterable[Score], floors: dict[str, dict[str, float]] | None = None) -> None:
    """The table every scorer prints; with floors, each row's F1 floor and BELOW marks."""
    print(f"{'task/system/metric':<48} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}  floor(F1)")
    for r in rows:
        floor = (floors or {}).get(r.key, {}).get("f1")
        mark = (
            "" if floor is None else f"  {floor:.3f}" + ("  BELOW" if r.f1 + 1e-9 < floor else "")
        )
        print(f"{r.key:<48} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.support:5d}{mark}")


def doc_name(path: str) -> str:
    """Gold documents are named by file name; articles keep the path given."""
    return Path(path).name
