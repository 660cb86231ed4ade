"""Claims and relations: positions read from parses, contradictions with reasons, clustering."""

from __future__ import annotations

from dataclasses import replace
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
        # nor is a question, a purpose, or an "otherwise" branch
        ("who in Iraq would like the withdrawal of American troops?", set()),
        ("Washington would do everything possible to prevent the withdrawal", set()),
        ("they will pay, otherwise we will stay there", set()),
        # a noun a causal verb asserts
        ("this could lead to the resumption of activity of the IG", {("defeat/revive", -1)}),
        ("no one in the Iraqi government would like this", {("support/oppose", -1)}),
        # presence in a place is the stay side; "in" alone is not a place ("in talks")
        ("they believe the writer is still inside", {("leave/stay", -1)}),
        ("the troops are still in Iraq", {("leave/stay", -1)}),
        ("the two sides are in talks", set()),
        # whether someone is dead, negation raised through "believe"
        ("the journalist was murdered inside the consulate", {("dead/alive", 1), ("leave/stay", -1)}),
        ('she "did not believe he has been killed"', {("dead/alive", -1)}),
        ("the talks devolved into a fist fight, leading to his death", {("dead/alive", 1)}),
    ],
)  # fmt: skip
def test_positions(sentence: str, expected: set[tuple[str, int]]) -> None:
    got = {(p.axis, p.side) for p in positions_in(load_nlp()(sentence))}
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "mode", "who"),
    [
        ("At present, the US military does not plan to leave Iraq", "fact", "forces"),
        ("his forces would reposition their forces outside Iraq", "fact", "forces"),
        ("it did not intend to withdraw troops from Iraq", "fact", "forces"),
        ("Trump wants to withdraw from the Iraq quagmire", "will", "trump"),
        ("The Iraqi government is ready to implement the decision", "will", "gov"),
        ("no one in the Iraqi government would like this", "will", "gov"),
        ("representatives of foreign forces must leave the country", "must", "representative"),
        ("Baghdad had not asked Washington to withdraw its forces", "must", "forces"),
        ("This organization is defeated in Iraq", "fact", None),  # an anaphor names no one
    ],
)
def test_position_mode_and_participant(sentence: str, mode: str, who: str | None) -> None:
    (pos,) = positions_in(load_nlp()(sentence))
    assert (pos.mode, pos.who) == (mode, who)


@pytest.mark.parametrize(
    ("first", "second", "contradict"),
    [
        # the same proposition, opposite sides, however differently worded
        ("his forces would reposition their forces outside Iraq", "American forces will not leave", True),
        ("the cabinet will support the parliament's decision", "the government does not plan to fulfill the will of parliamentarians", True),
        # a wish is not a plan; a demand is not a prediction
        ("Trump wants to withdraw from the Iraq quagmire", "the US did not intend to withdraw troops from Iraq", False),
        ("foreign forces must leave the country", "the US military does not plan to leave Iraq", False),
        # different objects, different participants
        ("the cabinet will support the parliament's decision", "it is difficult to oppose attacks on American forces", False),
        ("the Iraqi government will support the withdrawal decision", "Washington will reject the withdrawal decision", False),
    ],
)  # fmt: skip
def test_contradiction_needs_same_proposition(first: str, second: str, contradict: bool) -> None:
    _, relations = resolve_claims(_records(("Ana", first), ("Ben", second)))
    assert bool([r for r in relations if r.type == "contradict"]) == contradict


def test_three_descriptions_of_one_person_are_one_participant() -> None:
    """ "a contributor" who left and "the writer" still inside are one unnamed person, so the
    two accounts oppose; a stated presence can be confident, one inferred from where a killing
    happened ("killed inside": he was there) only possible."""
    _, relations = resolve_claims(
        _records(
            ("Consulate", "a contributor to the Washington Post left its building"),
            ("Officials", "they believe the writer is still inside"),
            ("Police", "the journalist was killed inside the consulate"),
        )
    )
    found = {(r.a, r.b): r for r in relations if r.type == "contradict"}
    assert ("h0", "h1") in found
    assert ("h0", "h2") in found
    assert found[("h0", "h2")].possible
    assert "leave/stay" in found[("h0", "h2")].why


