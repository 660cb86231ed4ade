"""The learned statement component: the shipped artefact, its provenance, its floors, and
sentences it must get right or must leave alone (written here, not taken from any corpus)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from storylens.extract import masked_text
from storylens.extract.statement_model import (
    MODEL_PATH,
    PROVENANCE_PATH,
    StatementModel,
    load_model,
)
from storylens.extract.statements import SPEECH_VERBS, statements_in
from storylens.model import Article, Statement, article_id_for
from storylens.nlp import load_nlp

FLOORS = Path(__file__).resolve().parent.parent / "eval" / "floors.json"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def model() -> StatementModel:
    m = load_model()
    assert m is not None, f"{MODEL_PATH} missing: run make train-statements"
    return m


def run(nlp, text: str) -> tuple[Article, tuple[Statement, ...]]:
    article = Article(id=article_id_for(text), path="t.txt", text=text)
    return article, statements_in(nlp(masked_text(article)), article)


def test_artefact_ships_small_with_provenance(model: StatementModel) -> None:
    assert MODEL_PATH.stat().st_size < 30 * 2**20
    prov = json.loads(PROVENANCE_PATH.read_text(encoding="utf-8"))
    for key in ("data", "command", "date", "dev", "seed", "thresholds"):
        assert key in prov, key
    assert "PolNeAR" in prov["data"] and "statement_train" in prov["command"]
    assert prov["thresholds"] == {
        "rule": model.threshold_rule,
        "learned": model.threshold_learned,
    }
    # the cue lexicon was learned: it holds cues the hand list lacks
    assert len(model.cue_lemmas - SPEECH_VERBS) >= 20
    assert {"urge", "accuse", "tweet"} <= model.cue_lemmas


def test_score_is_a_probability_and_uses_the_weights(model: StatementModel) -> None:
    say = model.score({"lemma": "say", "origin": "ccomp", "rule": "yes"})
    nothing = model.score({"lemma": "say", "origin": "ccomp", "rule": "yes", "unknown": "x"})
    assert 0.0 < say < 1.0 and math.isclose(say, nothing)
    assert model.score({"lemma": "say", "origin": "ccomp"}) > model.score(
        {"lemma": "eat", "origin": "complement"}
    )


def test_round_trip(model: StatementModel) -> None:
    assert StatementModel.from_json(model.to_json()) == model


def test_provenance_dev_score_meets_the_polnear_floors() -> None:
    """The artefact's own dev measurement against the floors `make eval` holds it to."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    prov = json.loads(PROVENANCE_PATH.read_text(encoding="utf-8"))["dev"]
    key = "statements@polnear-dev/storylens/span+speaker"
    assert key in floors
    assert prov["span+speaker_f1"] + 1e-9 >= floors[key]["f1"]
    assert prov["span+speaker_r"] + 1e-9 >= floors[key]["recall"]


# (text, expected (speaker_text or None, ref text or None, content substring)) per statement
POSITIVE = [
    # a cue the hand list lacks, learned from data
    (
        "Senator Maria Lopez urged the committee to delay the vote until March.",
        [("Senator Maria Lopez", "Maria Lopez", "the committee to delay the vote")],
    ),
    # fronted reported clause, no quote marks
    (
        "The plan will cost jobs in every county, Governor Tom Hale said on Monday.",
        [("Governor Tom Hale", "Tom Hale", "The plan will cost jobs in every county")],
    ),
    # the New York Times archive's doubled apostrophes are quote marks
    (
        "''We will not back down,'' said Mayor Ann Reid.",
        [("Mayor Ann Reid", "Ann Reid", "We will not back down")],
    ),
    # a relative pronoun speaks for the noun it hangs on
    (
        "The report angered the Farmers Union, which said that the subsidies were too low.",
        [("the Farmers Union", "Farmers Union", "the subsidies were too low")],
    ),
    # "she said" goes to the last speaker of her gender, across a quote by a man
    (
        "Hillary Clinton spoke first. “We need a plan,” Clinton said. “No,” Donald Trump "
        "replied. Later she said that the plan was ready.",
        [
            ("Clinton", "Clinton", "We need a plan"),
            ("Donald Trump", "Donald Trump", "No"),
            ("she", "Clinton", "the plan was ready"),
        ],
    ),
    # a quote signed on its line by a dash and a name
    (
        "“We deserve better than this.” ― Maria Gomez\nThe vote is on Tuesday.",
        [("Maria Gomez", "Maria Gomez", "We deserve better than this.")],
    ),
    # transcript lines
    (
        "WALLACE: Will she be at the debate?\n\nPENCE: She will not attend the debate.",
        [("WALLACE", "WALLACE", "Will she be at the debate?"), ("PENCE", "PENCE", "She will not")],
    ),
    # an unnamed official stays unnamed
    (
        "A senior official said that the talks had stalled.",
        [("A senior official", None, "the talks had stalled")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_statements_found(nlp, text: str, expected) -> None:
    _, found = run(nlp, text)
    got = [
        (
            st.speaker_text,
            text[st.speaker_ref_start : st.speaker_ref_end]
            if st.speaker_ref_start is not None
            else None,
            st.content,
        )
        for st in found
    ]
    assert len(got) == len(expected), got
    for (spk, ref, content), (e_spk, e_ref, e_content) in zip(got, expected, strict=True):
        assert spk == e_spk, got
        assert (ref is None) == (e_ref is None) and (e_ref is None or e_ref in ref), got
        assert e_content in content, got


NEGATIVE = [
    "He said nothing about the budget.",
    "WASHINGTON: The storm closed three schools on Monday.",  # a dateline, not a speaker
    "Senior officials called their counterparts on Monday.",  # phoned: nothing reported
    "The company makes cars and trucks in three states.",
    "Officials met in Geneva on Tuesday for the third round of talks.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_statement(nlp, text: str) -> None:
    assert run(nlp, text)[1] == ()


@pytest.mark.parametrize(
    ("text", "not_speaker"),
    [
        ("Keeps saying that the election is rigged.", "Keeps"),
        ("That said, the numbers were worse than expected.", "That"),
        ("The agency, which said that the numbers were wrong, closed.", "which"),
        ("Saturday said the storm would pass.", "Saturday"),
    ],
)
def test_never_a_speaker(nlp, text: str, not_speaker: str) -> None:
    for st in run(nlp, text)[1]:
        assert st.speaker_text != not_speaker
        assert st.speaker_text is None or not st.speaker_text.startswith(not_speaker + " ")


def test_rules_alone_still_work(nlp) -> None:
    text = "“We are leaving,” the minister said."
    article = Article(id=article_id_for(text), path="t.txt", text=text)
    doc = nlp(masked_text(article))
    (st,) = statements_in(doc, article, None)
    assert st.content == "We are leaving," and st.kind == "direct"
