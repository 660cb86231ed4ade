"""`make eval`: every extractor's scores on the dev gold, beside its baseline's, in one run.

python -m eval                  print the table
python -m eval --json           the same rows as JSON
python -m eval --update-floors  raise floors in eval/floors.json to today's scores
                                (--allow-lower also lowers them: say why in CHANGELOG.md)
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from eval.common import FLOORS_PATH, Score, dev_story, gold_sha256, load_gold, print_scores

# Scorer modules, each with evaluate(story, gold) -> list[Score]; order = print order.
SCORERS = ("statements", "actors", "boilerplate", "events", "claims", "sourcing")
COUNT_METRICS = {"mixed"}  # rows whose P/R/F1 columns all carry a count, lower is better


def all_scores() -> list[Score]:
    """Analyse the dev articles once (claims included), run every scorer; then the open sets."""
    story = dev_story(with_claims=True)
    gold = load_gold()
    rows: list[Score] = []
    for name in SCORERS:
        module = importlib.import_module(f"eval.{name}")
        rows.extend(module.evaluate(story, gold))
    from eval.open_sets import evaluate_open

    rows.extend(evaluate_open())
    from eval.sourcing import evaluate_khashoggi

    rows.extend(evaluate_khashoggi())
    from eval.timebank import evaluate_timebank

    rows.extend(evaluate_timebank())  # TempEval-3 time expressions, rows timex@timebank
    return rows


def load_floors() -> dict:
    return (
        json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
        if FLOORS_PATH.exists()
        else {"floors": {}}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--update-floors", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args(argv)
    rows = all_scores()
    data = load_floors()
    floors = data.get("floors", {})
    if args.json:
        print(json.dumps([r.__dict__ | {"key": r.key} for r in rows], indent=1))
    else:
        print(
            f"dev gold sha256 {gold_sha256()[:16]}  (floors measured on {str(data.get('gold_sha256', '?'))[:16]})"
        )
        print_scores(rows, floors)
        from eval.stance import recorded_dev_scores

        dev = recorded_dev_scores()
        print(
            f"stance/storylens/fnc-dev (FNC-1 dev split holding out whole topics, recorded at training; "
            f"recompute: python -m eval.stance --data DIR): FNC score {dev['fnc_score_pct']:.2f}% "
            f"of max, macro-F1 {dev['macro_f1']:.4f}"
        )
    if args.update_floors:
        new = {}
        for r in rows:
            # Floors hold storylens' own scores; "mixed" is a count (gated at 0 in the test).
            if r.system != "storylens" or r.metric in COUNT_METRICS:
                continue
            old = floors.get(r.key, {})
            value = {m: round(getattr(r, m) - 0.005, 3) for m in ("precision", "recall", "f1")}
            if not args.allow_lower and old:
                value = {m: max(value[m], old.get(m, 0.0)) for m in value}
            new[r.key] = value
        FLOORS_PATH.write_text(
            json.dumps(
                {
                    "gold_sha256": gold_sha256(),
                    "note": "floors = measured score - 0.005; "
                    "raise with --update-floors, lower only with --allow-lower and a CHANGELOG line",
                    "floors": new,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {FLOORS_PATH}")
    below = [r.key for r in rows if r.key in floors and r.f1 + 1e-9 < floors[r.key]["f1"]]
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
