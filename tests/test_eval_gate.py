"""Accuracy gate: dev-gold scores may not fall below the floors in eval/floors.json.

Floors were measured on the gold whose hash floors.json records; a changed gold set fails
here until the floors are re-measured (`python -m eval --update-floors`). Raising a floor is
free; lowering one needs `--allow-lower` and a line in CHANGELOG.md saying why.
"""

from __future__ import annotations

import json

import pytest

from eval.__main__ import all_scores
from eval.common import FLOORS_PATH, gold_sha256


@pytest.fixture(scope="module")
def scores():
    return {r.key: r for r in all_scores()}


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS_PATH.read_text(encoding="utf-8"))


def test_floors_were_measured_on_this_gold(floors: dict) -> None:
    assert floors["gold_sha256"] == gold_sha256(), (
        "dev gold changed: re-measure with python -m eval --update-floors"
    )


def test_every_floor_is_met(scores, floors: dict) -> None:
    below = []
    for key, floor in floors["floors"].items():
        assert key in scores, f"{key} is no longer measured"
        for metric, value in floor.items():
            got = getattr(scores[key], metric)
            if got + 1e-9 < value:
                below.append(f"{key} {metric}: {got:.3f} < floor {value:.3f}")
    assert not below, "accuracy fell below the floors:\n" + "\n".join(below)


def test_no_actor_mixes_two_gold_persons(scores) -> None:
    assert scores["actors/storylens/mixed"].f1 == 0


def test_storylens_beats_its_baselines(scores) -> None:
    assert (
        scores["statements/storylens/span+speaker"].f1
        > scores["statements/textacy/span+speaker"].f1
    )
    assert scores["actors/storylens/b-cubed"].f1 > scores["actors/exact-string/b-cubed"].f1
    assert scores["events/storylens/date"].recall > scores["events/publication-date/date"].recall
