"""Stance batch speed: a 25,000-pair FNC-1-layout batch through `storylens stance --claims`.

Target (issue #3): under 10 minutes on 2 CPU cores. The pairs are the first 25,000 rows of
FNC-1's *training* stances (the competition test set is never read); only the timing is
measured here, not accuracy. The ratio printed last is the time over the 10-minute target
(below 1 is within it). Options: --pairs N.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from bench.corpus import FNC1_DIR, FNC1_MISSING, fnc1_available

TARGET_SECONDS = 600


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_stance")
    parser.add_argument("--pairs", type=int, default=25_000)
    args = parser.parse_args()
    if not fnc1_available():
        print(f"skipped: {FNC1_MISSING}")
        return
    from storylens.resolve.stance import fnc_batch, load_stance_model

    load_stance_model()
    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims.csv"
        out = Path(tmp) / "out.csv"
        with (
            (FNC1_DIR / "train_stances.csv").open(encoding="utf-8", newline="") as src,
            claims.open("w", encoding="utf-8", newline="") as dst,
        ):
            reader = csv.DictReader(src)
            writer = csv.writer(dst)
            writer.writerow(["Headline", "Body ID"])
            for i, row in enumerate(reader):
                if i >= args.pairs:
                    break
                writer.writerow([row["Headline"], row["Body ID"]])
        start = time.perf_counter()
        n = fnc_batch(claims, FNC1_DIR / "train_bodies.csv", out)
        seconds = time.perf_counter() - start
    verdict = "ok" if seconds < TARGET_SECONDS else "over target"
    print(f"stance batch: {n} pairs in {seconds:.0f} s ({n / seconds:.0f} pairs/s)")
    print(f"ratio to the 10-minute target: {seconds / TARGET_SECONDS:.2f} ({verdict})")


if __name__ == "__main__":
    main()