def test_troops_are_not_an_individual() -> None:
    """Only a singular common noun becomes an unnamed individual; a force keeps its group."""
    nlp = load_nlp()
    (left,) = positions_in(nlp("the writer left the building"))
    (stays,) = positions_in(nlp("the troops are still in Iraq"))
    assert left.who is None and stays.who == "forces"


def test_denial_read_from_the_cue() -> None:
    """ "Esper denied this": the content is only "this", the cue carries the denial."""
    records = _records(
        ("Seely", "his forces would reposition their forces outside Iraq"),
        ("Esper", "this"),
    )
    art = records[0]
    st = art.statements[1]
    records = [
        ArticleRecords(
            article=art.article,
            statements=(art.statements[0], replace(st, cue="denied")),
        )
    ]
    _, relations = resolve_claims(records)
    assert [(r.a, r.b, r.type) for r in relations] == [("h0", "h1", "contradict")]
    assert relations[0].why.startswith("denial: 'denied'")


def test_denial_answers_what_it_names() -> None:
    """A denial naming a proposition answers the statement asserting it, not the nearest."""
    records = _records(
        ("Hood", "this could lead to the resumption of activity of the IG"),
        ("Experts", "Trump's reluctance to withdraw troops is explained by the campaign"),
        ("Batyuk", "the warnings about a potential revival of the Islamic State are unsound"),
    )
    _, relations = resolve_claims(records)
    assert [(r.a, r.b) for r in relations if r.type == "contradict"] == [("h0", "h2")]


@pytest.mark.xfail(
    strict=True,
    reason="a denial naming its source ('of the American side') is "
    "not matched to that speaker; the nearest statement wins",
)
def test_denial_names_its_source() -> None:
    records = _records(
        ("Pentagon", "the attack was aimed at deterring future Iranian attack plans"),
        ("Russia", "the assassination would lead to increased tension in the region"),
        ("Abdul Mahdi", "the Iraqi authorities did not give permission for such an operation"),
        ("UN", "the explanations of the American side cannot serve as a basis for the killing"),
    )
    _, relations = resolve_claims(records)
    assert [(r.a, r.b) for r in relations if r.type == "contradict"] == [("h0", "h3")]


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


def test_no_claim_holds_both_sides_of_a_contradiction(demo_story) -> None:
    """A claim groups statements that say the same thing (issue 14: 3 of 6 mixed sides)."""
    contradicting = {frozenset((r.a, r.b)) for r in demo_story.relations if r.type == "contradict"}
    assert contradicting
    multi = [c for c in demo_story.claims if len(c.statements) > 1]
    assert multi
    for claim in multi:
        inside = set(claim.statements)
        assert not [p for p in contradicting if p <= inside], claim


def test_clusters_keep_cannot_linked_statements_apart() -> None:
    from storylens.resolve.claims import CLAIM_SIMILARITY, _clusters

    high = (CLAIM_SIMILARITY + 0.05, False)
    pairs = {(0, 1): high, (1, 2): high, (2, 3): high, (0, 3): high}
    assert sorted(map(sorted, _clusters(4, pairs))) == [[0, 1, 2, 3]]
    split = sorted(map(sorted, _clusters(4, pairs, {frozenset((0, 2))})))
    assert all(not {0, 2} <= set(g) for g in split)
    assert sum(map(len, split)) == 4


