"""The TempEval-3 scorer of eval/timebank.py on hand-made gold and predictions."""

from __future__ import annotations

from eval.timebank import Pred, score


def _rows(golds, preds):
    return {r.metric: r for r in score("s", golds, preds)}


GOLD = [
    {"doc": "d", "start": 0, "end": 6, "type": "DATE", "value": "1998-02-13"},
    {"doc": "d", "start": 10, "end": 20, "type": "DATE", "value": "1998-W06"},
    {"doc": "d", "start": 30, "end": 40, "type": "DURATION", "value": "P3D"},
    {"doc": "e", "start": 0, "end": 5, "type": "TIME", "value": "1998-02-13TNI"},
]


def test_strict_relaxed_and_value() -> None:
    preds = [
        Pred("d", 0, 6, "DATE", "1998-02-13"),  # exact, right value
        Pred("d", 8, 20, "DATE", "1998-W07"),  # overlaps, wrong value
        Pred("d", 50, 55, "DATE", "1998"),  # spurious
        Pred("d", 30, 40, "DURATION", "P3D"),
    ]
    rows = _rows(GOLD, preds)
    dt = rows["date+time-strict"]
    assert (dt.precision, dt.recall) == (1 / 3, 1 / 3)
    rel = rows["date+time-relaxed"]
    assert (rel.precision, rel.recall) == (2 / 3, 2 / 3)
    val = rows["date+time-value"]
    assert (val.precision, val.recall) == (1 / 3, 1 / 3)
    assert rows["date+time-value-acc"].f1 == 0.5
    assert rows["DURATION-value"].f1 == 1.0
    assert rows["TIME-relaxed"].recall == 0.0


def test_a_prediction_matches_one_gold_only() -> None:
    golds = [
        {"doc": "d", "start": 0, "end": 4, "type": "DATE", "value": "1998"},
        {"doc": "d", "start": 5, "end": 9, "type": "DATE", "value": "1999"},
    ]
    rows = _rows(golds, [Pred("d", 0, 9, "DATE", "1998")])
    assert rows["date+time-relaxed"].recall == 0.5
    assert rows["date+time-relaxed"].precision == 1.0
