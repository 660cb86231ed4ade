"""Benchmark: storylens' per-article stage (extract_many) against bare spaCy nlp.pipe.

Same model object, same components, same articles (the demo story plus the first 1,000 FNC-1
bodies by default), same nlp.pipe batch size, in the same run. To keep a loaded, shared
machine from favouring one side, the corpus is cut into chunks and each chunk is timed with
both, alternating which goes first. Words/second is reported on wall-clock and on this
process's CPU time (less sensitive to other processes on the machine). A per-extractor
breakdown on a sample then says where storylens' extra time goes.

Run: `.venv/bin/python -m bench.bench_throughput [--articles 1000]`
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench.corpus import FNC1_MISSING, corpus_inputs, fnc1_available, load_articles, word_count
from storylens.extract import extract_many, masked_text
from storylens.extract.entities import mentions_in, sentences_in
from storylens.extract.events import event_mentions_in
from storylens.extract.pipeline import PIPE_BATCH_SIZE
from storylens.extract.statements import statements_in
from storylens.extract.timex import timexes_in
from storylens.model import Article
from storylens.nlp import load_nlp

DEFAULT_ARTICLES = 1000
CHUNK_ARTICLES = 100
SAMPLE_ARTICLES = 150  # for the per-extractor breakdown
TARGET = 0.85


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _breakdown(articles: list[Article]) -> dict[str, float]:
    """Seconds per step of records_from_doc (parse included) on the sample."""
    nlp = load_nlp()
    t = {"spacy parse": 0.0}
    start = time.perf_counter()
    docs = list(nlp.pipe((masked_text(a) for a in articles), batch_size=PIPE_BATCH_SIZE))
    t["spacy parse"] = time.perf_counter() - start
    steps = {
        "sentences_in": lambda d, a: sentences_in(d, a),
        "mentions_in": lambda d, a: mentions_in(d, a),
        "statements_in": lambda d, a: statements_in(d, a),
        "timexes_in + event_mentions_in": lambda d, a: event_mentions_in(d, a, timexes_in(d, a)),
    }
    for name, step in steps.items():
        start = time.perf_counter()
        for doc, art in zip(docs, articles, strict=True):
            step(doc, art)
        t[name] = time.perf_counter() - start
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="FNC-1 bodies")
    args = parser.parse_args()
    if not fnc1_available():
        print(f"skipped: {FNC1_MISSING}")
        return
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        articles = load_articles(corpus_inputs(Path(tmp), args.articles))
    nlp = load_nlp()
    words = word_count(articles)
    list(extract_many(articles[:20], nlp))  # warm caches (vocab, lazy imports) for both sides
    bare = [0.0, 0.0]
    ours = [0.0, 0.0]
    for i, start in enumerate(range(0, len(articles), CHUNK_ARTICLES)):
        chunk = articles[start : start + CHUNK_ARTICLES]

        def run_bare(chunk: list[Article] = chunk) -> None:
            for _ in nlp.pipe((a.text for a in chunk), batch_size=PIPE_BATCH_SIZE):
                pass

        def run_ours(chunk: list[Article] = chunk) -> None:
            for _ in extract_many(chunk, nlp):
                pass

        order = [(run_bare, bare), (run_ours, ours)]
        for fn, acc in order if i % 2 == 0 else order[::-1]:
            wall, cpu = _timed(fn)
            acc[0] += wall
            acc[1] += cpu
    print(f"articles: {len(articles)}, words: {words:,}, pipeline: {', '.join(nlp.pipe_names)}")
    print(f"bare spaCy nlp.pipe: {words / bare[0]:8.0f} words/s wall, {words / bare[1]:8.0f} CPU")
    print(f"storylens extract:   {words / ours[0]:8.0f} words/s wall, {words / ours[1]:8.0f} CPU")
    sample = articles[:SAMPLE_ARTICLES]
    steps = _breakdown(sample)
    total = sum(steps.values())
    print(f"where the time goes ({len(sample)} articles, one pass each):")
    for name, seconds in steps.items():
        print(f"  {name:<32} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    wall_ratio, cpu_ratio = bare[0] / ours[0], bare[1] / ours[1]
    verdict = "meets" if min(wall_ratio, cpu_ratio) >= TARGET else "MISSES"
    print(
        f"throughput ratio storylens/spaCy: {wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU "
        f"({verdict} target {TARGET})"
    )


if __name__ == "__main__":
    main()
