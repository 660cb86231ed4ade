"""Actors: merges across spellings, people kept apart, corrections, the name normaliser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storylens.model import Article, ArticleRecords, Mention, Sentence
from storylens.resolve.actors import Correction, apply_corrections, resolve_actors
from storylens.resolve.names import (
    name_tokens,
    normalise_name,
    org_key,
    org_normal_form,
    phonetic_key,
)

DEMO = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"


def record(article_id: str, text: str, names: list[tuple[str, str]]) -> ArticleRecords:
    """An article whose text holds each name (found left to right), one sentence per line."""
    article = Article(id=article_id, path=f"{article_id}.txt", text=text)
    mentions, pos = [], 0
    for surface, label in names:
        start = text.index(surface, pos)
        mentions.append(Mention(article_id, start, start + len(surface), surface, label))
        pos = start + len(surface)
    sentences, start = [], 0
    for line in text.split("\n"):
        if line:
            sentences.append(Sentence(article_id, start, start + len(line)))
        start += len(line) + 1
    return ArticleRecords(article=article, sentences=tuple(sentences), mentions=tuple(mentions))


def P(name: str) -> tuple[str, str]:
    return (name, "PERSON")


def Org(name: str) -> tuple[str, str]:
    return (name, "ORG")


def grouping(records: list[ArticleRecords]) -> list[set[str]]:
    """Each actor as the set of 'article:surface' of its mentions."""
    return [{f"{m.article}:{m.text}" for m in a.mentions} for a in resolve_actors(records)]


def together(groups: list[set[str]], *items: str) -> bool:
    return any(set(items) <= g for g in groups)


# (articles as (text, names), items that must share an actor)
MERGE_CASES = [
    pytest.param(
        [
            (
                "Brigadier General William Cilly III, commander of Task Force Iraq, wrote it.",
                [P("William Cilly III")],
            ),
            (
                "Marine General William H. Seely III wrote it.\nSeeley said more.",
                [P("William H. Seely III"), P("Seeley")],
            ),
        ],
        ["a:William Cilly III", "b:William H. Seely III", "b:Seeley"],
        id="seely-cilly-seeley",
    ),
    pytest.param(
        [
            ("The Joint Chief of Staff, General Mike Millie, stated it.", [P("Mike Millie")]),
            (
                "General Mark Milley, Chairman of the Joint Chiefs of Staff, said so.\nMiley agreed.",
                [P("Mark Milley"), P("Miley")],
            ),
        ],
        ["a:Mike Millie", "b:Mark Milley", "b:Miley"],
        id="milley-mike-mark-with-role-context",
    ),
    pytest.param(
        [
            ("The killing of Qassem Soleimani shocked many.", [P("Qassem Soleimani")]),
            (
                "The strike killed Kassem Suleimani.\nSuleymani had plans.",
                [P("Kassem Suleimani"), P("Suleymani")],
            ),
        ],
        ["a:Qassem Soleimani", "b:Kassem Suleimani", "b:Suleymani"],
        id="soleimani-transliterations",
    ),
    pytest.param(
        [
            (
                "Prime Minister Adil Abdul-Mahdi resigned.\nAdbul-Mahdi spoke.",
                [P("Adil Abdul-Mahdi"), P("Adbul-Mahdi")],
            ),
            (
                "Acting Prime Minister Adel Abdul Mahdi spoke.\nAbdul Mahdi said it.",
                [P("Adel Abdul Mahdi"), P("Abdul Mahdi")],
            ),
        ],
        ["a:Adil Abdul-Mahdi", "a:Adbul-Mahdi", "b:Adel Abdul Mahdi", "b:Abdul Mahdi"],
        id="abdul-mahdi-variants",
    ),
    pytest.param(
        [
            ("It killed Abu Mahdi al-Muhandis.", [P("Abu Mahdi al-Muhandis")]),
            ("It killed Abu Mahdi al-Mohandes.", [P("Abu Mahdi al-Mohandes")]),
        ],
        ["a:Abu Mahdi al-Muhandis", "b:Abu Mahdi al-Mohandes"],
        id="muhandis-mohandes",
    ),
    pytest.param(
        [
            (
                "Vladimir Batyuk said it.\nLater Vladimir Batiuk said it.\nBatyuk agreed.",
                [P("Vladimir Batyuk"), P("Vladimir Batiuk"), P("Batyuk")],
            )
        ],
        ["a:Vladimir Batyuk", "a:Vladimir Batiuk", "a:Batyuk"],
        id="batyuk-batiuk",
    ),
    pytest.param(
        [
            (
                "Charles Dunn of the Institute agrees.\nIt may speed withdrawal, according to Dan.",
                [P("Charles Dunn"), P("Dan")],
            )
        ],
        ["a:Charles Dunn", "a:Dan"],
        id="dunn-dan-surname-phonetic",
    ),
    pytest.param(
        [
            (
                "Expert David de Roche believes it.\nRoche told the paper.",
                [P("David de Roche"), P("Roche")],
            )
        ],
        ["a:David de Roche", "a:Roche"],
        id="de-roche-particle",
    ),
    pytest.param(
        [
            ("Trump threatened sanctions.", [P("Trump")]),
            ("Donald Trump decided it.", [P("Donald Trump")]),
        ],
        ["a:Trump", "b:Donald Trump"],
        id="surname-only-joins-unique-full-name",
    ),
    pytest.param(
        [
            ("Fighting ISIS is the aim.", [Org("ISIS")]),
            (
                "Operations against the IG * continue.\nThe Islamic State is defeated.",
                [Org("IG"), Org("Islamic State")],
            ),
            ("ISIL's re-control is ruled out.", [Org("ISIL")]),
        ],
        ["a:ISIS", "b:IG", "b:Islamic State", "c:ISIL"],
        id="isis-family-org-alias-table",
    ),
    pytest.param(
        [
            (
                "The US Department of Defense said so.\nThe Pentagon spokesman spoke.",
                [Org("The US Department of Defense"), Org("Pentagon")],
            )
        ],
        ["a:The US Department of Defense", "a:Pentagon"],
        id="pentagon-dod",
    ),
]


@pytest.mark.parametrize(("articles", "items"), MERGE_CASES)
def test_merges(articles: list[tuple[str, list[tuple[str, str]]]], items: list[str]) -> None:
    records = [record(chr(ord("a") + i), text, names) for i, (text, names) in enumerate(articles)]
    assert together(grouping(records), *items)


# (articles, two items that must NOT share an actor)
APART_CASES = [
    pytest.param(
        [("George Bush met Jeb Bush.", [P("George Bush"), P("Jeb Bush")])],
        ("a:George Bush", "a:Jeb Bush"),
        id="same-surname-different-first-name",
    ),
    pytest.param(
        [
            ("Mark Milley spoke in Washington.", [P("Mark Milley")]),
            ("Mike Milley sells cars in Ohio.", [P("Mike Milley")]),
        ],
        ("a:Mark Milley", "b:Mike Milley"),
        id="same-initial-without-role-evidence",
    ),
    pytest.param(
        [("William Seely wrote.\nBarham Saleh answered.", [P("William Seely"), P("Barham Saleh")])],
        ("a:William Seely", "a:Barham Saleh"),
        id="same-metaphone-surname-different-person",
    ),
    pytest.param(
        [
            (
                "Adel Abdul Mahdi met Abu Mahdi al-Muhandis.\nAbdul Mahdi said it.",
                [P("Adel Abdul Mahdi"), P("Abu Mahdi al-Muhandis"), P("Abdul Mahdi")],
            )
        ],
        ("a:Abu Mahdi al-Muhandis", "a:Abdul Mahdi"),
        id="shared-name-part-not-surname",
    ),
    pytest.param(
        [
            ("Joe Biden spoke.", [P("Joe Biden")]),
            ("Jill Biden spoke.", [P("Jill Biden")]),
            ("Biden said it.", [P("Biden")]),
        ],
        ("b:Jill Biden", "c:Biden"),
        id="ambiguous-surname-stays-apart",
    ),
]


@pytest.mark.parametrize(("articles", "pair"), APART_CASES)
def test_kept_apart(
    articles: list[tuple[str, list[tuple[str, str]]]], pair: tuple[str, str]
) -> None:
    records = [record(chr(ord("a") + i), text, names) for i, (text, names) in enumerate(articles)]
    groups = grouping(records)
    if pair[0] == pair[1]:  # the item must not be in any actor at all
        assert not any(pair[0] in g for g in groups)
    else:
        assert not together(groups, *pair)
        assert sum(1 for g in groups if pair[1] in g) == 1


def test_chain_is_cut_not_collapsed() -> None:
    """A~B and B~C, but A conflicts with C: complete linkage keeps A and C apart."""
    records = [
        record("a", "John Smith spoke.", [P("John Smith")]),
        record("b", "J. Smith spoke.", [P("J. Smith")]),
        record("c", "Jane Smith spoke.", [P("Jane Smith")]),
    ]
    assert not together(grouping(records), "a:John Smith", "c:Jane Smith")


def test_variant_found_among_many_people_sharing_a_surname() -> None:
    """Thirty Smiths sit between John Smith and John Smyth in spelling order; the sound order
    (surname and first-name metaphone) still makes them neighbours."""
    firsts = [f"{a}{b}" for a in "KLMNPRSTVW" for b in ("ara", "obo", "ute")]
    records = [
        record(f"s{i:02d}", f"{f} Smith spoke.", [P(f"{f} Smith")]) for i, f in enumerate(firsts)
    ]
    records += [
        record("x1", "John Smith spoke.", [P("John Smith")]),
        record("x2", "John Smyth spoke.", [P("John Smyth")]),
    ]
    groups = grouping(records)
    assert together(groups, "x1:John Smith", "x2:John Smyth")
    assert len(groups) == len(firsts) + 1


def test_same_name_in_many_articles_is_one_actor() -> None:
    """One name repeated in 200 articles is one distinct name, so it cannot crowd a spelling
    variant out of the comparison window."""
    records = [
        record(f"a{i:03d}", "Qassem Soleimani was killed.", [P("Qassem Soleimani")])
        for i in range(200)
    ]
    records.append(record("b", "Kassem Suleimani was killed.", [P("Kassem Suleimani")]))
    (actor,) = resolve_actors(records)
    assert len(actor.mentions) == 201


@settings(deadline=None, max_examples=30)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ann", "bob", "cy", "dan"]), st.text("abkmst", min_size=1, max_size=4)
        ),
        max_size=60,
    )
)
def test_candidate_pairs_are_bounded_and_distinct(people: list[tuple[str, str]]) -> None:
    """Linear cost: at most 2 * NAME_WINDOW candidate pairs per distinct name, none twice."""
    from storylens.resolve.actors import NAME_WINDOW, _candidate_pairs, _Name

    names = [_Name((first, last)) for first, last in dict.fromkeys(people)]
    pairs = list(_candidate_pairs(names))
    assert len(pairs) == len(set(pairs)) <= 2 * NAME_WINDOW * len(names)
    assert all(0 <= i < j < len(names) for i, j in pairs)


def test_ids_stable_and_canonical_is_fullest() -> None:
    records = [
        record("a", "William Cilly III wrote.", [P("William Cilly III")]),
        record(
            "b", "William H. Seely III wrote.\nSeely said.", [P("William H. Seely III"), P("Seely")]
        ),
    ]
    first, second = resolve_actors(records), resolve_actors(list(reversed(records)))
    assert [a.id for a in first] == [a.id for a in second]
    (actor,) = first
    assert actor.name == "William H. Seely III"
    assert set(actor.aliases) == {"William Cilly III", "William H. Seely III", "Seely"}


def test_role_from_title_and_appositive() -> None:
    records = [
        record("a", "Pentagon spokesman Jonathan Hoffman said it.", [P("Jonathan Hoffman")]),
        record("b", "The former ambassador to Iraq, Robert Ford, spoke.", [P("Robert Ford")]),
    ]
    roles = {a.name: a.role for a in resolve_actors(records)}
    assert roles["Jonathan Hoffman"] == "Pentagon spokesman"


CORRECTION_RECORDS = [
    record(
        "a",
        "Joe Biden met Jill Biden.\nBiden spoke.",
        [P("Joe Biden"), P("Jill Biden"), P("Biden")],
    ),
    record("b", "Mark Esper denied it.\nEsper said.", [P("Mark Esper"), P("Esper")]),
]


def test_correction_merge_by_alias_and_id() -> None:
    actors = resolve_actors(CORRECTION_RECORDS)
    esper = next(a for a in actors if a.name == "Mark Esper")
    merged = resolve_actors(
        CORRECTION_RECORDS, corrections=[Correction("merge", esper.id, "jill biden")]
    )
    target = next(a for a in merged if a.id == esper.id)
    assert "Jill Biden" in target.aliases and target.name == "Mark Esper"
    assert len(merged) == len(actors) - 1


def test_correction_split_and_rename() -> None:
    out = resolve_actors(
        CORRECTION_RECORDS,
        corrections=[
            Correction("split", "Mark Esper", "esper"),
            Correction("rename", "MARK ESPER", "Mark T. Esper"),
        ],
    )
    names = {a.name: a for a in out}
    assert "Mark T. Esper" in names and names["Mark T. Esper"].aliases == ("Mark Esper",)
    assert "Esper" in names
    # Renaming keeps the id, so links to the actor survive.
    before = next(a for a in resolve_actors(CORRECTION_RECORDS) if a.name == "Mark Esper")
    assert names["Mark T. Esper"].id == before.id


def test_correction_naming_no_actor_is_skipped() -> None:
    actors = resolve_actors(CORRECTION_RECORDS)
    assert apply_corrections(actors, [Correction("merge", "nobody", "Esper")]) == actors


@settings(deadline=None)  # the first transliteration call loads tables
@given(st.text(max_size=40))
def test_normaliser_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert name_tokens(" ".join(name_tokens(text))) == name_tokens(text) or not name_tokens(text)
    assert isinstance(org_key(text), str)


@settings(deadline=None)
@given(st.text(max_size=20))
def test_phonetic_key_is_stable_under_normalisation(token: str) -> None:
    assert phonetic_key(token) == phonetic_key(normalise_name(token))


@given(
    st.text(
        alphabet=st.characters(min_codepoint=65, max_codepoint=122, categories=["L"]),
        min_size=1,
        max_size=20,
    )
)
def test_phonetic_key_ignores_case(token: str) -> None:
    assert phonetic_key(token) == phonetic_key(token.upper())


@pytest.fixture(scope="module")
def demo_actors():
    from storylens.extract import extract_many
    from storylens.ingest import read_inputs
    from storylens.nlp import load_nlp

    articles = [a for a in read_inputs(sorted(DEMO.glob("*.txt"))) if isinstance(a, Article)]
    records = list(extract_many(articles, load_nlp()))
    return resolve_actors(records)


@pytest.mark.parametrize(
    "aliases",
    [
        {"William Cilly III", "William H. Seely III", "Seeley"},
        {"Mike Millie", "Mark Milley", "Miley"},
        {"Qassem Soleimani", "Kassem Suleimani", "Suleymani"},
        {"Adil Abdul-Mahdi", "Adbul-Mahdi", "Adel Abdul Mahdi"},
        {"Abu Mahdi al-Muhandis", "Abu Mahdi al-Mohandes"},
        {"Vladimir Batyuk", "Vladimir Batiuk"},
        {"Charles Dunn", "Dan"},
        {"Richard Bell", "Bill"},
        {"Donald Trump", "Trump"},
    ],
)
def test_demo_story_merges(demo_actors, aliases: set[str]) -> None:
    assert any(aliases <= set(a.aliases) for a in demo_actors)


def test_demo_story_outlets_are_not_persons(demo_actors) -> None:
    persons = {x for a in demo_actors if a.type == "PERSON" for x in a.aliases}
    assert not persons & {"Al-Hadath", "Al-Arabiya", "Al-Jazeera Net", "CNN", "RT"}


# --- issue #8: title anaphora, organisation word order, spans that are not names -----------

TITLE_CASES = [
    pytest.param(
        "US Defense Secretary Mark Esper denied it.\nThe US Secretary of Defense stressed it.",
        [P("Mark Esper")],
        "The US Secretary of Defense",
        "Mark Esper",
        id="role-before-name",
    ),
    pytest.param(
        "General Mark Milley, Chairman of the Joint Chiefs of Staff, spoke.\n"
        "Later the Chairman of the Joint Chiefs of Staff said more.",
        [P("Mark Milley")],
        "the Chairman of the Joint Chiefs of Staff",
        "Mark Milley",
        id="appositive",
    ),
    pytest.param(
        "Iraqi Prime Minister Adel Abdul Mahdi spoke.\nThe Prime Minister of Iraq left.",
        [P("Adel Abdul Mahdi")],
        "The Prime Minister of Iraq",
        "Adel Abdul Mahdi",
        id="of-country",
    ),
    pytest.param(
        "President Donald Trump spoke.\nIraqi President Barham Saleh answered.\n"
        "The President said no.",
        [P("Donald Trump"), P("Barham Saleh")],
        "The President",
        None,
        id="two-candidates-unresolved",
    ),
    pytest.param(
        "Russian Defense Minister Sergei Shoigu spoke.\nThe Iraqi Defense Minister said no.",
        [P("Sergei Shoigu")],
        "The Iraqi Defense Minister",
        None,
        id="other-nationality-unresolved",
    ),
    pytest.param(
        "The Secretary of State said no.\nSecretary of State Mike Pompeo spoke.",
        [P("Mike Pompeo")],
        "The Secretary of State",
        None,
        id="no-earlier-introduction",
    ),
    pytest.param(
        "Vice President Mike Pence spoke.\nThe President said no.",
        [P("Mike Pence")],
        "The President",
        None,
        id="vice-president-is-not-president",
    ),
]


@pytest.mark.parametrize(("text", "names", "phrase", "owner"), TITLE_CASES)
def test_title_phrase_joins_the_person_introduced_with_it(
    text: str, names: list[tuple[str, str]], phrase: str, owner: str | None
) -> None:
    actors = resolve_actors([record("t1", text, names)])
    holders = [a.name for a in actors if any(m.text == phrase for m in a.mentions)]
    assert holders == ([owner] if owner else [])
    for a in actors:  # a title never becomes a name or an alias
        assert phrase not in a.aliases and a.name != phrase


def test_title_phrase_stays_within_its_article() -> None:
    records = [
        record("t1", "US Defense Secretary Mark Esper spoke.", [P("Mark Esper")]),
        record("t2", "The US Secretary of Defense said no.", []),
    ]
    assert all(m.article == "t1" for a in resolve_actors(records) for m in a.mentions)


ORG_ORDER_CASES = [
    pytest.param("the Iraqi Ministry of Defense", "the Iraqi Defense Ministry", True, id="iraqi"),
    pytest.param("Ministry of Foreign Affairs", "the Foreign Ministry", True, id="affairs"),
    pytest.param("the Department of Defense", "the Defense Department", True, id="department"),
    pytest.param("the Department of State", "the US State Department", True, id="state"),
    pytest.param(
        "the Iraqi Defense Ministry", "the Russian Ministry of Defense", False, id="nationality"
    ),
    pytest.param("the Foreign Ministry", "the Defense Ministry", False, id="department-word"),
]


@pytest.mark.parametrize(("a", "b", "same"), ORG_ORDER_CASES)
def test_org_word_order(a: str, b: str, same: bool) -> None:
    assert (org_key(a) == org_key(b)) is same
    text = f"{a} wrote.\n{b} answered."
    groups = grouping([record("o1", text, [Org(a), Org(b)])])
    assert together(groups, f"o1:{a}", f"o1:{b}") is same


@given(st.text(alphabet="abcdefghij of", max_size=40))
@settings(max_examples=200, deadline=None)
def test_org_normal_form_is_idempotent(text: str) -> None:
    norm = normalise_name(text)
    assert org_normal_form(org_normal_form(norm)) == org_normal_form(norm)


NOT_NAME_CASES = [
    pytest.param("It implies, inter alia, an end.", Org("inter alia"), False, id="latin"),
    pytest.param(
        "The council of representatives met.", Org("council of representatives"), False, id="lower"
    ),
    pytest.param(
        "They left the two bases of Ain al-Assad in the west.",
        P("Ain al-Assad"),
        False,
        id="bases-of",
    ),
    pytest.param("Rockets hit the Ain al-Assad base.", P("Ain al-Assad"), False, id="base-after"),
    pytest.param("The Trump camp said no.", P("Trump"), True, id="camp-after-is-people"),
    pytest.param("Then al-Kadhimi spoke.", P("al-Kadhimi"), True, id="particle-name"),
    pytest.param("The Council of Representatives met.", Org("Council of Representatives"), True),
    pytest.param("The Pentagon said no.", P("Pentagon"), True, id="alias-tagged-person"),
    pytest.param("Qassem Soleimani spoke.", P("Qassem Soleimani"), True, id="plain-name"),
]


@pytest.mark.parametrize(("text", "name", "is_actor"), NOT_NAME_CASES)
def test_spans_that_are_not_names(text: str, name: tuple[str, str], is_actor: bool) -> None:
    actors = resolve_actors([record("n1", text, [name])])
    assert bool(actors) is is_actor


def test_alias_tagged_person_becomes_the_org() -> None:
    """ORG_ALIASES still apply under the word-order normal form ("Pentagon" -> DoD)."""
    text = "The Pentagon said no.\nThe Department of Defense agreed."
    actors = resolve_actors([record("p1", text, [P("Pentagon"), Org("Department of Defense")])])
    assert [(a.type, len(a.mentions)) for a in actors] == [("ORG", 2)]


# --- issue 15: every mention of a person found and joined; page clutter kept out ------------


def actor_of(actors, article: str, surface: str):
    """The actor holding the mention with this surface text in this article (or None)."""
    for a in actors:
        if any(m.article == article and m.text == surface for m in a.mentions):
            return a
    return None


def G(name: str) -> tuple[str, str]:
    return (name, "GPE")


CONSISTENCY_CASES = [
    pytest.param(
        "Reporter Lena Varga left Oslo on Monday.\nVarga has not been seen since.",
        [P("Lena Varga")],
        ["Varga"],
        id="untagged-surname",
    ),
    pytest.param(
        "Lena Varga left Oslo.\nPolice asked where Varga went.",
        [P("Lena Varga"), G("Varga")],
        ["Varga"],
        id="surname-tagged-as-place",
    ),
    pytest.param(
        "Lena Varga left Oslo.\nFriends of Ms Varga were worried.",
        [P("Lena Varga")],
        ["Varga"],
        id="honorific",
    ),
    pytest.param(
        "Lena Varga left Oslo.\nThe search for Lena Vargha went on.",
        [P("Lena Varga")],
        ["Lena Vargha"],
        id="close-spelling-of-full-name",
    ),
    pytest.param(
        "Mohammad Al Otaibi spoke.\nAl Otaibi dismissed the claims, and Otaibi left.",
        [P("Mohammad Al Otaibi")],
        ["Al Otaibi", "Otaibi"],
        id="surname-with-particle",
    ),
]


@pytest.mark.parametrize(("text", "names", "others"), CONSISTENCY_CASES)
def test_known_name_forms_join_the_person(
    text: str, names: list[tuple[str, str]], others: list[str]
) -> None:
    actors = resolve_actors([record("a", text, names)])
    person = actor_of(actors, "a", names[0][0])
    assert person is not None and person.type == "PERSON"
    for surface in others:
        assert actor_of(actors, "a", surface) is person, surface


def test_known_name_forms_cross_articles() -> None:
    """A name tagged PERSON in one article makes its surname a mention in another."""
    actors = resolve_actors(
        [
            record("a", "Lena Varga left Oslo on Monday.", [P("Lena Varga")]),
            record("b", "Nobody has heard from Varga since.", []),
        ]
    )
    assert actor_of(actors, "b", "Varga") is actor_of(actors, "a", "Lena Varga")


NOT_A_FORM_CASES = [
    pytest.param(
        "Lena Varga left.\nHer cousin Peter Varga stayed.",
        [P("Lena Varga")],
        "Varga",
        id="tail-of-another-name",
    ),
    pytest.param(
        "Crown Prince Mohammed bin Salman met envoys.\nKing Salman said nothing.",
        [P("Mohammed bin Salman")],
        "Salman",
        id="patronymic-is-no-surname",
    ),
    pytest.param(
        "Xi Jinping spoke.\nJoining forces, they left.",
        [P("Xi Jinping")],
        "Joining",
        id="close-spelling-at-sentence-start",
    ),
    pytest.param(
        "Kim Jong Un spoke.\nThe UN answered.",
        [P("Kim Jong Un")],
        "UN",
        id="too-short-for-a-surname",
    ),
    pytest.param(
        "Michael Jordan visited Amman.\nTalks with Jordan resumed.",
        [P("Michael Jordan")],
        "Jordan",
        id="surname-that-names-a-country",
    ),
    pytest.param(
        "Hope said so.\nThere is Hope here.",
        [P("Hope")],
        "Hope",
        id="one-word-person-tag-does-not-spread",
    ),
]


@pytest.mark.parametrize(("text", "names", "surface"), NOT_A_FORM_CASES)
def test_words_that_are_not_a_known_form(
    text: str, names: list[tuple[str, str]], surface: str
) -> None:
    actors = resolve_actors([record("a", text, names)])
    tagged = {(names[0][0])}
    hits = [
        m
        for a in actors
        for m in a.mentions
        if m.text == surface and m.text not in tagged and m.start > text.index("\n")
    ]
    assert hits == []


DESCRIPTION_CASES = [
    pytest.param(
        "Veteran reporter Anna Berg arrived on Monday.\nPolice said the reporter was detained.",
        [P("Anna Berg")],
        "the reporter",
        "Anna Berg",
        id="role-noun-from-introduction",
    ),
    pytest.param(
        "Columnist Tom Reed wrote it.\nThe missing Danish writer was last seen at home.",
        [P("Tom Reed")],
        "The missing Danish writer",
        "Tom Reed",
        id="same-trade-and-modifiers",
    ),
    pytest.param(
        "Tom Reed, a Danish columnist who lives abroad, wrote it.\nThe columnist denied it.",
        [P("Tom Reed")],
        "The columnist",
        "Tom Reed",
        id="appositive-after-name",
    ),
    pytest.param(
        "The ambassador's deputy, Lisa Moll, spoke first.\nOther diplomats agreed with her.",
        [P("Lisa Moll")],
        "The ambassador's deputy",
        "Lisa Moll",
        id="appositive-before-name-is-a-mention",
    ),
    pytest.param(
        "Minister Olaf Holm arrived.\nThe minister's wife, Lena Holm, waved.\n"
        "Later Olaf Holm thanked his wife.",
        [P("Olaf Holm"), P("Lena Holm"), P("Olaf Holm")],
        "his wife",
        "Lena Holm",
        id="possessive-pronoun-relation",
    ),
    pytest.param(
        "Olaf Holm arrived with his wife Lena Holm.\nLater, Olaf Holm thanked his wife.",
        [P("Olaf Holm"), P("Lena Holm"), P("Olaf Holm")],
        "his wife",
        "Lena Holm",
        id="relation-from-a-possessive-introduction",
    ),
]


@pytest.mark.parametrize(("text", "names", "phrase", "owner"), DESCRIPTION_CASES)
def test_description_joins_the_person_it_denotes(
    text: str, names: list[tuple[str, str]], phrase: str, owner: str
) -> None:
    actors = resolve_actors([record("a", text, names)])
    person = actor_of(actors, "a", owner)
    assert person is not None
    assert actor_of(actors, "a", phrase) is person
    assert phrase not in person.aliases  # descriptions are mentions, never names


UNLINKED_CASES = [
    pytest.param(
        "Reporter Anna Berg and reporter Tom Reed arrived.\nThe reporter was detained.",
        [P("Anna Berg"), P("Tom Reed")],
        "The reporter",
        id="two-candidates",
    ),
    pytest.param(
        "Reporter Anna Berg arrived.\nA reporter was detained.",
        [P("Anna Berg")],
        "A reporter",
        id="indefinite",
    ),
    pytest.param(
        "Iraqi militia leader Abu Ali spoke.\nThe American leader disagreed.",
        [P("Abu Ali")],
        "The American leader",
        id="nationality-conflict",
    ),
    pytest.param(
        "At the same time Varga said it.\nLena Varga spoke at the same time.",
        [P("Varga"), P("Lena Varga")],
        "the same time",
        id="no-person-noun",
    ),
    pytest.param(
        "Reporter Anna Berg arrived.\nThe reporters were detained.",
        [P("Anna Berg")],
        "The reporters",
        id="plural",
    ),
    pytest.param(
        "Attorney General Eric Holt spoke.\nIt was the general election that mattered.",
        [P("Eric Holt")],
        "the general",
        id="head-is-a-modifier",
    ),
    pytest.param(
        "Foreign Minister Jorge Ruiz arrived.\nThe minister of the economy, an old rival, left.",
        [P("Jorge Ruiz")],
        "The minister",
        id="role-with-another-complement",
    ),
    pytest.param(
        "Indiana Governor Mike Pence spoke.\nThe former New Mexico governor is a triathlete.",
        [P("Mike Pence")],
        "The former New Mexico governor",
        id="place-modifier-conflict",
    ),
]


@pytest.mark.parametrize(("text", "names", "phrase"), UNLINKED_CASES)
def test_unresolvable_description_stays_unlinked(
    text: str, names: list[tuple[str, str]], phrase: str
) -> None:
    actors = resolve_actors([record("a", text, names)])
    start = text.rindex(phrase)
    assert not any(
        m.start < start + len(phrase) and start < m.end for a in actors for m in a.mentions
    )


TYPE_CASES = [
    pytest.param("Cengiz said on Twitter that she waited.", P("Twitter"), None, id="platform"),
    pytest.param("Reports said his Apple Watch recorded it.", Org("Apple Watch"), None, id="product"),
    pytest.param("Police searched the Belgrad Forest.", Org("Belgrad Forest"), None, id="place"),
    pytest.param(
        "A flag flies. (Ozan Kose/AFP/Getty Images)", P("Ozan Kose/AFP/Getty Images"), None,
        id="photo-credit",
    ),
    pytest.param("Staff spoke, according to NTV television.", Org("NTV"), "MEDIA", id="broadcaster"),
    pytest.param("The Washington Post said so.", Org("Washington Post"), "MEDIA", id="newspaper"),
    pytest.param("Reuters news agency reported it.", Org("Reuters"), "AGENCY", id="agency"),
    pytest.param("The Saudi Press Agency said it.", Org("Saudi Press Agency"), "AGENCY", id="press-agency"),
    pytest.param("The Central Intelligence Agency said it.", Org("Central Intelligence Agency"), "ORG", id="agency-that-is-no-outlet"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "kind"), TYPE_CASES)
def test_actor_types(text: str, name: tuple[str, str], kind: str | None) -> None:
    actors = resolve_actors([record("a", text, [name])])
    actor = actor_of(actors, "a", name[0])
    assert (actor.type if actor else None) == kind


def test_acronym_joins_its_expansion() -> None:
    actors = resolve_actors(
        [
            record(
                "a",
                "According to the Saudi Press Agency, SPA, it was false.",
                [Org("Saudi Press Agency"), Org("SPA")],
            ),
            record("b", "SPA reported the arrests.", [Org("SPA")]),
        ]
    )
    agency = actor_of(actors, "a", "Saudi Press Agency")
    assert agency is not None and agency.type == "AGENCY"
    assert actor_of(actors, "a", "SPA") is agency and actor_of(actors, "b", "SPA") is agency


def test_acronym_with_two_expansions_stays_apart() -> None:
    actors = resolve_actors(
        [
            record(
                "a",
                "The Popular Front and the Peace Forum met; PF spoke.",
                [Org("Popular Front"), Org("Peace Forum"), Org("PF")],
            )
        ]
    )
    assert actor_of(actors, "a", "PF") not in {
        actor_of(actors, "a", "Popular Front"),
        actor_of(actors, "a", "Peace Forum"),
    }


def test_surname_that_is_a_common_word_at_sentence_start() -> None:
    text = "Susan Rice spoke.\nRice prices rose, and rice exports fell.\nLater Rice left."
    actors = resolve_actors([record("a", text, [P("Susan Rice")])])
    person = actor_of(actors, "a", "Susan Rice")
    starts = sorted(m.start for m in person.mentions)
    assert starts == [0, text.index("Later Rice") + len("Later ")]


def test_the_agency_is_the_agency_named_last() -> None:
    text = (
        "Reuters news agency reported it first.\n\n"
        "The Saudi Press Agency denied the reports.\n\n"
        '"These are baseless allegations," the agency wrote.'
    )
    names = [Org("Reuters"), Org("Saudi Press Agency")]
    actors = resolve_actors([record("a", text, names)])
    assert actor_of(actors, "a", "the agency") is actor_of(actors, "a", "Saudi Press Agency")


def test_the_newspaper_far_from_any_outlet_stays_unlinked() -> None:
    filler = "Voters heard the candidates again and again at rallies. " * 5
    text = f"The Washington Post reported it.\n\n{filler}\n\nMost read it in the newspaper."
    actors = resolve_actors([record("a", text, [Org("Washington Post")])])
    assert actor_of(actors, "a", "the newspaper") is None
