"""Boilerplate on plain text (issue 15): captions, credits, page ids, reading times, prompts.

Rules are checked on lines written for these tests (not copied from a corpus), each with a
near miss that must stay article text; then the two open stories' gold is scored.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.ingest.boilerplate import boilerplate_spans

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLENS_SHARED", ROOT.parent / "shared"))

BODY = "The minister resigned on Friday after a week of protests in the capital."


def marked(text: str) -> list[str]:
    return [text[s.start : s.end] for s in boilerplate_spans(text)]


CLUTTER = [
    pytest.param("A girl waves a flag in the square. (Maria Lopez/Reuters)", id="credit-in-parens"),
    pytest.param("Crowds gather outside parliament [EPA]", id="credit-in-brackets"),
    pytest.param("Riot police block the avenue near the palace AFP", id="bare-agency"),
    pytest.param("Ana Ruiz Image Credit: Supplied", id="image-credit"),
    pytest.param("4 min read", id="reading-time"),
    pytest.param("12 March 2021", id="date-line"),
    pytest.param("3.1172209-55512", id="page-id"),
    pytest.param("With reporting by Reuters and AP", id="reporting-credit"),
    pytest.param("Read more: Ministers meet again", id="read-more"),
    pytest.param("Last Update: 12 March 2021 10:15 GST", id="last-update"),
    pytest.param("Follow us on Twitter", id="follow-prompt"),
    pytest.param("© 2021 Example Media. All rights reserved.", id="footer"),
    pytest.param("Advertisement", id="ad-label"),
    pytest.param("Advertisement-content continues below", id="ad-label-with-tail"),
]  # fmt: skip


@pytest.mark.parametrize("line", CLUTTER)
def test_clutter_line_is_marked_whole(line: str) -> None:
    text = f"{BODY}\n\n{line}\n\n{BODY}"
    assert marked(text) == [line]


PROSE = [
    pytest.param("He said the vote (held in May) was fair.", id="parenthesis-mid-sentence"),
    pytest.param("The deal was signed by the EU and NATO.", id="acronyms-in-a-sentence"),
    pytest.param("Officials from the agency, AP said, were present.", id="agency-inside-a-sentence"),
    pytest.param("Follow the money, investigators say, and the motive appears.", id="follow-as-a-verb"),
    pytest.param("Read more carefully, the letter says something else entirely.", id="read-as-a-verb"),
    pytest.param("Journalist Lena Varga, who lives in Oslo, not seen since her visit", id="subheadline"),
    pytest.param("There are two: Cory Booker (D-N.J.) and Tim Scott (R-S.C.)", id="aside-closing-a-line"),
    pytest.param("A bill was proposed. It would help pets, the senator said. (Reuters)", id="text-credited-to-an-agency"),
    pytest.param("The mayor said in the letter that the advertisement suggests police support him.", id="advertisement-as-a-word"),
    pytest.param("Firefighters reached the Liaoning Advertisement Vocational College at noon.", id="advertisement-in-a-name"),
    pytest.param("Advertisement spending rose five percent this year.", id="advertisement-opening-a-sentence"),
]  # fmt: skip


@pytest.mark.parametrize("line", PROSE)
def test_prose_line_is_not_marked(line: str) -> None:
    text = f"{BODY}\n\n{line}\n\n{BODY}"
    assert marked(text) == []


def test_dateline_before_the_lead_marks_only_the_date() -> None:
    text = " date 2021-03-12 Protesters returned to the square on Friday, police said.\n"
    assert marked(text) == ["date 2021-03-12"]


def test_first_line_is_a_title_not_a_caption() -> None:
    text = "Riot police block the avenue near the palace AFP\n\n" + BODY
    assert marked(text) == []


@given(st.text(alphabet=st.sampled_from("ab AP()[]/\n.:0123-©Read more"), max_size=300))
def test_spans_sorted_disjoint_inside_and_text_kept(text: str) -> None:
    spans = boilerplate_spans(text)
    for a, b in itertools.pairwise(spans):
        assert a.end < b.start
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()


def _score(name: str, corpus: Path, gold_path: Path) -> tuple[float, float]:
    from eval.boilerplate import evaluate
    from storylens.ingest import read_inputs
    from storylens.model import Article, ArticleRecords, Story

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    paths = [corpus / d["doc"] for d in gold["documents"]]
    story = Story(
        records=[ArticleRecords(article=a) for a in read_inputs(paths) if isinstance(a, Article)]
    )
    row = next(r for r in evaluate(story, gold) if r.system == "storylens")
    return row.precision, row.recall


@pytest.mark.parametrize(
    ("name", "corpus", "gold"),
    [
        ("demo-dev", ROOT / "examples" / "iraq-withdrawal", ROOT / "eval/gold/iraq-withdrawal-dev.json"),
        ("khashoggi", SHARED / "corpus" / "khashoggi", SHARED / "gold" / "khashoggi.json"),
    ],
)  # fmt: skip
def test_open_story_gold_boilerplate(name: str, corpus: Path, gold: Path) -> None:
    """The issue's target: recall >= 0.80 at precision >= 0.90 (characters, eval/boilerplate)."""
    if not gold.is_file():
        pytest.skip(f"{name}: {gold} not present")
    precision, recall = _score(name, corpus, gold)
    assert precision >= 0.90 and recall >= 0.80, (precision, recall)


def test_scorer_counts_non_whitespace_characters() -> None:
    """eval/boilerplate: half the gold marked and as much outside it: P 0.5, R 0.5."""
    from eval.boilerplate import evaluate
    from storylens.model import Article, ArticleRecords, Span, Story

    text = "AAAA BBBB\nbody text CCCC"
    article = Article(id="x", path="d/doc.txt", text=text, boilerplate=(Span(0, 4), Span(20, 24)))
    gold = {"documents": [{"doc": "doc.txt", "boilerplate": ["AAAA BBBB"]}]}
    row = next(
        r
        for r in evaluate(Story(records=[ArticleRecords(article=article)]), gold)
        if r.system == "storylens"
    )
    assert (row.precision, row.recall, row.support) == (0.5, 0.5, 8)
