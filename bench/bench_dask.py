"""Benchmark: the Dask engine with 1 worker and with 2 workers on the same corpus: speed-up.

For each size a LocalCluster is started first (its start-up and the model load on each
worker are timed apart: a one-off per cluster), then `analyze` runs against it through its
scheduler address, claims off (the cross-article stage runs in this process whatever the
engine; it is measured by bench_end_to_end). The speed-up is that of the extract stage
(ingest + extract on workers + store, up to the last article's records); the whole analyze
is printed beside it. The two runs' exports must be identical. Corpus: the demo story plus
the first 300 FNC-1 bodies; `--full` takes all 1,683 and also checks that the local engine's
export is identical to the 2-worker one (several minutes on two cores).

Workers are processes with one thread each, so the speed-up needs as many free cores as
workers: on a machine shared with other work it is lower, and says so only by its number.

Run: `.venv/bin/python -m bench.bench_dask [--articles 300] [--full]`
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.corpus import FNC1_MISSING, corpus_inputs, fnc1_available
from storylens.analyze import analyze
from storylens.dask_engine import dask_client, model_loads
from storylens.export import story_to_contract
from storylens.store import Store

DEFAULT_ARTICLES = 300
TARGET = 1.7


def _contract(db: Path) -> dict:
    with Store(db, readonly=True) as store:
        return story_to_contract(store.load_story())


def _timed_analyze(inputs: list[Path], db: Path, **engine: object) -> tuple[float, float, int]:
    """(extract-stage seconds, whole analyze seconds, articles added)."""
    marks: list[float] = []
    start = time.perf_counter()
    result = analyze(
        inputs,
        db,
        with_claims=False,
        on_article=lambda _r: marks.append(time.perf_counter()),
        **engine,  # type: ignore[arg-type]
    )
    return marks[-1] - start, time.perf_counter() - start, len(result.added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="FNC-1 bodies")
    parser.add_argument("--full", action="store_true", help="all 1,683 bodies + local check")
    args = parser.parse_args()
    if not fnc1_available():
        print(f"skipped: {FNC1_MISSING}")
        return
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inputs = corpus_inputs(tmp / "corpus", None if args.full else args.articles)
        rows: dict[int, tuple[float, float, float, int]] = {}
        for workers in (1, 2):
            start = time.perf_counter()
            with dask_client(workers=workers) as client:
                startup = time.perf_counter() - start
                cpu_before = client.run(time.process_time)
                own_cpu = time.process_time()
                extract, total, added = _timed_analyze(
                    inputs,
                    tmp / f"w{workers}.db",
                    engine="dask",
                    scheduler=client.scheduler.address,
                )
                own_cpu = time.process_time() - own_cpu
                cpu_after = client.run(time.process_time)
                loads = model_loads(client)
            worker_cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
            rows[workers] = (startup, extract, total, added)
            print(
                f"{workers} worker(s): cluster start {startup:5.1f}s, extract stage {extract:6.1f}s, "
                f"analyze {total:6.1f}s, {added} articles, model loads per worker "
                f"{sorted(loads.values())}; CPU: workers {worker_cpu:.1f}s "
                f"({100 * worker_cpu / (workers * extract):.0f}% of {workers} core(s) "
                f"over the extract stage), this process {own_cpu:.1f}s"
            )
        same = _contract(tmp / "w1.db") == _contract(tmp / "w2.db")
        print(f"exports, 1 worker vs 2 workers: {'identical' if same else 'DIFFERENT'}")
        if args.full:
            extract, total, _ = _timed_analyze(inputs, tmp / "local.db")
            same_local = _contract(tmp / "local.db") == _contract(tmp / "w2.db")
            print(f"local engine: extract stage {extract:6.1f}s, analyze {total:6.1f}s")
            print(f"exports, local vs 2 workers: {'identical' if same_local else 'DIFFERENT'}")
    speedup = rows[1][1] / rows[2][1]
    whole = rows[1][2] / rows[2][2]
    print(
        f"dask speed-up, 2 workers vs 1: {speedup:.2f} extract stage, {whole:.2f} whole analyze "
        f"({'meets' if speedup >= TARGET else 'MISSES'} target {TARGET}; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end)"
    )


if __name__ == "__main__":
    main()
