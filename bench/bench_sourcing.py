"""Benchmark (issue 13): the copy finder on N and 4N FNC-1 bodies, and what it finds.

Times `find_copies` (MinHash LSH over sentences) and counts the LSH candidate pairs at N and
4N bodies: both should grow about 4x (all pairs would be 16x). Sentences are split at
sentence-final punctuation (the copy finder reads only sentences), so no parse is timed.
Also reports the passages found between bodies FNC-1 pairs with no common related headline
("unrelated": a copy there would be a false positive, unless the two bodies really are one
wire story) beside those between related bodies.

Run: `.venv/bin/python -m bench.bench_sourcing [--n 400]`
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import defaultdict

from bench.corpus import FNC1_DIR, FNC1_MISSING, fnc1_available, fnc1_bodies
from storylens.model import Article, ArticleRecords, Sentence, article_id_for
from storylens.resolve.sourcing import count_candidates, find_copies

DEFAULT_N = 400
TARGET_RATIO = 4.6


def _records(bodies: list[tuple[str, str]]) -> tuple[list[ArticleRecords], dict[str, str]]:
    recs, body_of = [], {}
    for body_id, text in bodies:
        aid = article_id_for(text)
        if aid in body_of:
            continue  # the same text twice is one article (as analyze stores it)
        body_of[aid] = body_id
        sents = tuple(
            Sentence(aid, m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)
        )
        recs.append(ArticleRecords(Article(aid, f"{body_id}.txt", text), sents))
    return recs, body_of


def _related_headlines() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    with (FNC1_DIR / "train_stances.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"] != "unrelated":
                out[row["Body ID"]].add(row["Headline"])
    return out


def _run(n: int) -> dict[str, float]:
    recs, body_of = _records(fnc1_bodies(n))
    start = time.perf_counter()
    copies = find_copies(recs)
    elapsed = time.perf_counter() - start
    related = _related_headlines()
    unrelated = sum(1 for p in copies if not related[body_of[p.a]] & related[body_of[p.b]])
    return {
        "articles": len(recs),
        "seconds": elapsed,
        "candidates": count_candidates(recs),
        "passages": len(copies),
        "unrelated_passages": unrelated,
    }


def main() -> float:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    args = parser.parse_args([])
    if not fnc1_available():
        print(FNC1_MISSING)
        return 0.0
    small, big = _run(args.n), _run(4 * args.n)
    for r in (small, big):
        print(
            f"{r['articles']:>6} bodies: find_copies {r['seconds']:.2f}s, "
            f"{r['candidates']} candidate pairs, {r['passages']} passages "
            f"({r['unrelated_passages']} between bodies with no common related headline)"
        )
    ratio = big["seconds"] / small["seconds"] if small["seconds"] else 0.0
    cand = big["candidates"] / small["candidates"] if small["candidates"] else 0.0
    verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(
        f"candidates ratio {cand:.2f}; time ratio 4N/N {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})"
    )
    return ratio


if __name__ == "__main__":
    main()
