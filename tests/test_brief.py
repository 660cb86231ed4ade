"""The story brief and its labels (issue 14): propositions and event labels from a parse,
table-driven on sentences written for the test; the brief of the demo story; dates the
outlet did not print marked in the CLI; the stance box's cache changes no answer."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import cli
from storylens.nlp import load_nlp
from storylens.report import brief as b

PROPOSITIONS = [
    # (statement, holder, label)
    ("the army did not intend to withdraw its troops from the north", "Smith",
     "Smith: army did not intend to withdraw its troops"),
    ("The government is ready to implement the decision of the parliament", None,
     "government is ready to implement decision of parliament"),
    ("Baghdad had not asked Washington to withdraw its forces", "Esper",
     "Esper: Baghdad had not asked Washington to withdraw its forces"),
    ("the administration has yet to make any decisions", "Esper",
     "Esper: administration has yet to make decisions"),
    ("The president said that the country does not want to be a battlefield", None,
     "country does not want to be battlefield"),
    ("we hope and strive to ensure that the armed forces remain in the region", "Lee",
     "Lee: we hope: armed forces remain in region"),
    ("the incident", "UN", "UN: the incident"),  # no verb: the words as they are
]  # fmt: skip


@pytest.mark.parametrize(("text", "holder", "label"), PROPOSITIONS)
def test_proposition_label(text: str, holder: str | None, label: str) -> None:
    assert b.proposition_label(load_nlp()(text), holder) == label


def test_proposition_label_is_short_and_never_cuts_a_word() -> None:
    text = (
        "the commission will examine every single one of the many long and detailed reports "
        "that the ministries of defence, finance, interior and foreign affairs have submitted"
    )
    label = b.proposition_label(load_nlp()(text))
    words = label.rstrip("…").split()
    assert len(words) <= b.LABEL_WORDS
    assert all(w in text for w in words)


EVENTS = [
    # (sentence, trigger word, label)
    ("The day before, the parliament voted to expel the foreign troops after the strike.",
     "voted", "parliament voted to expel foreign troops"),
    ("The letter, written Monday by General John K. Smith, reached the ministry.",
     "written", "letter written by General John K. Smith"),
    ("The first withdrawal of the troops took place in 2011.", "withdrawal",
     "first withdrawal of troops"),
    ("On March 3, the minister announced that the talks would resume.", "announced",
     "minister announced: talks would resume"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "trigger", "label"), EVENTS)
def test_event_label(sentence: str, trigger: str, label: str) -> None:
    assert b.event_label_parsed(load_nlp()(sentence), sentence.index(trigger)) == label


def test_one_sentence_three_dates_three_labels() -> None:
    """A sentence naming 2008, 2011 and 2014 is three happenings, not three copies."""
    s = (
        "The withdrawal under the 2008 agreement is unchanged, according to which the first "
        "American withdrawal took place in 2011 before their return in 2014."
    )
    doc = load_nlp()(s)
    labels = [b.event_label_parsed(doc, s.index(w)) for w in ("agreement", "first", "return")]
    assert len(set(labels)) == 3


@pytest.mark.parametrize(
    ("sentence", "trigger", "participants"),
    [
        ("Senior Iraqi officials worriedly called their American counterparts on Monday, "
         "which caused alarm.", "called", ["Iraqi", "American"]),
        ("Washington has been in a state of anarchy over the request, which came after it.",
         "request", []),
    ],
)  # fmt: skip
def test_word_window_label_keeps_whole_words(
    sentence: str, trigger: str, participants: list[str]
) -> None:
    i = sentence.index(trigger)
    label = b.event_label(sentence, i, i + len(trigger), participants)
    assert trigger in label
    assert all(re.search(rf"\b{re.escape(w)}\b", sentence) for w in label.split())
    assert "which" not in label  # cut at the clause


@pytest.fixture(scope="module")
def demo_brief(demo_db: Path) -> tuple[dict, b.BriefInputs]:
    from storylens.web.queries import _timeline_rows

    conn = sqlite3.connect(demo_db)
    try:
        events = _timeline_rows(conn, {})
        inputs = b.inputs_from_db(conn, events)
    finally:
        conn.close()
    return b.build_brief(inputs, b.label_statements(inputs.statements)), inputs


def test_demo_brief(demo_brief: tuple[dict, b.BriefInputs], demo_story) -> None:
    brief, _ = demo_brief
    assert brief["span"] == ["2020-01-04", "2023-12-14"]
    assert brief["span_inferred"]  # Al Jazeera's 2020-01-04 is inferred
    assert {o["outlet"] for o in brief["outlets"]} >= {"RT", "The Daily Beast", "Al Jazeera Net"}
    assert 5 <= len(brief["claims"]) <= 8
    # most reported first: the claims' outlet counts never rise
    counts = [c["outlets"] for c in brief["claims"]]
    assert counts == sorted(counts, reverse=True)
    for c in brief["claims"]:
        assert len(c["label"].split()) <= b.LABEL_WORDS + 3  # holder + label
        assert all(p["position"] in b.POSITIONS for p in c["positions"])
        assert all(p["links"] for p in c["positions"] if p["position"] != "silent")
    assert [e["date"] for e in brief["events"]] == sorted(e["date"] for e in brief["events"])
    assert len(brief["events"]) == b.BRIEF_EVENTS
    # every span link points at the text it claims
    text = {a.id: a.text for a in demo_story.articles}
    links = [c["link"] for c in brief["contradictions"]] + [e["link"] for e in brief["events"]]
    for link in links:
        article, start, end = re.fullmatch(r"/articles/(\w+)#(\d+)-(\d+)", link).groups()
        assert text[article][int(start) : int(end)].strip()


def test_demo_brief_says_who_denied_the_letter(demo_brief: tuple[dict, b.BriefInputs]) -> None:
    brief, _ = demo_brief
    line = next(
        c
        for c in brief["contradictions"]
        if c["verb"] == "denies" and "letter" in (c["whom"] + c["claim"]).lower()
    )
    assert line["who"] == "Mark Milley" and line["date"] == "2020-01-06"
    assert line["outlet"] == "The Daily Beast"


def test_cli_marks_dates_the_outlet_did_not_print(demo_db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["statements", "--db", str(demo_db), "--outlet", "RT"]).output
    assert "≈2020-01-15 (inferred)" in out
    out = runner.invoke(cli, ["statements", "--db", str(demo_db), "--outlet", "Daily Beast"])
    assert "≈" not in out.output  # its date is printed in the article
    out = runner.invoke(cli, ["statements", "--db", str(demo_db)]).output
    assert "according to Jonathan Hoffman" in out and "Hoffman According to" not in out
    tl = runner.invoke(cli, ["timeline", "--db", str(demo_db)]).output
    assert "RT (≈ date inferred)" in tl
    assert "Al Jazeera Net, Al Jazeera Net" not in tl


def test_stance_cache_changes_no_answer(demo_story) -> None:
    """The web's cached stance equals resolve.stance.stance_of_articles, and a second call
    embeds nothing new."""
    from storylens.resolve.stance import stance_of_articles
    from storylens.web.queries import stance_with_cache

    arts = sorted(demo_story.articles, key=lambda a: a.id)[:2]
    claim = "US troops will withdraw from Iraq"
    cache: dict = {}
    got = stance_with_cache(claim, arts, cache)
    assert [r for _, r in got] == [r for _, r in stance_of_articles(claim, arts)]
    size = len(cache)
    stance_with_cache("Iraq asks the troops to leave", arts, cache)
    assert len(cache) == size + 1  # only the new claim
