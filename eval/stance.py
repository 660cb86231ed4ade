"""Stance model score on the FNC-1 dev split: whole topics held out of FNC-1's training data
(no headline, near-duplicate headline or body in both parts), as in the competition test;
beside it the older split by body id (headlines shared with training), which overstates it.

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

__all__ = ["recorded_body_split_scores", "recorded_dev_scores"]


def recorded_dev_scores() -> dict:
    """The dev-split scores stored beside the artefact when it was trained."""
    return json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))["dev"]


def recorded_body_split_scores() -> dict | None:
    """The scores on the older split by body id, where recorded."""
    provenance = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    return provenance.get("dev_body_split")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FNC-1 dev-split score of the stance model")
    parser.add_argument("--data", help="FNC-1 training data folder: recompute instead of reading")
    args = parser.parse_args(argv)
    if args.data:
        from storylens.resolve.stance_train import main as train_main

        return train_main(["--data", args.data, "--dev-only"])
    dev = recorded_dev_scores()
    print(
        f"stance/storylens/fnc-dev-topic  FNC score {dev['fnc_score_pct']:.2f}% of max  "
        f"macro-F1 {dev['macro_f1']:.4f}  ({dev['pairs']} pairs, {dev['bodies']} bodies)"
    )
    body = recorded_body_split_scores()
    if body:
        print(
            f"stance/storylens/fnc-dev-body   FNC score {body['fnc_score_pct']:.2f}% of max  "
            f"macro-F1 {body['macro_f1']:.4f}  ({body['pairs']} pairs; headlines shared with "
            "training: overstates the competition test)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
