"""Stance model: the artefact, its provenance, the FNC-1 batch round trip, clear cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from storylens.resolve.stance import (
    MODEL_PATH,
    StanceResult,
    fnc_batch,
    predict_stances,
    sentence_spans,
)
from storylens.resolve.stance_train import fnc_score, macro_f1, split_by_body, split_by_topic

CLAIM = "Apple to buy Tesla for 100 billion dollars"
AGREE_BODY = (
    "Apple has agreed to buy Tesla for 100 billion dollars, both companies confirmed on Monday. "
    "The deal, announced in a joint statement, makes it the largest technology acquisition ever. "
    "Tesla shareholders will receive Apple stock."
)
DISAGREE_BODY = (
    "Reports that Apple will buy Tesla for 100 billion dollars are false. Apple denied the "
    "rumor on Monday, calling it a hoax, and Tesla said there is no evidence of any talks. "
    "The fake story was spread on social media."
)
UNRELATED_BODY = (
    "Heavy rain flooded the streets of Venice on Tuesday. The city's mayor asked residents to "
    "stay at home while pumps cleared the water from St Mark's Square."
)


def test_artefact_small_with_provenance() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 20_000_000
    provenance = MODEL_PATH.parent / "PROVENANCE.md"
    assert "FNC-1" in provenance.read_text(encoding="utf-8")
    assert MODEL_PATH.with_suffix(".json").exists()


# Short hand-written bodies are unlike FNC-1's long news bodies; until the lexical model
# (2026-12-07) the model read the agreeing and the refuting one both as "discuss".
@pytest.mark.parametrize(
    ("body", "expected"),
    [(AGREE_BODY, "agree"), (DISAGREE_BODY, "disagree"), (UNRELATED_BODY, "unrelated")],
)
def test_clear_cases(body: str, expected: str) -> None:
    (result,) = predict_stances([(CLAIM, body)])
    assert result.label == expected


def test_related_bodies_carry_evidence() -> None:
    results = predict_stances(
        [(CLAIM, AGREE_BODY), (CLAIM, DISAGREE_BODY), (CLAIM, UNRELATED_BODY)]
    )
    for res, body in zip(results[:2], (AGREE_BODY, DISAGREE_BODY), strict=True):
        assert isinstance(res, StanceResult) and 0.0 < res.score <= 1.0
        assert res.label != "unrelated"
        assert res.evidence and all(0 <= s < e <= len(body) for s, e in res.evidence)
    assert results[2].evidence == ()


def test_fnc_batch_round_trip(tmp_path: Path) -> None:
    bodies = tmp_path / "bodies.csv"
    claims = tmp_path / "stances.csv"
    out = tmp_path / "out.csv"
    with bodies.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerows([["7", AGREE_BODY], ["9", UNRELATED_BODY]])
    with claims.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(
            [[CLAIM, "7", "agree"], [CLAIM, "9", "unrelated"], ["Venice, flooded", "9", "x"]]
        )
    assert fnc_batch(claims, bodies, out) == 3
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Headline", "Body ID", "Stance"]
    assert [r[:2] for r in rows[1:]] == [[CLAIM, "7"], [CLAIM, "9"], ["Venice, flooded", "9"]]
    assert rows[1][2] != "unrelated" and rows[2][2] == "unrelated"
    assert rows[3][2] in {"agree", "disagree", "discuss", "unrelated"}


def test_empty_batch() -> None:
    assert predict_stances([]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two sentences here!", ["One.", "Two sentences here!"]),
        ('He said "no." Then left.', ['He said "no."', "Then left."]),
        ("A line\nAnother line", ["A line", "Another line"]),
        # a regex splitter: abbreviations with a capital after them split (known, kept for speed)
        pytest.param(
            "U.S. Forces left", ["U.S. Forces left"], marks=pytest.mark.xfail(strict=True)
        ),
        ("", []),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_fnc_score_and_macro_f1() -> None:
    gold = ["unrelated", "agree", "disagree", "discuss"]
    assert fnc_score(gold, gold) == 100.0
    # related/unrelated right but the stance wrong: 0.25 of 1.0 for the related pair
    assert fnc_score(["agree"], ["discuss"]) == 25.0
    assert fnc_score(["unrelated"], ["agree"]) == 0.0
    assert macro_f1(gold, gold) == 1.0


def test_split_by_body_keeps_bodies_apart() -> None:
    rows = [(f"h{i}", str(i % 50), "unrelated") for i in range(500)]
    train, dev = split_by_body(rows)
    assert not {rows[i][1] for i in train} & {rows[i][1] for i in dev}
    assert sorted(train + dev) == list(range(500))
    assert split_by_body(rows) == (train, dev)  # fixed seed


def test_split_by_topic_holds_out_whole_topics() -> None:
    """No headline, near-duplicate headline or body on both sides; the seed fixes the split."""
    topics = [f"storm{t} hits city{t} coast" for t in range(40)]
    rows = []
    for t, head in enumerate(topics):
        for b in range(3):
            rows.append((head, f"{t}-{b}", "discuss" if b else "agree"))
        # a near-duplicate of the headline with a body of its own: the same topic
        rows.append((head.replace("hits", "hit"), f"{t}-dup", "disagree"))
        # unrelated pairings with another topic's body
        rows.append((head, f"{(t + 1) % 40}-0", "unrelated"))
    train, dev = split_by_topic(rows)
    assert train and dev
    norm = {h: h.replace("hit ", "hits ") for h, _, _ in rows}
    for field in (0, 1):
        seen_train = {norm.get(rows[i][field], rows[i][field]) for i in train}
        seen_dev = {norm.get(rows[i][field], rows[i][field]) for i in dev}
        assert not seen_train & seen_dev
    assert split_by_topic(rows) == (train, dev)


def test_lexical_model_learns_refutation_on_unseen_topics() -> None:
    """The lexical model, fitted on FNC-1 topics, ranks the bodies that refute or confirm a
    claim of topics it never saw above the others (a model that learned nothing: AUC 0.5).
    The lead sentences stand in for the nearest ones here, so no embedding is needed."""
    from sklearn.metrics import roc_auc_score

    from bench.corpus import FNC1_DIR, FNC1_MISSING, fnc1_available
    from storylens.resolve.stance import lexical_probabilities
    from storylens.resolve.stance_train import fit_lexical, read_fnc

    if not fnc1_available():
        pytest.skip(FNC1_MISSING)
    bodies, rows = read_fnc(FNC1_DIR)
    train, dev = split_by_topic(rows)

    def related(idx: list[int]) -> list[int]:
        return [i for i in idx if rows[i][2] != "unrelated"]

    def lead(i: int) -> str:
        text = bodies[rows[i][1]]
        return " ".join(text[s:e] for s, e in sentence_spans(text)[:3])

    fit_at, score_at = related(train), related(dev)
    lexical = fit_lexical([lead(i) for i in fit_at], [rows[i][2] for i in fit_at])
    probs = lexical_probabilities(lexical, [lead(i) for i in score_at])
    gold = [rows[i][2] for i in score_at]
    # measured 2026-12-07: disagree 0.634, agree 0.763
    assert roc_auc_score([g == "disagree" for g in gold], probs[:, 1]) >= 0.60
    assert roc_auc_score([g == "agree" for g in gold], probs[:, 0]) >= 0.73


def test_shipped_model_meets_its_topic_split_floor() -> None:
    """The artefact's recorded topic-split scores (its train part's model on held-out topics)
    stay at or above what the lexical model reached: a retrain that loses them fails here."""
    import json

    dev = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))["dev"]
    assert dev["macro_f1"] >= 0.615  # 0.6228 on 2026-12-07 (0.5626 before the lexical model)
    assert dev["fnc_score_pct"] >= 78.5  # 79.06
    assert dev["confusion"]["disagree"]["disagree"] > 0
