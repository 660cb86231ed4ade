"""Which side a statement takes: predicate frames read from a parse.

A contradiction needs two statements to assert opposite things *about the same proposition*.
A `Position` is one such assertion: a predicate on an opposition axis (leave/stay,
support/oppose, defeat/revive, confirm/deny), its side once negation is applied ("will not
leave", "no one ... would like", "does not plan to"), its *mode* (a fact or plan, a wish, an
obligation: "will support" and "would like" are different claims), and *who* it is about
(the forces that leave, the government that supports). Hypothetical clauses ("if ...",
"otherwise ...", "in the event of ...") take no side at all.

Pure functions of a parsed `Doc`; no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "AXES",
    "Position",
    "compatible",
    "denial_in",
    "mentioned_axes",
    "phrase",
    "positions_in",
    "predicate_positions_in",
    "same_participant",
]

# Oppositions: axis -> (words on the +1 side, words on the -1 side), lemmas. Verbs and the
# nouns naming the same act ("withdrawal", "resumption"): nouns count only where a causal
# verb asserts them ("could lead to the resumption of ...") or a denial names them.
# Volition words ("like", "ready") are modes, not sides: see VOLITION.
OPPOSITIONS: dict[str, tuple[str, str]] = {
    "leave/stay": (
        "withdraw withdrawal leave depart departure reposition exit evacuate pullout expel "
        "expulsion remove",
        "stay remain keep maintain presence station",
    ),
    "support/oppose": (
        "support implement fulfill fulfil approve accept welcome like endorse",
        "oppose reject refuse resist prevent block veto condemn",
    ),
    "defeat/revive": (
        "defeat defeated destroy eliminate crush",
        "revive revival resume resumption resurgence return reactivate regroup",
    ),
    "confirm/deny": ("confirm prove evidence true", "deny false unfounded"),
    # whether someone is dead: "was killed", "leading to his death" against "is alive" or a
    # negated killing ("did not believe he has been killed"); about the victim (see `_participant`)
    "dead/alive": ("kill murder die death dead assassinate slay", "alive survive"),
}
AXES: dict[str, tuple[str, int]] = {
    lemma: (axis, side)
    for axis, (plus, minus) in OPPOSITIONS.items()
    for side, words in ((1, plus), (-1, minus))
    for lemma in words.split()
}

NEGATORS = frozenset(
    ["not", "no", "never", "n't", "nobody", "none", "nothing", "neither", "nor", "without"]
)
# Verbs whose negation is read as the negation of their clause ("neg-raising"): "did not
# believe he has been killed" says he has not been killed, as far as the speaker knows.
NEG_RAISING = frozenset(["believe", "think", "suppose", "expect"])
# Presence in a place is the stay side of leave/stay: "the writer is still inside", "was
# killed inside the consulate" (he did not leave it). "inside" is always locative; "in" only
# with "still" ("troops are still in Iraq"), since "in" alone also means a state ("in talks").
PRESENCE_WORDS = frozenset(["inside"])
# Verbs that, when negated, negate what they govern: "does not plan to leave" = will not leave.
COMMITMENT_VERBS = frozenset(
    ["plan", "intend", "want", "wish", "seek", "aim", "expect", "mean", "decide", "like", "ready"]
)
# Modes. A wish ("wants to withdraw", "hope ... remain", "would like", "ready to implement")
# and an obligation ("must leave", "should be withdrawn") are claims about will and duty, not
# about what happens: they contradict only a claim of the same mode.
VOLITION = frozenset(
    ["want", "wish", "hope", "like", "ready", "willing", "strive", "desire", "prefer", "eager"]
)
# "had not asked Washington to withdraw", "voted to expel foreign troops": a request, an
# order or a vote is an obligation put on someone else, not a claim of what they will do.
OBLIGATION = frozenset(
    "must should ought need demand require insist urge ask request call vote order".split()  # noqa: SIM905
)
# What evidence names is asserted (or, with "no", denied): "no evidence that he had left",
# "recordings that prove that he was killed inside" (see `_evidence_anchor`).
EVIDENCE_NOUNS = frozenset(["evidence", "proof", "sign", "indication"])
EVIDENCE_VERBS = frozenset(["prove", "show", "confirm", "demonstrate", "establish"])
# Verbs that assert their nominal object happens: "could lead to the resumption of ...".
CAUSAL_VERBS = frozenset(["lead", "cause", "bring", "trigger", "provoke", "result", "mean"])
# Dependency links that keep a predicate asserted on the way up to the root.
ASSERTED_LINKS = frozenset(["xcomp", "ccomp", "conj", "acomp", "advcl", "attr"])
# Links through which a governing verb lends its subject ("the military does not plan to
# leave": the military leaves).
CONTROL_LINKS = frozenset(["xcomp", "acomp", "conj"])
# Who a predicate is about, coarsely: the head lemma, folded by this table so that "his
# forces", "American troops" and "the US military" are one participant, and "the cabinet"
# and "the Iraqi government" another. Kept to institutional nouns common in any news story.
PARTICIPANT_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        ["force", "troop", "military", "army", "contingent", "personnel", "soldier", "presence"],
        "forces",
    ),
    **dict.fromkeys(["government", "cabinet", "authority", "administration", "executive"], "gov"),
    **dict.fromkeys(["parliament", "parliamentarian", "lawmaker", "legislature"], "parliament"),
    # what is supported or opposed: a collective decision, whatever it is called
    **dict.fromkeys(
        ["decision", "will", "resolution", "vote", "request", "demand", "law", "bill"], "decision"
    ),
}
# Heads that say nothing about who: pronouns, "one" ("no one in the government": read on).
QUANTIFIER_HEADS = frozenset(["one", "none", "all", "some", "any", "anyone", "everyone", "each"])
ANAPHORIC_DETS = frozenset(["this", "that", "these", "those", "such"])

# Denial cues: a statement built on one of these (or reported with one as its cue: "Esper
# denied this") answers and denies an earlier statement. Condemnations of an act ("illegal",
# "a violation") are not denials of a statement and are left out.
DENIAL_LEMMAS = frozenset(
    [
        "deny",
        "disown",
        "refute",
        "retract",
        "dismiss",
        "debunk",
        "reject",
        "mistake",
        "unsound",
        "baseless",
        "false",
        "untrue",
        "groundless",
    ]
)
# Nouns that call something said untrue, as nouns only: "described the allegations as lies".
DENIAL_NOUNS = frozenset(["lie", "fabrication", "falsehood", "hoax"])
# A denial verb denies something said ("rejected the claims", "denied this"); with any other
# object ("will reject the withdrawal decision") it is an opposition, read as a position.
STATEMENT_NOUNS = frozenset(
    "claim report statement allegation accusation word story letter account assertion "  # noqa: SIM905
    "argument explanation charge rumor rumour talk allegations reports claims".split()
)
DENIAL_PHRASES = (
    "not happening",
    "no evidence",
    "no proof",
    "concrete evidence",
    "cannot serve",
    "not true",
)


@dataclass(frozen=True, slots=True)
class Position:
    """A side a statement takes: `word` (the predicate) on `axis`, `side` +1 or -1, in
    `mode` ("fact", "will" or "must"), about `who` (a participant key, None when only a
    pronoun or an anaphor names it), `text` the predicate phrase ("does not plan to leave"),
    `what` the object supported or opposed (support/oppose only; None when unnamed);
    `inferred` when the side follows from another predicate rather than being stated ("was
    killed inside the consulate": he was there, so he did not leave)."""

    axis: str
    side: int
    word: str
    negated: bool
    mode: str = "fact"
    who: str | None = None
    text: str = ""
    what: str | None = None
    inferred: bool = False
    # Character offset, in the parsed text, of the word naming the participant (None when
    # the predicate names none): where the article can resolve a "he" or "the writer".
    who_at: int | None = None
    # The actor the participant is, where the article says (`participants.ParticipantIndex`).
    actor: str | None = None


def _is_negator(tok: Token) -> bool:
    return tok.dep_ == "neg" or tok.lower_ in NEGATORS


def _negative_subject(node: Token) -> bool:
    """ "no one ... would like": a negative subject negates its verb."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (c.lower_ in NEGATORS or any(d.lower_ in NEGATORS for d in c.children))
        for c in node.children
    )


def _negated(tok: Token) -> bool:
    """True when tok, or a commitment verb governing it, is negated ("does not plan to leave")."""
    node, hops = tok, 0
    while True:
        if any(_is_negator(c) for c in node.children) or _negative_subject(node):
            return True
        if hops >= 3 or node.head.i == node.i:
            return False
        if node.dep_ == "ccomp" and node.head.lemma_ in NEG_RAISING:
            head = node.head
            return any(_is_negator(c) for c in head.children) or _negative_subject(head)
        if node.dep_ in ("xcomp", "acomp", "dobj", "pobj", "prep", "compound", "amod", "acl"):
            node, hops = node.head, hops + 1
            if node.pos_ in ("VERB", "AUX", "ADJ") and node.lemma_ not in COMMITMENT_VERBS:
                # negation of an ordinary governing verb still covers its object ("not see
                # evidence"), but stop climbing past it.
                return any(_is_negator(c) for c in node.children)
            continue
        return False


def _conditional(node: Token) -> bool:
    return any(
        (c.dep_ == "mark" and c.lower_ in ("if", "unless"))
        or (c.dep_ == "advmod" and c.lower_ == "otherwise")
        for c in node.children
    )


def _hypothetical(tok: Token) -> bool:
    """True when tok sits in a conditional clause ("if ...", "otherwise ...", "in the event
    of ...") or in the consequence of one ("if X, the troops will withdraw")."""
    for anc in [tok, *tok.ancestors]:
        if _conditional(anc):
            return True
        if any(c.dep_ == "advcl" and _conditional(c) for c in anc.children):
            return True
        if anc.lower_ in ("event", "case") and anc.head.lower_ == "in":
            return True
    return False


def _asserted(tok: Token, nominal: bool = False) -> bool:
    """True when tok is a predicate the statement asserts: a verb or adjective reached from
    the root through complement and coordination links only ("does not plan to leave",
    "the bottom line is that forces will not leave"), not one inside a noun phrase or a
    relative clause ("the decision to withdraw"); or a noun a causal verb asserts
    ("could lead to the resumption of activity"); or, with `nominal`, the noun a whole
    statement is ("acknowledged [the death of Jamal Khashoggi at its consulate]")."""
    node = tok
    if tok.pos_ == "NOUN" and tok.dep_ == "ROOT":
        return nominal and _asserted_clause(tok)
    if tok.pos_ == "NOUN":
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.dep_ not in ("pobj", "dobj") or head.lemma_ not in CAUSAL_VERBS:
            return False
        node = head
    elif tok.pos_ not in ("VERB", "ADJ"):
        return False
    if tok.dep_ != "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False  # a purpose ("do everything possible to prevent"), not a claim
    return _asserted_clause(node)


def _asserted_clause(node: Token) -> bool:
    """True when node is reached from the root through complement and coordination links
    only, and its sentence is no question ("who ... would like the withdrawal?" asserts
    nothing)."""
    if node.sent.text.rstrip().endswith("?"):
        return False
    while node.head.i != node.i:
        if node.dep_ in ASSERTED_LINKS:
            node = node.head
            continue
        anchor = _evidence_anchor(node)
        if anchor is None:
            return False
        node = anchor
    return True


def _evidence_anchor(node: Token) -> Token | None:
    """Where the assertion goes on when node is what evidence shows: "there was no evidence
    [that he had left]" (the clause of an evidence noun that is a verb's object or
    attribute: asserted, negated by the noun's "no" in `_negated`), "recordings that
    [prove that he was killed]" (a proving verb in a relative clause on a verb's object,
    reached from its clause). The verb the evidence hangs on, else None."""
    head = node.head
    if node.dep_ == "acl" and head.lemma_.lower() in EVIDENCE_NOUNS:
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
            return None
        noun = head
    elif node.dep_ == "relcl" and node.lemma_.lower() in EVIDENCE_VERBS:
        # reached from its "that"-clause (a ccomp, an assertion link)
        noun = head
    else:
        return None
    if noun.dep_ not in ("dobj", "attr") or noun.head.pos_ not in ("VERB", "AUX"):
        return None
    return noun.head


def _chain(tok: Token) -> list[Token]:
    """tok and the verbs above it while they are linked by assertion links."""
    out = [tok]
    node = tok
    while node.head.i != node.i and node.dep_ in ASSERTED_LINKS | {"pobj", "dobj", "prep"}:
        node = node.head
        out.append(node)
    return out


def _mode(tok: Token) -> str:
    """The nearest modality over tok: an obligation or a wish, else a fact (plans and
    intentions count as facts about what will happen)."""
    for node in _chain(tok):
        if node.lemma_ in VOLITION:
            return "will"
        if node.lemma_ in OBLIGATION:
            return "must"
        for c in node.children:
            if c.dep_ == "aux" and c.lemma_ in OBLIGATION:
                return "must"
    return "fact"


def _participant_key(np_head: Token) -> str | None:
    """A coarse key for the participant a noun phrase names; None for an anaphor."""
    head = np_head
    for _ in range(3):
        if head.lemma_.lower() in QUANTIFIER_HEADS or head.lower_ in NEGATORS:
            inner = [g for c in head.children if c.dep_ == "prep" for g in c.children]
            inner = [g for g in inner if g.dep_ == "pobj"]
            if not inner:
                return None
            head = inner[0]
            continue
        break
    if head.pos_ == "PRON" or any(
        c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in head.children
    ):
        return None
    lemma = head.lemma_.lower()
    return PARTICIPANT_GROUPS.get(lemma, lemma)


def _of_chain(tok: Token) -> Token | None:
    """The last noun of "resumption of activity of the IG" (the IG)."""
    found = None
    node = tok
    while True:
        nxt = [
            g
            for c in node.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if not nxt:
            return found
        node = found = nxt[0]


def _subject(tok: Token) -> Token | None:
    """The subject of tok, or of the verb that controls it ("X does not plan to leave")."""
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if node.dep_ not in CONTROL_LINKS or node.head.i == node.i:
            return None
        node = node.head
    return None


def _individual_key(np_head: Token | None) -> str | None:
    """`_participant_key` for the axes whose participant is one person as often as a group
    (leave/stay, dead/alive): a singular common noun outside PARTICIPANT_GROUPS ("the
    writer", "a contributor", "the journalist") is an unnamed individual, None, left to the
    statements' shared arguments, so that three descriptions of one person are not three
    participants."""
    if np_head is None:
        return None
    if np_head.tag_ == "NN" and np_head.lemma_.lower() not in PARTICIPANT_GROUPS:
        return None
    return _participant_key(np_head)


def _victim(tok: Token) -> Token | None:
    """Who dies: the passive subject or object of "kill", the one "of" or whose "death", else
    the subject ("he died", "she is alive")."""
    if tok.pos_ == "NOUN":
        poss = [c for c in tok.children if c.dep_ == "poss"]
        return poss[0] if poss else _of_chain(tok)
    for c in tok.children:
        if c.dep_ in ("nsubjpass", "dobj"):
            return c
    return _subject(tok)


def _participant(tok: Token, axis: str) -> tuple[Token | None, str | None]:
    """The token naming who the predicate is about, and its participant key: for leave/stay
    the one that moves (the object of "withdraw troops", else the subject); for dead/alive
    the victim; for a noun, what it is "of"; else the subject. The token is kept even where
    the key is None (a pronoun, "the writer"), so that the article around the statement can
    say who it is (`claims._resolve_participants`)."""
    if axis == "dead/alive":
        victim = _victim(tok)
        return victim, _individual_key(victim)
    if tok.pos_ == "NOUN":
        target = _of_chain(tok)
        return target, _participant_key(target) if target is not None else None
    if axis == "leave/stay":
        # "withdraw troops": the troops move; "leave Iraq": the subject does.
        for c in tok.children:
            if c.dep_ == "dobj" and PARTICIPANT_GROUPS.get(c.lemma_.lower()) is not None:
                return c, _participant_key(c)
        subject = _subject(tok)
        return subject, _individual_key(subject)
    subject = _subject(tok)
    return subject, _participant_key(subject) if subject is not None else None


def _what(tok: Token, axis: str) -> str | None:
    """The object a support/oppose predicate takes ("support the parliament's decision")."""
    if axis != "support/oppose":
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return _participant_key(c)
    return None


def phrase(tok: Token) -> str:
    """The predicate with its auxiliaries and the negated or modal verbs over it, as written:
    "does not plan to leave", "would reposition", "will not leave"."""
    keep = [tok]
    node = tok
    if tok.pos_ == "NOUN":  # "could lead to the resumption"
        node = tok.head.head if tok.dep_ == "pobj" else tok.head
        keep.append(node)
    while True:
        keep += [c for c in node.children if c.dep_ in ("aux", "auxpass", "neg")]
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            break
        node = node.head
        keep.append(node)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    if hi - lo > 8:
        lo = max(lo, tok.i - 3)
    return " ".join(t.text for t in tok.doc[lo : hi + 1] if not t.is_punct)


def _place_of_death(tok: Token) -> bool:
    """ "was killed [at] the consulate", "the death of X [in] the consulate": a place, not a
    time ("killed in October", "at 3 pm")."""
    if tok.lower_ not in ("in", "at") or tok.dep_ != "prep":
        return False
    if AXES.get(tok.head.lemma_.lower(), ("", 0))[0] != "dead/alive":
        return False
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.ent_type_ not in ("DATE", "TIME") and not o.like_num for o in objects
    )


def _presence_predicate(tok: Token, nominal: bool = False) -> Token | None:
    """The asserted verb tok places someone with ("is still [inside]", "was killed [inside]
    the consulate", "was killed [at] the consulate", "are still [in] Iraq"), else None; with
    `nominal` (see `positions_in`) also a statement's head noun of death ("the death of X
    [at] its consulate"). A verb already on an axis ("remain inside") speaks for itself."""
    low = tok.lower_
    head = tok.head
    if (
        low not in PRESENCE_WORDS
        and not (low == "in" and any(c.lower_ == "still" for c in head.children))
        and not _place_of_death(tok)
    ):
        return None
    if tok.dep_ not in ("prep", "advmod", "acomp", "prt") or head.i == tok.i:
        return None
    own_axis = AXES.get(head.lemma_.lower(), ("", 0))[0]
    if own_axis == "leave/stay":
        return None
    if head.pos_ == "NOUN" and nominal and head.dep_ == "ROOT":
        return head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    return head if _asserted_clause(head) and not _hypothetical(head) else None


def positions_in(doc: Doc | Sequence[Token], nominal: bool = False) -> list[Position]:
    """The sides a parsed statement takes on each opposition axis (asserted predicates only).

    `nominal`: the statement's cue asserts its content, so a statement that is a noun phrase
    ("admitted [the death of ...]") takes the side its head noun names. False where the cue
    denies it ("denied [Khashoggi's murder]"): that is a denial, read by `denial_in`."""
    out = []
    for tok in doc:
        head = _presence_predicate(tok, nominal)
        if head is not None:
            neg = _negated(head)
            who_tok, who = _participant(head, "leave/stay")
            out.append(
                Position(
                    "leave/stay",
                    1 if neg else -1,
                    tok.text,
                    neg,
                    mode=_mode(head),
                    who=who,
                    who_at=who_tok.idx if who_tok is not None else None,
                    text=f"{phrase(head)} {tok.text}",
                    inferred=head.lemma_ != "be",
                )
            )
        entry = AXES.get(tok.lemma_.lower()) or AXES.get(tok.lower_)
        if entry is None or not _asserted(tok, nominal) or _hypothetical(tok):
            continue
        neg = _negated(tok)
        axis, side = entry
        who_tok, who = _participant(tok, axis)
        out.append(
            Position(
                axis,
                -side if neg else side,
                tok.text,
                neg,
                mode=_mode(tok),
                who=who,
                who_at=who_tok.idx if who_tok is not None else None,
                text=phrase(tok),
                what=_what(tok, axis),
            )
        )
    return out


# Verbs too light or too general to be a proposition of their own ("is", "has", "said"):
# never generic predicates (`predicate_positions_in`).
LIGHT_VERBS = frozenset(
    "be have do say tell make get go take come give put see know think believe seem become "  # noqa: SIM905
    "use want need let begin start continue try keep call add ask report state note claim "
    "mean feel find look show include appear happen".split()
)
GENERIC_PREFIX = "does:"


def predicate_positions_in(doc: Doc | Sequence[Token]) -> list[Position]:
    """Generic sides for asserted verbs on no axis: "no missile hit the plane" (axis
    "does:hit", side -1) against "a missile hit the plane" (+1). Each names the verb's
    subject (`who`) and object (`what`) as participant keys; a predicate with no subject
    named (a pronoun) is left out, since nothing then says the two are about one thing.
    Only opposite polarity of one predicate on the same arguments contradicts (see
    `claims.contradiction_between`)."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma in LIGHT_VERBS or lemma in AXES or lemma in OBLIGATION:
            continue
        if not _asserted(tok) or _hypothetical(tok):
            continue
        subject = _subject(tok)
        who = _participant_key(subject) if subject is not None else None
        if who is None:
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        out.append(
            Position(
                GENERIC_PREFIX + lemma,
                -1 if _negated(tok) else 1,
                tok.text,
                _negated(tok),
                mode=_mode(tok),
                who=who,
                who_at=subject.idx if subject is not None else None,
                text=phrase(tok),
                what=_participant_key(obj) if obj is not None else None,
            )
        )
    return out


def compatible(a: Position, b: Position) -> bool:
    """Two positions speak about the same proposition: same axis and mode, and the same
    participant and object where both name one. Participants are compared as actors where
    both are resolved ("the writer" and "Khashoggi" are one), else by their lexical keys."""

    def same(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    if a.axis != b.axis or a.mode != b.mode or not same(a.what, b.what):
        return False
    if a.actor is not None and b.actor is not None:
        return a.actor == b.actor
    return same(a.who, b.who)


def same_participant(a: Position, b: Position) -> bool:
    """Both positions name their participant, and it is the same one."""
    if a.actor is not None and b.actor is not None:
        return a.actor == b.actor
    return a.who is not None and a.who == b.who


def mentioned_axes(doc: Doc | Sequence[Token], skip: str | None = None) -> set[tuple[str, int]]:
    """(axis, side) of every opposition word a text mentions, asserted or not (what a denial
    says it denies: "the potential revival of the Islamic State ... unsound")."""
    out = set()
    for tok in doc:
        if skip is not None and tok.text == skip:
            continue
        entry = AXES.get(tok.lemma_.lower()) or AXES.get(tok.lower_)
        if entry is not None:
            out.add(entry)
    return out


def denial_in(text: str, doc: Doc | Sequence[Token], cue: Doc | Sequence[Token] = ()) -> str | None:
    """The denial cue a statement is built on, or None. `cue` is the parsed reporting verb
    ("denied"): the content of "Esper denied this" is only "this"."""
    for tok in cue:
        if tok.lemma_.lower() in DENIAL_LEMMAS:
            return tok.text
    low = text.lower()
    for phrase_ in DENIAL_PHRASES:
        if phrase_ in low:
            return phrase_
    for tok in doc:
        if tok.lemma_.lower() in DENIAL_LEMMAS and not _denies_an_act(tok):
            return tok.text
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in DENIAL_NOUNS and _calls_untrue(tok):
            return tok.text
    return None


def _calls_untrue(noun: Token) -> bool:
    """A denial noun said *of* something: "the tweets are lies", "slammed the allegations
    as 'lies'", "was a complete fabrication"; not an accusation of lying ("Trump tells so
    many lies", "called him out for his lies": PolNeAR dev) nor the verb ("the answer lies
    in")."""
    if noun.dep_ in ("attr", "oprd", "appos"):
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        return True
    return noun.dep_ in ("nmod", "compound", "conj") and noun.head.dep_ in ("attr", "oprd")


def _denies_an_act(tok: Token) -> bool:
    """True for "reject the decision": a denial verb whose object is not something said."""
    return tok.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and c.lemma_.lower() not in STATEMENT_NOUNS
        for c in tok.children
    )
