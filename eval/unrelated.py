"""False contradictions among articles of unrelated stories (FNC-1 bodies, one per topic).

Why: a reader who analyses a folder of mixed news must not be told that a share buy-back
contradicts a weapons programme. Every contradiction flagged among bodies of different
stories is wrong, so the count of them is a precision check that needs no gold.

The bodies: FNC-1's training bodies grouped into topics (connected components of the related
headline-body pairs, `stance_train._topics`), the lowest Body ID of each topic, the first
`LIMIT` topics in Body ID order. Rows (`claims@fnc1-unrelated`, system `storylens-count`, the
count in every column, lower is better):

  contradict           confident contradictions between statements of two different bodies
                       (what `storylens claims --contradictions` would show): all wrong
  contradict-possible  the same with the "possible" ones (below the threshold) included
Contradictions inside one body (two speakers of one story) may be real and are not counted.

    .venv/bin/python -m eval.unrelated [--limit N]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from eval.common import ROOT, Score
from storylens.model import ArticleRecords, Relation

__all__ = ["LIMIT", "evaluate_unrelated", "unrelated_bodies", "unrelated_records"]

LIMIT = 200
FNC1_DIR = Path(os.environ.get("STORYLENS_FNC1", ROOT.parent / "shared" / "data" / "fnc1"))


def unrelated_bodies(limit: int = LIMIT, data: Path = FNC1_DIR) -> list[tuple[str, str]]:
    """(Body ID, text) of one body per FNC-1 topic, at most `limit` of them."""
    from storylens.resolve.stance_train import _topics, read_fnc

    bodies, rows = read_fnc(data)
    topic = _topics(rows)
    first: dict[int, str] = {}
    for bid in sorted(bodies, key=int):
        first.setdefault(topic.get("b:" + bid, -int(bid) - 1), bid)
    chosen = sorted(first.values(), key=int)[:limit]
    return [(bid, bodies[bid]) for bid in chosen]


@lru_cache(maxsize=2)
def unrelated_records(limit: int = LIMIT) -> tuple[ArticleRecords, ...]:
    """The chosen bodies ingested (from a temporary folder, outside the repository) and
    extracted, once per process."""
    import tempfile

    from storylens.extract import extract_many
    from storylens.ingest import read_inputs
    from storylens.model import Article
    from storylens.nlp import load_nlp

    with tempfile.TemporaryDirectory(prefix="storylens-unrelated-") as tmp:
        paths = []
        for bid, text in unrelated_bodies(limit):
            path = Path(tmp) / f"fnc1-body-{int(bid):05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
        return tuple(extract_many(articles, load_nlp()))


def flagged(records: Sequence[ArticleRecords], relations: list[Relation]) -> tuple[int, int]:
    """(confident, all) counts of contradictions between statements of different articles."""
    from storylens.resolve.claims import CONTRADICT_THRESHOLD

    article = {s.id: s.article for r in records for s in r.statements}
    contra = [r for r in relations if r.type == "contradict" and article[r.a] != article[r.b]]
    return sum(r.score >= CONTRADICT_THRESHOLD for r in contra), len(contra)


def evaluate_unrelated(limit: int = LIMIT) -> list[Score]:
    """Count rows; empty (with a line on stderr) when the FNC-1 data is missing."""
    import sys

    from storylens.resolve.claims import resolve_claims

    if not (FNC1_DIR / "train_bodies.csv").is_file():
        print(
            f"eval: FNC-1 data not found under {FNC1_DIR}: unrelated check skipped", file=sys.stderr
        )
        return []
    from storylens.resolve.actors import resolve_actors

    records = list(unrelated_records(limit))
    # as `storylens analyze` runs it: actors first, so participants resolve as in a real run
    _, relations = resolve_claims(records, resolve_actors(records))
    confident, every = flagged(records, relations)
    task, system = "claims@fnc1-unrelated", "storylens-count"
    return [
        Score(task, system, "contradict", confident, confident, confident, support=limit),
        Score(task, system, "contradict-possible", every, every, every, support=limit),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args(argv)
    for row in evaluate_unrelated(args.limit):
        print(f"{row.key:<52} {int(row.f1):5d} flagged among {row.support} unrelated bodies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
