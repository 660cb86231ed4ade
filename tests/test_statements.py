"""Who said what: sentence -> expected statements (demo sentences and ones written to break the
rules), speaker resolution inside a paragraph, and the real demo files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as hst

from storylens.extract import masked_text
from storylens.extract.statements import statements_in
from storylens.ingest import read_inputs
from storylens.model import Article, Statement, article_id_for
from storylens.nlp import load_nlp

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def run(nlp, text: str) -> tuple[Article, tuple[Statement, ...]]:
    article = Article(id=article_id_for(text), path="t.txt", text=text)
    return article, statements_in(nlp(masked_text(article)), article)


def ref_text(article: Article, st: Statement) -> str | None:
    if st.speaker_ref_start is None:
        return None
    return article.text[st.speaker_ref_start : st.speaker_ref_end]


# (text, [(speaker_text, cue, content, kind), ...])
CASES = [
    # --- direct quotes, demo sentences
    (
        "“At present, the US military does not plan to leave Iraq,” Pentagon spokesman Jonathan Hoffman said.",
        [
            (
                "Pentagon spokesman Jonathan Hoffman",
                "said",
                "At present, the US military does not plan to leave Iraq,",
                "direct",
            )
        ],
    ),
    (
        "The letter was “poorly worded, (it) involves withdrawal, it’s not happening,” said Miley.",
        [
            (
                "Miley",
                "said",
                "poorly worded, (it) involves withdrawal, it’s not happening,",
                "direct",
            )
        ],
    ),
    (
        '"Any attacks on diplomats may accelerate the pace of withdrawal," according to Dan.',
        [
            (
                "Dan",
                "according to",
                "Any attacks on diplomats may accelerate the pace of withdrawal,",
                "direct",
            )
        ],
    ),
    (
        'And former National Security Adviser Stephen Hadley advised the US administration to "clearly announce its commitment to the sovereignty of Iraq."',
        [
            (
                "former National Security Adviser Stephen Hadley",
                "advised",
                "clearly announce its commitment to the sovereignty of Iraq.",
                "direct",
            )
        ],
    ),
    # broken marks: space before the closing mark, closing mark glued to the cue
    (
        'Roche told Al-Jazeera Net that "Washington can deal with the results. "',
        [("Roche", "told", "Washington can deal with the results.", "direct")],
    ),
    (
        "“I believe that at the moment no one in the Iraqi government would like this, ”he said.",
        [
            (
                "he",
                "said",
                "I believe that at the moment no one in the Iraqi government would like this,",
                "direct",
            )
        ],
    ),
    # a long appositive speaker; the parser hangs the closing mark and the comma on the name
    (
        "“The plan is bad for us,” Vann R. Newkirk II, a writer for The Atlantic, said on Twitter.",
        [("Vann R. Newkirk II", "said", "The plan is bad for us,", "direct")],
    ),
    # more than a dozen tokens of speaker between the quote and its cue, then a continuation
    (
        '"They would never get an immunity deal," Rep. Jim Jordan (R-Ohio), an oversight panel '
        'member, said in a phone interview. "But everyone else gets a different standard."',
        [
            ("Rep. Jim Jordan", "said", "They would never get an immunity deal,", "direct"),
            ("Rep. Jim Jordan", "said", "But everyone else gets a different standard.", "direct"),
        ],
    ),
    # a quoted title before the cue, and the cue's own clause after it: the clause is what was
    # said, not the title (the quote took the cue until the fix, and the clause was lost)
    (
        'In an interview on CBS\'s "Face the Nation," House Speaker Paul Ryan said the protests '
        "demand more listening.",
        [("House Speaker Paul Ryan", "said", "the protests demand more listening", "indirect")],
    ),
    # the next sentence's cue, whose own clause holds a quote, never takes the quote before it
    (
        'Japan branded North Korea an "outlaw nation in the neighborhood." Russia insisted that '
        'Pyongyang "stop its dangerous escapade."',
        [("Russia", "insisted", 'Pyongyang "stop its dangerous escapade."', "indirect")],
    ),
    # ... but a clause the parser hangs on the cue past a comma keeps the quote its cue
    (
        "“It’s finished,” she said of the election, in which she was sure Trump would triumph.",
        [("she", "said", "It’s finished,", "direct")],
    ),
    # a relayed claim: the claim is Riyadh's, state media only passed it on
    (
        "Khashoggi was killed inside the consulate, Riyadh admitted on Saturday, state media "
        "reported.",
        [("Riyadh", "admitted", "Khashoggi was killed inside the consulate", "indirect")],
    ),
    # ... and a participle in the relayed clause is its subject's, not the channel's
    (
        'The minister slammed the allegations as "lies," stressing that the accusations were '
        "targeting the government, Reuters reported.",
        [
            ("The minister", "slammed", 'the allegations as "lies,"', "indirect"),
            (
                "The minister",
                "stressing",
                "the accusations were targeting the government",
                "indirect",
            ),
        ],
    ),
    # a participle in a relative clause is the clause's subject's (the relative pronoun
    # stands for the name the title is an apposition of), not the outer speaker's
    (
        "They said the envoy was called in to clarify the whereabouts of Khashoggi, a critic of "
        "Riyadh who left last year saying he feared retribution.",
        [
            (
                "They",
                "said",
                "the envoy was called in to clarify the whereabouts of Khashoggi, a critic of "
                "Riyadh who left last year",
                "indirect",
            ),
            ("Khashoggi", "saying", "he feared retribution", "indirect"),
        ],
    ),
    # a content that closes on a clause with its own attribution: two statements, each its
    # speaker's (the consulate's content ran on over the officials' words until the fix)
    (
        "The consulate said the writer left its building, directly contradicting "
        "Turkish officials who say they believe the writer is still inside.",
        [
            ("The consulate", "said", "the writer left its building", "indirect"),
            ("Turkish officials", "say", "they believe the writer is still inside", "indirect"),
        ],
    ),
    # --- reported speech, demo sentences
    (
        "He added, during a visit to Jordan, that Baghdad had not asked Washington to withdraw its forces, adding that the game had changed.",
        [
            ("He", "added", "Baghdad had not asked Washington to withdraw its forces", "indirect"),
            ("He", "adding", "the game had changed", "indirect"),
        ],
    ),
    # a postposed "according to": the content is the clause before it, never the full stop
    # after it ("CLAUSE, according to X." lost its content until the fix)
    (
        "Clinton plans to visit Charlotte on Sunday, according to a campaign aide.",
        [
            (
                "a campaign aide",
                "according to",
                "Clinton plans to visit Charlotte on Sunday",
                "indirect",
            )
        ],
    ),
    (
        "In 2013, according to the ministry, the army left the city.",
        [("the ministry", "according to", "the army left the city", "indirect")],
    ),
    (
        "According to him, the Iraqi authorities did not give permission for such an operation.",
        [
            (
                "him",
                "According to",
                "the Iraqi authorities did not give permission for such an operation",
                "indirect",
            )
        ],
    ),
    (
        "As the US Department of Defense noted, the attack was aimed at deterring future Iranian attack plans.",
        [
            (
                "the US Department of Defense",
                "noted",
                "the attack was aimed at deterring future Iranian attack plans",
                "indirect",
            )
        ],
    ),
    (
        "Sources in Washington confirmed to Al-Arabiya that the words were limited to the embassy.",
        [
            (
                "Sources in Washington",
                "confirmed",
                "the words were limited to the embassy",
                "indirect",
            )
        ],
    ),
    # a "mixed" statement (reported clause with an embedded quote) is indirect, the clause is content
    (
        'He also noted that the United States wants to "be a friend and partner in a sovereign Iraq."',
        [
            (
                "He",
                "noted",
                'the United States wants to "be a friend and partner in a sovereign Iraq."',
                "indirect",
            )
        ],
    ),
    (
        "The Iraqi Foreign Ministry called Washington’s actions a gross violation of the conditions.",
        [
            (
                "The Iraqi Foreign Ministry",
                "called",
                "Washington’s actions a gross violation of the conditions",
                "indirect",
            )
        ],
    ),
    # --- sentences written to break the rules
    ("He said nothing.", []),  # no content: not a statement
    (
        "Senior Iraqi officials worriedly called their American counterparts on Monday.",
        [],
    ),  # phoned
    ("Many Iraqis view the American forces as “occupying” forces.", []),  # scare quotes, no cue
    ("” The American raid is an assault “\n\nThe raid came at night.", []),  # headline in quotes
    ("“Deliberately threatens”\n\nA few days later the vote came.", []),
    ("It is worth noting that several bases are deployed in Iraq.", []),  # the author's voice
    # PolNeAR annotates "expressed <attitude>" as what was said; "what he called" stays the
    # author's words about the speaker, not a statement of its own
    (
        "With Iran, he expressed concern about what he called militancy.",
        [("he", "expressed", "concern about what he called militancy", "indirect")],
    ),
    (
        "The minister told reporters on Tuesday that the talks would resume in March.",
        [("The minister", "told", "the talks would resume in March", "indirect")],
    ),
    # "with A saying X and B saying Y": the parser coordinates B into X; B says Y (X keeps
    # the "and Riyadh" the parse gives it: a known flaw, within the span-match rule)
    (
        "Officials gave conflicting accounts, with Ankara saying there was no evidence that he had "
        "left the mission and Riyadh saying he exited the premises the same day.",
        [
            (
                "Ankara",
                "saying",
                "there was no evidence that he had left the mission and Riyadh",
                "indirect",
            ),
            ("Riyadh", "saying", "he exited the premises the same day", "indirect"),
        ],
    ),
    # a number picking speakers out of a group is a speaker (Khashoggi: the Turkish
    # official's quote was lost when "one" was read as a quantity)
    (
        '"We believe that the murder was premeditated," one of the two Turkish officials told Reuters.',
        [
            (
                "one of the two Turkish officials",
                "told",
                "We believe that the murder was premeditated,",
                "direct",
            )
        ],
    ),
    (
        "“We will not leave,” the general insisted, “not this year.”",
        [
            ("the general", "insisted", "We will not leave,", "direct"),
            ("the general", "insisted", "not this year.", "direct"),  # the quote goes on
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence(nlp, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    article, found = run(nlp, text)
    got = [(s.speaker_text, s.cue, s.content, s.kind) for s in found]
    assert got == expected
    for s in found:
        assert s.content == article.text[s.start : s.end]
        assert article.text[s.cue_start : s.cue_end] == s.cue
        assert 0.0 <= s.score <= 1.0


@pytest.mark.parametrize(
    ("text", "cue", "expected_ref"),
    [
        (
            "US Defense Secretary Mark Esper denied this. Former adviser Stephen Hadley disagreed. "
            "The US Secretary of Defense stressed that his country will take deterrence measures.",
            "stressed",
            "Mark Esper",
        ),
        (
            "As for the expert, Calais Thomas, at the institute, she said in an interview that relations will be damaged.",
            "said",
            "Calais Thomas",
        ),
        pytest.param(
            "Vladimir Batyuk spoke to RT. Moreover, according to the analyst, Washington is now threatening Baghdad.",
            "according to",
            "Vladimir Batyuk",
            # a role noun with no speaker before it stays unnamed now: the nearest person
            # mention gave "the official" to the missing journalist in the Khashoggi story
            marks=pytest.mark.xfail(strict=True),
        ),
        ("Iraqi officials told the Daily Beast that relations were in danger.", "told", None),
        (
            "According to political scientists, Iraq has every right to demand the withdrawal.",
            "According to",
            None,
        ),
        ("The Pentagon said that the decision was made by Donald Trump.", "said", "Pentagon"),
        pytest.param(
            # the gold wants the State Department: "he" is a nameless official introduced as
            # "a senior official of the US Foreign Ministry"; we pick the last named person
            "Mark Esper said on CBS that he saw no evidence. This was stated by a senior official of "
            "the US Foreign Ministry. “I cannot predict the actions of the council,” he said.",
            "said",
            "US Foreign Ministry",
            marks=pytest.mark.xfail(strict=True),
        ),
    ],
)
def test_speaker_reference(nlp, text: str, cue: str, expected_ref: str | None) -> None:
    """The name the speaker of the last statement with this cue refers to."""
    article, found = run(nlp, text)
    matching = [s for s in found if s.cue == cue]
    assert matching, [s.cue for s in found]
    ref = ref_text(article, matching[-1])
    assert ref == expected_ref or (expected_ref and ref and expected_ref in ref)


def test_demo_files(nlp) -> None:
    """Every demo article: statements found, offsets exact, none in boilerplate, stable ids."""
    paths = sorted(CORPUS.glob("*.txt"))
    articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
    assert len(articles) == 5
    total = 0
    for article in articles:
        doc = nlp(masked_text(article))
        found = statements_in(doc, article)
        assert found == statements_in(doc, article)  # pure
        total += len(found)
        assert len({s.id for s in found}) == len(found)
        for s in found:
            assert s.content == article.text[s.start : s.end]
            assert s.content.strip()
            assert not article.in_boilerplate(s.start, s.end)
            if s.speaker_ref_start is not None:
                assert s.speaker_ref_end > s.speaker_ref_start
    assert total >= 60


def test_demo_hoffman_quote_resolves(nlp) -> None:
    """RT: the pronoun in '“...,” he said.' refers to Jonathan Hoffman, named a line before."""
    path = next(CORPUS.glob("003_*.txt"))
    article = next(a for a in read_inputs([path]) if isinstance(a, Article))
    found = statements_in(nlp(masked_text(article)), article)
    first_he = next(s for s in found if s.speaker_text == "he")
    assert ref_text(article, first_he) == "Jonathan Hoffman"
    assert first_he.kind == "direct"


def test_speaker_text_never_opens_with_the_paragraph_break(nlp) -> None:
    """The parser can hang the blank line before a paragraph on its first word: the speaker
    text is then "\\n\\nDean" in the export and the report (PolNeAR dev showed three)."""
    text = (
        "The adviser called on the governor to apologise to the candidate for his remark.\n\n"
        "“My reaction, that was outrageous,” the former strategist said in an interview with a "
        "television host. “He, like the candidate, has refused to apologise for an outrageous "
        "statement. He really should.”\n\n"
        "Dean, a former party chairman and presidential candidate, poked at the candidate "
        "during the Monday night debate, tweeting, “Notice the sniffing all the time.”"
    )
    _, found = run(nlp, text)
    speakers = [st.speaker_text for st in found if st.cue == "tweeting"]
    assert speakers == ["Dean"]
    assert all(st.speaker_text == st.speaker_text.strip() for st in found if st.speaker_text)


def test_headline_name_colon_line_when_the_body_names_the_speaker(nlp) -> None:
    """`Pence: ...` headlines: spaCy rarely tags the lone surname, so the line counts when the
    article names that person in full elsewhere; a word the article never names does not."""
    text = (
        "Pence: The Tweet Was Only a Joke About the Debate\n\n"
        "On Sunday, Republican vice presidential nominee Mike Pence spoke on television."
    )
    _, found = run(nlp, text)
    assert [(s.speaker_text, s.cue, s.content) for s in found if s.cue == ":"] == [
        ("Pence", ":", "The Tweet Was Only a Joke About the Debate")
    ]
    other = "Breaking: The Tweet Was Only a Joke\n\nRepublican nominee Mike Pence spoke on Sunday."
    _, found = run(nlp, other)
    assert not [s for s in found if s.cue == ":"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The senator ended the hearing after warning that the bank would face new rules.",
         "The senator"),
        ("President Barack Obama responded to a mother on Wednesday by saying his refusal was "
         "a manufactured issue.", "President Barack Obama"),
    ],
)  # fmt: skip
def test_a_cue_under_a_preposition_speaks_for_the_clause_subject(nlp, text, speaker) -> None:
    """'X responded by saying ...', 'X ended ... after warning that ...': the gerund has no
    subject of its own; the clause's subject says it (PolNeAR dev gave these no speaker)."""
    _article, found = run(nlp, text)
    assert [s.speaker_text for s in found] == [speaker]


