"""Propositions: what a statement is about, which story its article tells, what a denial names."""

from __future__ import annotations

import pytest

from storylens.model import Article, ArticleRecords, Mention, Statement, article_id_for
from storylens.nlp import load_nlp
from storylens.resolve.claims import CONTRADICT_THRESHOLD, resolve_claims
from storylens.resolve.propositions import (
    argument_keys,
    denied_proposition,
    same_story,
    story_keys,
)


@pytest.mark.parametrize(
    ("content", "cue", "named"),
    [
        ("the reports of Khashoggi's murder", "denied", "Khashoggi's murder"),
        ("claims that Khashoggi had been kidnapped", "dismissed", "Khashoggi had been kidnapped"),
        ("talk of his possible abduction", "dismissed", "his possible abduction"),
        (
            "there was no evidence that he had left the diplomatic mission",
            "saying",
            "he had left the diplomatic mission",
        ),
        # an anaphor, or a bare speech noun, names nothing: the denial answers what it follows
        ("this", "denied", None),
        ("these baseless allegations", "denounced", None),
        # a denial of what someone said ("the words of ...") is an anaphor in effect
        ("no evidence that could be a confirmation of the words of the president", "said", None),
    ],
)
def test_denied_proposition(content: str, cue: str, named: str | None) -> None:
    nlp = load_nlp()
    assert denied_proposition(nlp(content), nlp(cue)) == named


def test_argument_keys_are_entities_and_content_nouns() -> None:
    keys = argument_keys(load_nlp()("Turkish officials said Khashoggi was killed in the consulate"))
    assert {"khashoggi", "consulate"} <= keys
    assert "official" not in keys  # a generic noun says nothing about what is claimed


def _article(text: str, entities: list[tuple[str, str]], statements: list[tuple[str, str, str]]):
    """An article with the given (text, label) mentions and (speaker, cue, content) statements."""
    art = Article(id=article_id_for(text), path=f"{article_id_for(text)}.txt", text=text)
    mentions = []
    for name, label in entities:
        start = text.index(name)
        mentions.append(Mention(art.id, start, start + len(name), name, label))
    sts = []
    for n, (speaker, cue, content) in enumerate(statements):
        start = text.index(content)
        sts.append(
            Statement(
                id=f"{art.id}-{n}",
                article=art.id,
                start=start,
                end=start + len(content),
                content=content,
                kind="indirect",
                cue=cue,
                speaker_text=speaker,
                speaker_actor=speaker.lower().replace(" ", "_"),
            )
        )
    return ArticleRecords(article=art, mentions=tuple(mentions), statements=tuple(sts))


STORY = [("Khashoggi", "PERSON"), ("Istanbul", "GPE"), ("Saudi Arabia", "GPE"), ("Turkey", "GPE")]


def test_story_keys_and_same_story() -> None:
    a = _article(
        "Khashoggi entered the consulate in Istanbul. Saudi Arabia and Turkey met.", STORY, []
    )
    b = _article("Turkey said Khashoggi died in Istanbul; Saudi Arabia denied it.", STORY, [])
    c = _article(
        "BP said in London that Shell and Exxon will buy back shares.",
        [("BP", "ORG"), ("London", "GPE"), ("Shell", "ORG"), ("Exxon", "ORG")],
        [],
    )
    assert "khashoggi" in story_keys(a)
    assert same_story(story_keys(a), story_keys(b))
    assert not same_story(story_keys(a), story_keys(c))


def test_unrelated_stories_never_contradict() -> None:
    """Opposite sides of one axis, but the two articles share no named entity."""
    a = _article(
        "In London, BP said the company will withdraw from the Russian market. Shell agreed.",
        [("London", "GPE"), ("BP", "ORG"), ("Shell", "ORG")],
        [("BP", "said", "the company will withdraw from the Russian market")],
    )
    b = _article(
        "The Marine Corps said its units will not leave Okinawa, the Pentagon confirmed.",
        [("Marine Corps", "ORG"), ("Okinawa", "GPE"), ("Pentagon", "ORG")],
        [("Marine Corps", "said", "its units will not leave Okinawa")],
    )
    _, relations = resolve_claims([a, b])
    assert not [r for r in relations if r.type == "contradict"]


def test_named_denial_answers_the_statement_asserting_it_in_another_article() -> None:
    """ "denied the reports of Khashoggi's murder" contradicts the report that he was
    murdered, not the statement it follows."""
    a = _article(
        "Turkish police said Khashoggi was murdered at the consulate in Istanbul. "
        "Saudi Arabia and Turkey are talking.",
        STORY,
        [("Turkish police", "said", "Khashoggi was murdered at the consulate in Istanbul")],
    )
    b = _article(
        "The consulate said its staff were working with Turkey in Istanbul. "
        "Saudi Arabia denied the reports of Khashoggi's murder.",
        STORY,
        [
            ("The consulate", "said", "its staff were working with Turkey in Istanbul"),
            ("Saudi Arabia", "denied", "the reports of Khashoggi's murder"),
        ],
    )
    _, relations = resolve_claims([a, b])
    contra = [r for r in relations if r.type == "contradict"]
    assert [(r.a, r.b) for r in contra] == [(a.statements[0].id, b.statements[1].id)]
    assert contra[0].why.startswith("denial of 'Khashoggi's murder'")
    assert contra[0].score >= CONTRADICT_THRESHOLD and not contra[0].possible
