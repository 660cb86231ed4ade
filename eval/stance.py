"""Stance model score on the FNC-1 dev split (made by body id from FNC-1's training data).

Prints the scores recorded in the artefact's provenance (`storylens/resolve/models/
stance-fnc1.json`); with `--data DIR` (the FNC-1 training CSVs) it recomputes them with the
train part's model, as `stance_train --dev-only` does. FNC-1's competition test set is never
read.

    .venv/bin/python -m eval.stance [--data ../shared/data/fnc1]
"""

from __future__ import annotations

import argparse
import json

from storylens.resolve.stance import MODEL_PATH

__all__ = ["recorded_dev_scores"]


def recorded_dev_scores() -> dict:
    """The dev-split scores stored beside the artefact when it was trained."""
    return json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))["dev"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FNC-1 dev-split score of the stance model")
    parser.add_argument("--data", help="FNC-1 training data folder: recompute instead of reading")
    args = parser.parse_args(argv)
    if args.data:
        from storylens.resolve.stance_train import main as train_main

        return train_main(["--data", args.data, "--dev-only"])
    dev = recorded_dev_scores()
    print(
        f"stance/storylens/fnc-dev  FNC score {dev['fnc_score_pct']:.2f}% of max  "
        f"macro-F1 {dev['macro_f1']:.4f}  ({dev['pairs']} pairs, {dev['bodies']} bodies)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
