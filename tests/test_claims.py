"""Claims and relations: positions read from parses, contradictions with reasons, clustering."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.model import Article, ArticleRecords, Statement, article_id_for
from storylens.nlp import load_nlp
from storylens.resolve.claims import positions_in, resolve_claims

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"


def _records(*items: tuple[str, str]) -> list[ArticleRecords]:
    """One article holding the given (speaker, statement) pairs, in order."""
    text = " ".join(f'{speaker} said "{content}".' for speaker, content in items)
    art = Article(id=article_id_for(text), path="hand.txt", text=text)
    statements, pos = [], 0
    for n, (speaker, content) in enumerate(items):
        start = text.index(content, pos)
        pos = start + len(content)
        statements.append(
            Statement(
                id=f"h{n}",
                article=art.id,
                start=start,
                end=pos,
                content=content,
                kind="direct",
                cue="said",
                speaker_text=speaker,
                speaker_actor=speaker.lower(),
            )
        )
    return [ArticleRecords(article=art, statements=tuple(statements))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("American forces will not leave Iraq", {("leave/stay", -1)}),
        ("the US military does not plan to leave Iraq", {("leave/stay", -1)}),
        ("his forces would reposition their forces outside Iraq", {("leave/stay", 1)}),
        ("the troops will remain in the country", {("leave/stay", -1)}),
        ("the cabinet will reject the plan", {("support/oppose", -1)}),
        ("the group is defeated in Syria", {("defeat/revive", 1)}),
        # hypothetical clauses take no side
        ("if the parliament votes, the troops will withdraw", set()),
        # a noun phrase is not an assertion
        ("the decision to withdraw was debated", set()),
    ],
)
def test_positions(sentence: str, expected: set[tuple[str, int]]) -> None:
    got = {(p.axis, p.side) for p in positions_in(load_nlp()(sentence))}
    assert got == expected


def test_negation_contradiction_has_reason() -> None:
    records = _records(
        ("Seely", "US forces will withdraw from Iraq in the coming weeks"),
        ("Milley", "US forces will not leave Iraq"),
    )
    _, relations = resolve_claims(records)
    contra = [r for r in relations if r.type == "contradict"]
    assert len(contra) == 1
    assert "'will not leave'" in contra[0].why and "'will withdraw'" in contra[0].why
    assert 0.0 < contra[0].score <= 1.0


def test_denial_answers_previous_statement() -> None:
    records = _records(
        ("Trump", "Iran had plans to attack four embassies"),
        ("Esper", "he had seen no concrete evidence of it"),
    )
    _, relations = resolve_claims(records)
    assert [(r.a, r.b, r.type) for r in relations] == [("h0", "h1", "contradict")]
    assert relations[0].why.startswith("denial:")


def test_unrelated_statements_never_related() -> None:
    records = _records(
        ("Ana", "the weather in Lisbon was sunny all week"),
        ("Ben", "oil prices did not rise on Monday"),
    )
    claims, relations = resolve_claims(records)
    assert relations == []
    assert len(claims) == 2


def test_same_speaker_never_contradicts_self() -> None:
    records = _records(
        ("Trump", "the troops will leave Iraq"),
        ("Trump", "the troops will stay in Iraq"),
    )
    _, relations = resolve_claims(records)
    assert not [r for r in relations if r.type == "contradict"]


def test_paraphrases_form_one_claim() -> None:
    records = _records(
        ("Reuters", "the Iraqi parliament voted to expel foreign troops from Iraq"),
        ("AP", "Iraq's parliament voted to expel the foreign troops from the country"),
    )
    claims, _ = resolve_claims(records)
    assert len(claims) == 1
    assert claims[0].statements == ("h0", "h1")


def test_empty() -> None:
    assert resolve_claims([]) == ([], [])


@pytest.mark.slow
def test_demo_corpus_claims() -> None:
    from storylens.extract import extract_many
    from storylens.ingest import read_inputs

    articles = [a for a in read_inputs(sorted(EXAMPLES.glob("*.txt"))) if isinstance(a, Article)]
    records = list(extract_many(articles, load_nlp()))
    claims, relations = resolve_claims(records)
    statement_ids = {s.id for r in records for s in r.statements}
    claimed = [sid for c in claims for sid in c.statements]
    assert sorted(claimed) == sorted(statement_ids)  # each statement in exactly one claim
    assert all(r.why and r.a in statement_ids and r.b in statement_ids for r in relations)
    again, _ = resolve_claims(records)
    assert [c.id for c in again] == [c.id for c in claims]  # ids are stable
