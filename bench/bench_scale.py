"""Benchmark: the whole analyze at N, 2N and 4N real articles, against bare spaCy, with a
projection to 100,000 and 1,000,000 articles from the measured per-stage costs (issue 12).

Corpus: every real article at hand — the demo story, the FNC-1 training bodies, PolNeAR
train + dev, TimeBank+AQUAINT (about 2,900; read from ../shared or $STORYLENS_SHARED, whatever
is missing is left out and said) — interleaved round-robin by source in a fixed order. 4N is the whole corpus unless
--n is given. Each size runs in a fresh spawned process so its peak RSS (VmHWM) is its own;
models are loaded and warmed (the demo analysed once) before the clock starts.

Reported per size: bare spaCy `nlp.pipe` over the same texts (the baseline, same process),
analyze end to end (claims on), its extract stage (ingest + parse + extractors + statement
vectors + store) and its cross-article stage, the ratio of words/second to bare spaCy, and
the peak RSS of the whole analyze. The projection fits t = a * n^b per stage on the three
sizes and says which stage dominates at 100k and 1M articles on this machine and with W
workers (the extract stage divides by W; the cross-article stage does not, today).

Run: `.venv/bin/python -m bench.bench_scale [--n 200]` (the whole corpus takes about 30 min
on 2 cores).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpus import DEMO_DIR, FNC1_DIR, fnc1_bodies

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLENS_SHARED", ROOT.parent / "shared"))
TARGET_RATIO = 0.75  # analyze words/s over bare spaCy words/s, claims on (issue 12)
RSS_LIMIT_MB = 2000
PROJECT_TO = (100_000, 1_000_000)


def build_corpus(folder: Path) -> tuple[list[Path], list[str]]:
    """All real articles as files under folder, in a fixed order; and the sources used."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    used: list[str] = []
    demo = sorted(DEMO_DIR.glob("*.txt"))
    for p in demo:
        files.append(shutil.copy(p, folder / f"a_demo_{p.name}"))
    used.append(f"demo {len(demo)}")
    if (FNC1_DIR / "train_bodies.csv").is_file():
        bodies = fnc1_bodies()
        for body_id, text in bodies:
            path = folder / f"b_fnc1_{int(body_id):06d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        used.append(f"FNC-1 {len(bodies)}")
    for label, sub in (("PolNeAR", "data/polnear/train"), ("PolNeAR dev", "data/polnear/dev"),
                       ("TimeBank", "data/timebank/text")):  # fmt: skip
        src = SHARED / sub
        if not src.is_dir():
            used.append(f"{label} missing")
            continue
        texts = sorted(src.glob("*.txt"))
        for p in texts:
            files.append(shutil.copy(p, folder / f"c_{sub.replace('/', '_')}_{p.name}"))
        used.append(f"{label} {len(texts)}")
    return _interleave(files), used


def _interleave(files: list[Path]) -> list[Path]:
    """Round-robin over the sources (file-name prefix), so every N mixes them alike."""
    groups: dict[str, list[Path]] = {}
    for p in files:
        groups.setdefault(p.name.split("_")[0] + p.name.split("_")[1], []).append(p)
    out: list[Path] = []
    queues = [list(g) for g in groups.values()]
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def _child(files: list[str], db: str, workers: int = 1) -> dict[str, float]:
    """Bare spaCy, then analyze, on the same files, in this fresh process."""
    from bench.stages import peak_rss_mb, reset_peak_rss, rss_mb
    from storylens.analyze import analyze
    from storylens.extract.pipeline import masked_text
    from storylens.ingest import read_inputs
    from storylens.model import Article
    from storylens.nlp import load_embedder, load_nlp

    nlp = load_nlp()
    load_embedder()
    analyze([DEMO_DIR], str(Path(db).with_suffix(".warmup.db")))
    articles = [a for a in read_inputs(files) if isinstance(a, Article) and a.analysed]
    words = sum(len(a.text.split()) for a in articles)
    start = time.perf_counter()
    for _doc in nlp.pipe((masked_text(a) for a in articles), batch_size=32):
        pass
    bare = time.perf_counter() - start
    del articles
    reset_peak_rss()
    before = rss_mb()
    seen: dict[str, float] = {}

    def on_article(_records: object) -> None:
        seen["extract_end"] = time.perf_counter()

    start = time.perf_counter()
    result = analyze(files, db, on_article=on_article, workers=workers)
    total = time.perf_counter() - start
    extract = seen.get("extract_end", start) - start
    return {
        "articles": float(len(result.added)),
        "words": float(words),
        "bare": bare,
        "total": total,
        "extract": extract,
        "cross": total - extract,
        "rss_before": before,
        "rss_peak": peak_rss_mb(),
    }


