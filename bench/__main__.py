"""Run every bench/bench_*.py module's `main()` in turn (`make bench`, `python -m bench`).

`python -m bench growth dask` runs only the modules whose name contains one of the words.
A benchmark that crashes is reported with its traceback and the others still run; the exit
status is 1 when any crashed (a timing never fails anything).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback

import bench


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    if selected:
        names = [n for n in names if any(word in n for word in selected)]
    return names


def main() -> int:
    selected = sys.argv[1:]
    results: list[tuple[str, str, float]] = []
    for name in _modules(selected):
        print(f"\n=== bench.{name} ===", flush=True)
        start = time.perf_counter()
        sys.argv = [f"bench.{name}"]  # a benchmark's own option parser sees no runner words
        try:
            module = importlib.import_module(f"bench.{name}")
            module.main()
            status = "ok"
        except Exception:  # report any crash and carry on with the next benchmark
            traceback.print_exc()
            status = "CRASHED"
        results.append((name, status, time.perf_counter() - start))
        sys.stdout.flush()
    print("\n=== summary ===")
    for name, status, seconds in results:
        print(f"{name:<24} {status:<8} {seconds:7.1f} s")
    return 1 if any(status != "ok" for _, status, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
