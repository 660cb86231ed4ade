"""Participants resolved in the article: actors for names and descriptions, pronouns by the
nearest person of the right gender, and what that does to a contradiction's score."""

from __future__ import annotations

import pytest

from storylens.model import Article, ArticleRecords, Statement, article_id_for
from storylens.nlp import load_nlp
from storylens.resolve.actors import resolve_actors
from storylens.resolve.claims import CONTRADICT_THRESHOLD, resolve_claims
from storylens.resolve.participants import ParticipantIndex
from storylens.resolve.polarity import positions_in

FIRST = (
    "Journalist Jamal Khashoggi entered Saudi Arabia's consulate in Istanbul on Tuesday. His "
    "fiancee Hatice Cengiz "
    "waited outside for hours, and she called the police. Officials at the consulate said "
    "he exited the premises the same day."
)
SECOND = (
    "Turkish officials questioned Saudi Arabia's account of journalist Jamal Khashoggi's visit "
    "to Istanbul. "
    "Police sources said the journalist was still inside the consulate."
)


def _article(text: str, name: str) -> Article:
    return Article(id=article_id_for(text), path=name, text=text)


def _statement(art: Article, content: str, sid: str, speaker: str) -> Statement:
    start = art.text.index(content)
    return Statement(
        id=sid,
        article=art.id,
        start=start,
        end=start + len(content),
        content=content,
        kind="indirect",
        cue="said",
        speaker_text=speaker,
    )


def _story() -> tuple[list[ArticleRecords], list]:
    from storylens.extract import extract_many

    arts = [_article(FIRST, "a.txt"), _article(SECOND, "b.txt")]
    # the real per-article stage for mentions; the statements are set by hand
    a, b = extract_many(arts, load_nlp())
    a = ArticleRecords(
        article=a.article,
        mentions=a.mentions,
        statements=(
            _statement(a.article, "he exited the premises the same day", "s1", "Officials"),
        ),
    )
    b = ArticleRecords(
        article=b.article,
        mentions=b.mentions,
        statements=(
            _statement(
                b.article, "the journalist was still inside the consulate", "s2", "Police sources"
            ),
        ),
    )
    records = [a, b]
    return records, resolve_actors(records)


def test_pronoun_resolves_to_nearest_person_of_its_gender() -> None:
    records, actors = _story()
    texts = {r.article.id: r.article.text for r in records}
    index = ParticipantIndex(actors, texts)
    by_name = {a.name: a.id for a in actors}
    cengiz = next(i for n, i in by_name.items() if "Cengiz" in n)
    khashoggi = next(i for n, i in by_name.items() if "Khashoggi" in n)
    assert index.gender[cengiz] == "f"  # "Hatice Cengiz waited outside ..., and she"
    st = records[0].statements[0]
    (pos,) = index.resolve(st, texts[st.article], positions_in(load_nlp()(st.content)))
    # Cengiz is nearer, but "he" is not her
    assert pos.actor == khashoggi


def test_unknown_beats_wrong_without_a_person_before() -> None:
    text = "Nobody was named. Officials said he exited the premises the same day."
    art = _article(text, "c.txt")
    st = _statement(art, "he exited the premises the same day", "s", "Officials")
    index = ParticipantIndex([], {art.id: text})
    (pos,) = index.resolve(st, text, positions_in(load_nlp()(st.content)))
    assert pos.actor is None


def test_one_actor_on_both_sides_makes_a_confident_contradiction() -> None:
    records, actors = _story()
    _, with_actors = resolve_claims(records, actors)
    _, without = resolve_claims(records)
    (rel,) = [r for r in with_actors if r.type == "contradict"]
    assert rel.score >= CONTRADICT_THRESHOLD and "leave/stay" in rel.why
    # the same pair read without the story's actors: "he" and "the journalist" name nobody
    assert all(r.score < CONTRADICT_THRESHOLD for r in without if r.type == "contradict")


@pytest.mark.parametrize(
    ("sentence", "nominal", "expected"),
    [
        # a place of death is presence there: he did not leave
        ("Mr Khashoggi has been killed at the consulate", False, {("dead/alive", 1), ("leave/stay", -1)}),
        # a time is no place
        ("the journalist was killed in October", False, {("dead/alive", 1)}),
        # a statement that is a noun phrase takes a side only when its cue asserts it
        ("the death of Jamal Khashoggi at its consulate", True, {("dead/alive", 1), ("leave/stay", -1)}),
        ("the death of Jamal Khashoggi at its consulate", False, set()),
        # what evidence shows is asserted, and "no evidence" denies it
        ("there was no evidence that he had left the diplomatic mission", False, {("leave/stay", -1)}),
        ("there is evidence that the troops left the base", False, {("leave/stay", 1)}),
        ("the evidence that the troops left was thin", False, set()),
        ("they have recordings that prove that the journalist was killed inside the consulate", False,
         {("confirm/deny", 1), ("dead/alive", 1), ("leave/stay", -1)}),
    ],
)  # fmt: skip
def test_place_of_death_nominal_statements_and_evidence(
    sentence: str, nominal: bool, expected: set[tuple[str, int]]
) -> None:
    got = {(p.axis, p.side) for p in positions_in(load_nlp()(sentence), nominal=nominal)}
    assert got == expected


def test_a_lead_description_is_the_person_its_apposition_names() -> None:
    """A lead's delayed identification: "a Saudi contributor to the Washington Post" before
    "Khashoggi, a contributor to the Washington Post,". With two persons so described, or
    none, the description stays unnamed."""
    from storylens.model import Actor, Mention

    text = (
        "The consulate said a Saudi contributor to the Washington Post left its building. "
        "Jamal Khashoggi, a contributor to the Washington Post, has not been seen since."
    )
    art = _article(text, "lead.txt")
    name = text.index("Jamal Khashoggi")
    khashoggi = Actor(
        id="a_k",
        name="Jamal Khashoggi",
        type="PERSON",
        mentions=(Mention(art.id, name, name + 15, "Jamal Khashoggi", "PERSON"),),
    )
    st = _statement(
        art, "a Saudi contributor to the Washington Post left its building", "s", "The consulate"
    )
    index = ParticipantIndex([khashoggi], {art.id: text})
    (pos,) = index.resolve(st, text, positions_in(load_nlp()(st.content)))
    assert pos.actor == "a_k"
    other = text.replace("a contributor to", "a columnist for")
    art2 = _article(other, "lead2.txt")
    st2 = _statement(
        art2, "a Saudi contributor to the Washington Post left its building", "s", "The consulate"
    )
    moved = Actor(
        id="a_k",
        name="Jamal Khashoggi",
        type="PERSON",
        mentions=(Mention(art2.id, name, name + 15, "Jamal Khashoggi", "PERSON"),),
    )
    index2 = ParticipantIndex([moved], {art2.id: other})
    (pos2,) = index2.resolve(st2, other, positions_in(load_nlp()(st2.content)))
    assert pos2.actor is None
