"""Benchmark: analyze end to end (local engine), words/second and the share of time per stage.

Runs analyze's steps in its order with a stopwatch on each (bench.stages): ingest (decode,
boilerplate, metadata, language), extract (spaCy + extractors), store (one SQLite
transaction per article), resolve (every cross-article step, claims included) and the
resolution's write and reload. Corpus: the demo story plus the first 300 FNC-1 bodies.

Run: `.venv/bin/python -m bench.bench_end_to_end [--articles 300] [--no-claims]`
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.corpus import FNC1_MISSING, corpus_inputs, fnc1_available, word_count
from bench.stages import resolve_steps, stopwatch
from storylens.engine import extract_stream
from storylens.ingest import read_inputs
from storylens.model import Article
from storylens.nlp import load_embedder, load_nlp
from storylens.store import Store

DEFAULT_ARTICLES = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="FNC-1 bodies")
    parser.add_argument("--no-claims", action="store_true", help="leave claim clustering out")
    args = parser.parse_args()
    if not fnc1_available():
        print(f"skipped: {FNC1_MISSING}")
        return
    with_claims = not args.no_claims
    load_nlp()  # model loading is a one-off per process, not a per-article cost
    if with_claims:
        load_embedder()
    t: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = corpus_inputs(Path(tmp) / "corpus", args.articles)
        with stopwatch(t, "ingest"):
            articles = [a for a in read_inputs(inputs) if isinstance(a, Article)]
        words = word_count([a for a in articles if a.analysed])
        with Store(Path(tmp) / "bench.db") as store:
            run = store.begin_run("bench")
            stream = extract_stream(iter(articles))
            while True:
                with stopwatch(t, "extract"):
                    records = next(stream, None)
                if records is None:
                    break
                with stopwatch(t, "store"):
                    store.write_records(records, run)
            with stopwatch(t, "resolve: load records"):
                stored = store.load_records()
            story, steps = resolve_steps(stored, with_claims=with_claims)
            for name, seconds in steps.items():
                t[f"resolve: {name}"] = seconds
            with stopwatch(t, "resolve: write + reload"):
                store.write_resolution(story)
                store.load_story()
    total = sum(t.values())
    print(f"articles: {len(articles)}, words: {words:,}, claims: {'on' if with_claims else 'off'}")
    for name, seconds in t.items():
        print(f"  {name:<28} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    stage = {
        "ingest": t["ingest"],
        "extract": t["extract"],
        "store": t["store"],
        "resolve": sum(v for k, v in t.items() if k.startswith("resolve")),
    }
    shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in stage.items())
    print(f"analyze end to end: {words / total:.0f} words/s over {total:.1f} s ({shares})")


if __name__ == "__main__":
    main()
