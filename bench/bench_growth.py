"""Benchmark: the whole analyze on N and 4N articles (time ratio: 4 is linear), and the
extract stage's peak memory for both (bounded memory: it should not grow with N).

Each size runs in a fresh process (spawned) so the peak RSS (VmHWM) is that run's alone.
Models are loaded before the clock starts: a one-off per process, not a per-article cost.
Lazy one-off costs (dateparser's language data, torch's first inference) are paid by
analysing the demo story once, untimed, in the same process. The peak RSS is then reset and
read when the last article's records come back, i.e. over ingest + extract + store, with
both models resident; "growth" is that peak less the RSS before the first article. After analyze, the child times resolve's steps (claims left out) on the
stored records, so a step that grows faster than the corpus shows by name; the claims step
is analyze's resolve time less the others. Corpus: FNC-1 bodies only (exactly N and 4N).

Run: `.venv/bin/python -m bench.bench_growth [--n 100]`
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpus import FNC1_MISSING, corpus_inputs, fnc1_available

DEFAULT_N = 100
TARGET_RATIO = 4.6
RSS_LIMIT_MB = 1500


def _child(inputs: list[str], db: str) -> dict[str, object]:
    """One analyze in this fresh process: timings and memory."""
    from bench.corpus import DEMO_DIR
    from bench.stages import peak_rss_mb, reset_peak_rss, resolve_steps, rss_mb
    from storylens.analyze import analyze
    from storylens.store import Store

    analyze([DEMO_DIR], str(Path(db).with_suffix(".warmup.db")))
    reset_peak_rss()
    before = rss_mb()
    seen: dict[str, float] = {}

    def on_article(_records: object) -> None:
        seen["extract_end"] = time.perf_counter()
        seen["peak"] = peak_rss_mb()

    start = time.perf_counter()
    result = analyze(inputs, db, on_article=on_article)
    total = time.perf_counter() - start
    with Store(db, readonly=True) as store:
        load_start = time.perf_counter()
        records = store.load_extracted()
        load = time.perf_counter() - load_start
    _story, steps = resolve_steps(records, with_claims=False)
    resolve = total - (seen["extract_end"] - start)
    steps = {"load_records": load, **steps}
    steps["resolve_claims (derived)"] = max(0.0, resolve - sum(steps.values()))
    return {
        "articles": len(result.added),
        "total": total,
        "extract": seen["extract_end"] - start,
        "resolve": resolve,
        "steps": steps,
        "rss_before": before,
        "rss_peak": seen["peak"],
    }


def _run(n: int, tmp: Path) -> dict[str, object]:
    inputs = [str(p) for p in corpus_inputs(tmp / f"corpus{n}", n, demo=False)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_child, inputs, str(tmp / f"growth{n}.db")).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="articles in the small run")
    args = parser.parse_args()
    if not fnc1_available():
        print(f"skipped: {FNC1_MISSING}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        small = _run(args.n, Path(tmp))
        large = _run(4 * args.n, Path(tmp))
    print(
        f"{'':<28} {'N=' + str(small['articles']):>10} {'4N=' + str(large['articles']):>10} ratio"
    )
    for key in ("total", "extract", "resolve"):
        label = "extract + ingest + store" if key == "extract" else key
        print(f"  {label:<26} {small[key]:9.1f}s {large[key]:9.1f}s {large[key] / small[key]:5.2f}")
    for step, seconds in small["steps"].items():
        big = large["steps"][step]
        ratio = f"{big / seconds:5.2f}" if seconds > 0.005 else "  -"
        print(f"    {step:<24} {seconds:9.2f}s {big:9.2f}s {ratio}")
    for key, label in (
        ("rss_before", "RSS, models loaded"),
        ("rss_peak", "peak RSS through extract"),
    ):
        print(f"  {label:<26} {small[key]:8.0f}MB {large[key]:8.0f}MB")
    growth = [s["rss_peak"] - s["rss_before"] for s in (small, large)]
    print(f"  {'extract-stage RSS growth':<26} {growth[0]:8.0f}MB {growth[1]:8.0f}MB")
    peak_ok = large["rss_peak"] < RSS_LIMIT_MB
    ratio = large["total"] / small["total"]
    print(
        f"growth: 4N/N time ratio {ratio:.2f} ({'meets' if ratio <= TARGET_RATIO else 'MISSES'} "
        f"target {TARGET_RATIO}); extract peak RSS {small['rss_peak']:.0f} -> "
        f"{large['rss_peak']:.0f} MB ({'under' if peak_ok else 'OVER'} {RSS_LIMIT_MB} MB)"
    )


if __name__ == "__main__":
    main()
