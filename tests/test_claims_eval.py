"""The contradiction scorer: a pair the gold implies through its agreements is right."""

from __future__ import annotations

from eval.claims import _implied


def test_gold_contradictions_close_over_agreements() -> None:
    gold = {
        "agreements": [{"a": "lead_left", "b": "body_left"}, {"a": "lead_inside", "b": "body_inside"}],
        "contradictions": [{"a": "lead_left", "b": "lead_inside"}],
    }  # fmt: skip
    listed = {frozenset(("lead_left", "lead_inside"))}
    implied = _implied(listed, gold)
    assert frozenset(("body_left", "body_inside")) in implied
    assert frozenset(("lead_left", "body_inside")) in implied
    # agreeing statements never contradict each other
    assert frozenset(("lead_left", "body_left")) not in implied
    assert _implied(listed, {"agreements": []}) == listed