def test_a_headline_takes_no_part_in_relations() -> None:
    """The title line (and its repeated copy) restates the lead: its statements join claims,
    but the contradiction is the lead's, said once."""
    head = "Officials say the journalist was killed inside the consulate"
    text = (
        f"{head}\n\n{head}\n\nOfficials say the journalist was killed inside the consulate. "
        "The consulate said the journalist left the building."
    )
    art = Article(id=article_id_for(text), path="h.txt", text=text, title=head)
    spans = [
        (text.index("the journalist was killed"), "the journalist was killed inside the consulate", "Officials"),
        (text.index("the journalist was killed", len(head) + 2), "the journalist was killed inside the consulate", "Officials"),
        (text.rindex("the journalist was killed"), "the journalist was killed inside the consulate", "Officials"),
        (text.index("the journalist left"), "the journalist left the building", "The consulate"),
    ]  # fmt: skip
    statements = tuple(
        Statement(
            id=f"t{n}", article=art.id, start=s, end=s + len(c), content=c, kind="indirect",
            cue="say", speaker_text=who, speaker_actor=who.lower(),
        )
        for n, (s, c, who) in enumerate(spans)
    )  # fmt: skip
    _, relations = resolve_claims([ArticleRecords(article=art, statements=statements)])
    contra = {frozenset((r.a, r.b)) for r in relations if r.type == "contradict"}
    assert contra == {frozenset(("t2", "t3"))}


@pytest.mark.parametrize(
    ("first", "second", "confident"),
    [
        # one predicate on no axis, the same arguments, opposite polarity
        ("the plane was not hit by a missile", "the plane was hit by a missile", True),
        # a rebuttal on other objects is at most possible
        ("the immunity deals did not require witnesses to cooperate with the FBI",
         "the deals required the recipients to still cooperate with other investigative entities", False),
    ],
)  # fmt: skip
def test_a_verb_on_no_axis_contradicts_only_its_own_negation(first, second, confident) -> None:
    from storylens.resolve.claims import CONTRADICT_THRESHOLD

    _, relations = resolve_claims(_records(("Ana", first), ("Ben", second)))
    contra = [r for r in relations if r.type == "contradict"]
    assert any(r.score >= CONTRADICT_THRESHOLD for r in contra) == confident
    if confident:
        assert "does:hit" in contra[0].why


def test_different_subjects_of_one_verb_do_not_contradict() -> None:
    _, relations = resolve_claims(
        _records(
            ("Ana", "the army did not fire the missile"), ("Ben", "the rebels fired the missile")
        )
    )
    assert not [r for r in relations if r.type == "contradict" and "does:" in r.why]


def _with_cue(records: list[ArticleRecords], index: int, cue: str) -> list[ArticleRecords]:
    (rec,) = records
    sts = list(rec.statements)
    sts[index] = replace(sts[index], cue=cue)
    return [replace(rec, statements=tuple(sts))]


def test_a_named_denial_takes_the_other_side_of_what_it_names() -> None:
    """'denied the reports that Khashoggi was killed' is the alive side about him: it meets
    an assertion of the killing however differently worded; denying a killing inside is no
    claim that he left, so it does not meet 'he was still inside'."""
    records = _with_cue(
        _records(
            ("SPA", "the reports that Khashoggi was killed inside the consulate"),
            ("Ankara", "Khashoggi was strangled by agents and killed within minutes"),
            ("Reuters", "Khashoggi was still inside the consulate"),
        ),
        0,
        "denied",
    )
    _, relations = resolve_claims(records)
    contra = {frozenset((r.a, r.b)): r for r in relations if r.type == "contradict"}
    assert "(dead/alive): 'denied: was killed" in contra[frozenset(("h0", "h1"))].why
    other = contra.get(frozenset(("h0", "h2")))
    assert other is None or "leave/stay" not in other.why


@pytest.mark.parametrize(
    ("content", "denial"),
    [
        ('Friday allegations regarding the death of Khashoggi as "lies,"', "lies"),
        ("the report was a complete fabrication", "fabrication"),
        # an accusation of lying, or the verb, denies nothing said
        ("Trump tells so many lies that Clinton could lose her message", None),
        ("the answer lies in the talks", None),
    ],
)
def test_a_denial_noun_denies_only_what_it_is_said_of(content: str, denial: str | None) -> None:
    from storylens.resolve.polarity import denial_in

    nlp = load_nlp()
    assert denial_in(content, nlp(content), nlp("said")) == denial