def _run(files: list[Path], db: Path, workers: int) -> dict[str, float]:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_child, [str(p) for p in files], str(db), workers).result()


def _fit(ns: list[float], ts: list[float]) -> tuple[float, float]:
    """a, b of t = a * n^b by least squares on logs (b = 1 is linear)."""
    xs = [math.log(n) for n in ns]
    ys = [math.log(max(t, 1e-6)) for t in ts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / max(
        1e-12, sum((x - mx) ** 2 for x in xs)
    )
    return math.exp(my - b * mx), b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=0, help="articles in the smallest run (0: a quarter of the corpus)"
    )
    parser.add_argument("--workers", type=int, default=8, help="workers assumed in the projection")
    parser.add_argument(
        "--analyze-workers",
        type=int,
        default=1,
        help="local --workers of the measured analyze (bare spaCy stays one process)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, used = build_corpus(Path(tmp) / "corpus")
        n = args.n or len(files) // 4
        if 4 * n > len(files):
            print(f"--n {n}: only {len(files)} articles at hand; using N = {len(files) // 4}")
            n = len(files) // 4
        print(f"corpus: {', '.join(used)}; N = {n}; analyze --workers {args.analyze_workers}")
        runs = []
        for k in (1, 2, 4):
            runs.append(_run(files[: k * n], Path(tmp) / f"scale{k}.db", args.analyze_workers))
            r = runs[-1]
            print(  # each size as it ends: a long run shows its progress
                f"  {k}N = {int(r['articles'])} articles: bare {r['bare']:.1f}s, analyze "
                f"{r['total']:.1f}s (extract {r['extract']:.1f}s, cross {r['cross']:.1f}s), "
                f"peak RSS {r['rss_peak']:.0f} MB",
                flush=True,
            )
    print(f"{'':<30}" + "".join(f"{int(r['articles']):>12}" for r in runs) + "  (articles)")
    for key, label in (("bare", "bare spaCy nlp.pipe"), ("total", "analyze, end to end"),
                       ("extract", "  extract stage"), ("cross", "  cross-article stage")):  # fmt: skip
        print(f"  {label:<28}" + "".join(f"{r[key]:11.1f}s" for r in runs))
    ratios = [r["bare"] / r["total"] for r in runs]
    print(f"  {'analyze / bare spaCy speed':<28}" + "".join(f"{x:12.2f}" for x in ratios))
    print(f"  {'peak RSS of analyze':<28}" + "".join(f"{r['rss_peak']:10.0f}MB" for r in runs))
    growth = runs[2]["rss_peak"] / max(1.0, runs[0]["rss_peak"])
    print(f"  peak RSS 4N/N: {growth:.2f} (target < 1.2); at 4N {runs[2]['rss_peak']:.0f} MB "
          f"({'under' if runs[2]['rss_peak'] < RSS_LIMIT_MB else 'OVER'} {RSS_LIMIT_MB} MB)")  # fmt: skip
    ns = [r["articles"] for r in runs]
    print(
        f"projection (t = a * n^b fitted on the three sizes; {args.workers} workers for extract):"
    )
    for stage in ("extract", "cross"):
        a, b = _fit(ns, [r[stage] for r in runs])
        cells = []
        for target in PROJECT_TO:
            t = a * target**b / (args.workers if stage == "extract" else 1)
            cells.append(f"{target:,}: {t / 3600:7.2f} h")
        print(f"  {stage:<8} b = {b:.2f}   " + "   ".join(cells))
    print(f"scale: analyze at 4N runs at {ratios[2]:.2f}x bare spaCy "
          f"({'meets' if ratios[2] >= TARGET_RATIO else 'MISSES'} target {TARGET_RATIO})")  # fmt: skip


if __name__ == "__main__":
    main()