def test_reported_speech_stops_at_the_line_break(nlp) -> None:
    """A headline with no final stop is joined by the parser to the next line ("Saudi Arabia
    admits journalist Khashoggi killed in consulate\\n\\nSaudi Arabia has admitted ..."): its
    content ended inside the next paragraph (two false statements on the Khashoggi story)."""
    text = (
        "Saudi Arabia admits journalist Khashoggi killed in consulate\n\n"
        "Saudi Arabia has admitted after weeks of denials that dissident journalist Jamal "
        "Khashoggi was killed inside its consulate in Istanbul."
    )
    _article, found = run(nlp, text)
    assert found
    assert all("\n" not in st.content for st in found), [st.content for st in found]
    assert any(st.content.startswith("dissident journalist Jamal Khashoggi") for st in found)


@given(
    hst.lists(hst.sampled_from(["a", "b", " ", "\n", ","]), min_size=1, max_size=40),
    hst.integers(0, 39),
    hst.integers(0, 39),
    hst.integers(0, 39),
)
def test_one_paragraph_keeps_the_cue_side_without_a_line_break(chars, i, j, k) -> None:
    """Property: the kept span lies inside the given one and holds no line break; a span
    without a break is returned as it is."""
    from storylens.extract.statements import _Cue, _one_paragraph

    text = "".join(chars)
    n = len(text)
    start, end = sorted((min(i, n), min(j, n)))
    cue_at = min(k, n)
    cue = _Cue(token=None, speaker=None, text_start=cue_at, text_end=cue_at)  # type: ignore[arg-type]
    s, e = _one_paragraph(text, cue, (start, end))
    if "\n" not in text[start:end]:
        assert (s, e) == (start, end)
    else:
        assert (start <= s and e <= end) or s >= e
        assert "\n" not in text[s:e]


def test_a_surname_spacy_labels_org_is_still_the_last_speaker(nlp) -> None:
    """spaCy labels the same surname PERSON in one sentence and ORG in the next ("Don
    Fowler" ... "But Fowler said"); the ORG label kept Fowler out of the speakers a later
    "he" looks back over, and "he noted" went to the speaker before him (PolNeAR dev)."""
    text = (
        "Former party chairman Don Fowler argued that the party should act. “It is wide "
        "open,” said Elaine Kamarck, a veteran of the committee. Kamarck noted that the "
        "process had not changed. But Fowler said the politics would be more intense — and "
        "he noted that any change would occur later."
    )
    article, found = run(nlp, text)
    noted = [s for s in found if s.cue == "noted" and s.speaker_text == "he"]
    assert [ref_text(article, s) for s in noted] == ["Fowler"]
