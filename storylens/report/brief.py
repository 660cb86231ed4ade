"""The story brief: what a journalist needs first, on one screen, every item linked to its source.

The brief is the landing page of the web UI (`/`) and the first section of the HTML report:

  * the story's span of dates (marked when any date in it is inferred, not printed);
  * the outlets, how many articles each, and where its statements come from (the sourcing
    channels of issue 13: own reporting, via another outlet, anonymous, document);
  * the most reported claims as short propositions (`proposition_label`), with each outlet's
    position: asserts (carries the claim itself), relays (only via another outlet), denies
    (carries a statement that contradicts one of the claim's), silent;
  * the main contradictions in one line each; the key actors; the five key dated events.

Both the web UI (from SQL, `inputs_from_db`) and the report (from a `Story`,
`inputs_from_story`) fill the same `BriefInputs`, and `build_brief` turns them into the one
dict both templates show, so the two cannot disagree.

Labels are built from a parse of the statement (`proposition_label`): holder, subject,
predicate with its auxiliaries and negation, and the head of its object, never a cut span.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    from spacy.tokens import Doc, Token

    from storylens.model import Story

__all__ = [
    "BRIEF_ACTORS",
    "BRIEF_CLAIMS",
    "BRIEF_CONTRADICTIONS",
    "BRIEF_EVENTS",
    "CONTRADICTION_MIN_SCORE",
    "INFERRED_SOURCES",
    "WEB_LINKS",
    "BriefInputs",
    "Links",
    "build_brief",
    "claim_label",
    "claim_matrix_rows",
    "event_label",
    "event_label_parsed",
    "inputs_from_db",
    "inputs_from_story",
    "label_events",
    "label_statements",
    "proposition_label",
    "relabel_timeline",
    "report_links",
    "short_text",
]

BRIEF_CLAIMS = 6  # the issue asks for 5-8; six fit one 1366x768 screen beside the rest
BRIEF_CONTRADICTIONS = 3
BRIEF_ACTORS = 8
BRIEF_EVENTS = 5
# The brief shows confident contradictions only (resolve.claims.CONTRADICT_THRESHOLD, read
# here as a number so the brief does not import the resolver and its models).
CONTRADICTION_MIN_SCORE = 0.8
LABEL_WORDS = 12  # a proposition label never runs longer (cut at a word, with "…")
# Publication dates not printed in the article's metadata or header (model.Provenance):
# a reader must see that these are the tool's reading, not the outlet's.
INFERRED_SOURCES = frozenset(["inferred", "dateline", "stated"])
UNKNOWN_OUTLET = "unknown outlet"
POSITIONS = ("asserts", "denies", "relays", "silent")
_DENIAL_CUES = frozenset(
    ["deny", "denied", "denies", "dismiss", "dismissed", "reject", "rejected", "refute", "refuted"]
)
_ANAPHORS = frozenset(["this", "that", "it", "these", "those", "such"])


def short_text(text: str, words: int = LABEL_WORDS) -> str:
    """The first `words` words of `text`, cut at a word boundary, with "…" when cut."""
    parts = text.split()
    out = " ".join(parts[:words]).rstrip(",;:")
    return out + ("…" if len(parts) > words else "")


# -- proposition labels -----------------------------------------------------------------------

_NOUN_PREPS = frozenset(["of", "to", "with", "against", "on", "by", "for", "from"])
_KEEP_IN_NP = frozenset(["compound", "amod", "poss", "nummod", "nmod", "case", "neg"])


def _np(tok: Token, limit: int = 4) -> str:
    """A compact noun phrase: the head with its compounds, adjectives and possessives (no
    determiners, no clauses), at most `limit` words, in text order."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in _KEEP_IN_NP and c.i < tok.i:
            keep += [t for t in c.subtree if t.dep_ in _KEEP_IN_NP or t is c]
    keep = sorted({t.i: t for t in keep if not t.is_punct}.values(), key=lambda t: t.i)
    keep = [t for t in keep if t.lower_ not in ("“", "”", '"')][-limit:]
    while keep and keep[0].text in ("’s", "'s"):
        keep = keep[1:]
    words = _join(keep)
    # the phrase after a bare head: "the withdrawal [of troops]", "response [to threats]"
    if len(keep) <= 2 and tok.pos_ == "NOUN" and limit > 2:
        for c in tok.children:
            if c.dep_ == "prep" and c.i > tok.i and c.lower_ in _NOUN_PREPS:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return f"{words} {c.text} {_np(objs[0], 3)}"
    return words


def _join(tokens: Sequence[Token]) -> str:
    """Tokens as written: "republic’s cabinet", not "republic ’s cabinet"."""
    return "".join(
        t.text_with_ws for t in tokens if not t.is_punct or t.text in ("’s", "'s")
    ).strip()


# Adverbs that change what a predicate asserts ("has yet to", "never", "no longer").
_POLARITY_ADVERBS = frozenset(["yet", "never", "not", "no", "longer", "still", "hardly"])


def _verb_chain(root: Token) -> list[Token]:
    """The verbs of the predicate: the root and its xcomp/acomp chain ("intend to withdraw",
    "is ready to implement")."""
    chain = [root]
    node = root
    for _ in range(3):
        nxt = next((c for c in node.children if c.dep_ in ("xcomp", "acomp")), None)
        if nxt is None:
            break
        chain.append(nxt)
        node = nxt
    return chain


def _with_auxiliaries(verb: Token) -> list[Token]:
    """A verb with its auxiliaries, negation and polarity adverbs, in text order."""
    keep = [verb] + [
        c
        for c in verb.children
        if c.dep_ in ("aux", "auxpass", "neg")
        or (c.dep_ == "advmod" and c.lower_ in _POLARITY_ADVERBS)
    ]
    return sorted(keep, key=lambda t: t.i)


def _object(verb: Token) -> str:
    for c in verb.children:
        if c.dep_ == "agent":  # "written by [General Seely]"
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return f"by {_np(objs[0], 4)}"
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd", "dative"):
            return _np(c)
    for c in verb.children:
        if c.dep_ == "prep" and c.i > verb.i:
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return f"{c.text} {_np(objs[0], 3)}"
    return ""


def _clause_root(doc: Doc | Any) -> Token | None:
    sent = next(iter(doc.sents), None) if hasattr(doc, "sents") else None
    root = sent.root if sent is not None else None
    if root is None:
        return None
    # "The president said that Iraq does not want ...": the proposition is the said clause
    if root.lemma_.lower() in ("say", "state", "tell", "announce", "add"):
        inner = next((c for c in root.children if c.dep_ == "ccomp"), None)
        if inner is not None:
            return inner
    return root


def _predication(root: Token) -> str:
    """Subject, predicate (auxiliaries, negation, xcomp chain) and the head of the object of
    a verb, in text order; "" when `root` is no verb."""
    if root.pos_ not in ("VERB", "AUX"):
        return ""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None and root.dep_ in ("acl", "relcl") and root.head.pos_ in ("NOUN", "PROPN"):
        subj = root.head  # "the letter [written] by ...": the noun it modifies
    chain = _verb_chain(root)
    parts = [_np(subj, 3)] if subj is not None else []
    for verb in chain[:-1]:
        parts.append(_join(_with_auxiliaries(verb)))
        # who is asked, told, urged: "had not asked [Washington] to withdraw"
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None and obj.i < chain[-1].i:
            parts.append(_np(obj, 2))
    parts.append(_join(_with_auxiliaries(chain[-1])))
    obj = _object(chain[-1])
    if obj:
        parts.append(obj)
    return " ".join(p for p in parts if p)


def _tidy(text: str) -> str:
    return short_text(re.sub(r"\s+", " ", text).strip(" ,;:"))


def proposition_label(doc: Doc, holder: str | None = None) -> str:
    """A short proposition from a parsed statement: "Esper: Baghdad had not asked Washington",
    "Hoffman: US military does not plan to leave Iraq".

    holder: who states it (the speaker's name), or None. A fragment without a verb ("the
    incident") stays as its first words."""
    root = _clause_root(doc)
    body = _predication(root) if root is not None else ""
    if root is not None and len(body.split()) < 4:
        # "we hope [and strive to ensure that the forces remain in the region]": the short
        # main clause frames the proposition, which is the first clause it embeds
        inner = next((t for t in root.subtree if t.dep_ == "ccomp" and t is not root), None)
        if inner is not None:
            body = f"{body}: {_predication(inner)}"
    label = _tidy(body or doc.text)
    return f"{holder}: {label}" if holder else label


REPORTING_LEMMAS = frozenset(["say", "state", "tell", "announce", "add", "report", "claim"])


def event_label_parsed(doc: Doc, trigger_start: int) -> str:
    """A short event label from the parsed sentence and the trigger's offset in it: actor +
    action + object ("Iraqi parliament voted to expel United States"), a nominal event with
    its modifiers ("American withdrawal", "killing of commander"), and for a speech event
    the speaker and what was said ("Barham Saleh announced: state does not seek to be scene")."""
    tok = next((t for t in doc if t.idx <= trigger_start < t.idx + len(t.text)), None)
    if tok is None:
        return ""
    if tok.pos_ in ("NOUN", "PROPN"):
        return _tidy(_np(tok, 4))
    if tok.lemma_.lower() in REPORTING_LEMMAS:
        inner = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if inner is not None and subj is not None:
            return _tidy(f"{_np(subj, 3)} {tok.text}: {_predication(inner)}")
    return _tidy(_predication(tok))


def label_events(rows: Sequence[tuple[str, str, int]]) -> dict[str, str]:
    """Event id -> label from (event id, sentence, trigger offset in the sentence)."""
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    out = {}
    for (eid, _, trig), doc in zip(rows, nlp.pipe(r[1] for r in rows), strict=True):
        label = event_label_parsed(doc, trig)
        if label:
            out[eid] = label
    return out


def _holder(name: str | None) -> str | None:
    """The speaker as a label shows it: a person's surname ("Esper"), else the name."""
    if not name or name.lower() in ("he", "she", "they", "it", "him", "her", "we", "i"):
        return None
    return name


def label_statements(statements: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Statement id -> proposition label (one spaCy pass over their contents, in id order)."""
    from storylens.nlp import load_nlp

    ids = sorted(statements)
    nlp = load_nlp()
    out = {}
    for sid, doc in zip(ids, nlp.pipe(statements[s]["content"] for s in ids), strict=True):
        out[sid] = proposition_label(doc, _holder(statements[sid].get("speaker")))
    return out


# -- event labels -----------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"—–]|\s-\s|\bwhich\b|\bwho\b|\bbut\b|\bafter\b|\bwhen\b")
_TRAIL = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "on",
        "at",
        "for",
        "by",
        "from",
        "with",
        "that",
        "as",
        "its",
        "their",
        "his",
        "her",
        "our",
    ]
)
_WORD = re.compile(r"[\w’'.-]+", re.UNICODE)


def event_label(
    sentence: str, trigger_start: int, trigger_end: int, participants: Sequence[str] = ()
) -> str:
    """A short label for an event mention: actor + action + object, from its sentence.

    `trigger_*` index `sentence`. The clause holding the trigger is cut at punctuation and
    clause words; the actor is the participant named last before the trigger in that clause
    (else none), the object the words after the trigger up to five, never a word cut.
    """
    lo = trigger_start
    for m in _CLAUSE_BREAK.finditer(sentence, 0, trigger_start):
        lo = m.end()
    if lo == trigger_start:
        lo = 0
        for m in _CLAUSE_BREAK.finditer(sentence, 0, trigger_start):
            lo = m.end()
    m_hi = _CLAUSE_BREAK.search(sentence, trigger_end)
    hi = m_hi.start() if m_hi else len(sentence)
    before = sentence[lo:trigger_start]
    actor_at = None
    for p in participants:
        i = before.rfind(p)
        if i >= 0 and (actor_at is None or i > actor_at[0]):
            actor_at = (i, p)
    after_words = _WORD.findall(sentence[trigger_end:hi])[:5]
    while after_words and after_words[-1].lower() in _TRAIL:
        after_words.pop()
    action = sentence[trigger_start:trigger_end]
    if actor_at is not None:
        start = lo + actor_at[0]
        lead_words = _WORD.findall(sentence[start:trigger_start])
        lead = " ".join(lead_words) if len(lead_words) <= 6 else actor_at[1]
    else:
        lead_words = _WORD.findall(before)[-3:]
        while lead_words and lead_words[0].lower() in _TRAIL - {"the", "a", "an"}:
            lead_words.pop(0)
        lead = " ".join(lead_words)
    label = " ".join(w for w in (lead, action, " ".join(after_words)) if w)
    return re.sub(r"\s+", " ", label).strip(" .,")


def relabel_timeline(rows: list[dict[str, Any]]) -> None:
    """Replace each timeline row's word-window label (views.timeline_rows) by the parsed one
    (event_label_parsed over its first source sentence); unchanged without a spaCy model."""
    from storylens.errors import StorylensError

    todo = [
        (r["id"], r["mentions"][0]["text"], r["mentions"][0]["trigger"])
        for r in rows
        if r["mentions"] and r["mentions"][0].get("text") and "trigger" in r["mentions"][0]
    ]
    try:
        labels = label_events(todo) if todo else {}
    except (ImportError, StorylensError):
        return
    for r in rows:
        r["label"] = labels.get(r["id"]) or r["label"]


# -- inputs -----------------------------------------------------------------------------------


@dataclass(slots=True)
class BriefInputs:
    """What the brief reads, the same from SQL and from a Story."""

    articles: list[dict[str, Any]]  # id, outlet, published, published_source
    statements: dict[str, dict[str, Any]]  # id -> article, outlet, speaker, actor, content,
    # cue, channel, channel_source, date, start, end (statements of claims and contradictions)
    claims: list[dict[str, Any]]  # id, text, statements (ids), independent
    contradictions: list[dict[str, Any]]  # a, b, score, why
    actors: list[dict[str, Any]]  # id, name, type, mentions, statements
    events: list[dict[str, Any]]  # timeline rows with "label"
    channels: dict[str, Counter[str]] = field(default_factory=dict)  # outlet -> channel counts


def _statement_row(r: Sequence[Any]) -> dict[str, Any]:
    keys = ("id", "article", "outlet", "speaker", "actor", "content", "cue", "channel",
            "channel_source", "date", "start", "end", "published_source")  # fmt: skip
    return dict(zip(keys, r, strict=True))


def inputs_from_db(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> BriefInputs:
    """The brief's inputs from a story database (`events`: the web's timeline rows)."""
    articles = [
        {"id": r[0], "outlet": r[1], "published": r[2], "published_source": r[3]}
        for r in conn.execute(
            "SELECT id, coalesce(outlet, ?), published, published_source FROM articles ORDER BY id",
            (UNKNOWN_OUTLET,),
        )
    ]
    members: dict[str, list[str]] = defaultdict(list)
    for claim, st in conn.execute(
        "SELECT claim, statement FROM claim_statements ORDER BY claim, statement"
    ):
        members[claim].append(st)
    claims = [
        {"id": r[0], "text": r[1], "statements": members.get(r[0], []), "independent": r[2]}
        for r in conn.execute("SELECT id, text, independent_sources FROM claims ORDER BY id")
    ]
    contradictions = [
        {"a": r[0], "b": r[1], "score": r[2], "why": r[3]}
        for r in conn.execute(
            "SELECT a, b, score, why FROM relations WHERE type = 'contradict'"
            " ORDER BY score DESC, rowid"
        )
    ]
    wanted = {s for c in claims for s in c["statements"]}
    wanted |= {x[k] for x in contradictions for k in ("a", "b")}
    statements = {}
    rows = conn.execute(
        "SELECT s.id, s.article, coalesce(a.outlet, ?), coalesce(x.name, s.speaker_text),"
        ' s.speaker_actor, s.content, s.cue, s.channel, s.channel_source, s.date, s.start, s."end",'
        " CASE WHEN s.date IS NULL OR s.date = a.published THEN a.published_source END"
        " FROM statements s JOIN articles a ON a.id = s.article"
        " LEFT JOIN actors x ON x.id = s.speaker_actor",
        (UNKNOWN_OUTLET,),
    )
    for r in rows:
        if r[0] in wanted:
            statements[r[0]] = _statement_row(r)
    published = {a["id"]: a["published"] for a in articles}
    for row in statements.values():
        row["date"] = row["date"] or published.get(row["article"])
    quoted = Counter(
        dict(
            conn.execute(
                "SELECT speaker_actor, count(*) FROM statements"
                " WHERE speaker_actor IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
    )
    mentions = Counter(
        dict(
            conn.execute(
                "SELECT actor, count(*) FROM mentions WHERE actor IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
    )
    actors = [
        {"id": r[0], "name": r[1], "type": r[2], "mentions": mentions.get(r[0], 0),
         "statements": quoted.get(r[0], 0)}
        for r in conn.execute("SELECT id, name, type FROM actors ORDER BY id")
    ]  # fmt: skip
    channels: dict[str, Counter[str]] = defaultdict(Counter)
    for outlet, channel, n in conn.execute(
        "SELECT coalesce(a.outlet, ?), coalesce(s.channel, 'unknown'), count(*)"
        " FROM statements s JOIN articles a ON a.id = s.article GROUP BY 1, 2",
        (UNKNOWN_OUTLET,),
    ):
        channels[outlet][channel] = n
    return BriefInputs(articles, statements, claims, contradictions, actors, events, channels)


def inputs_from_story(story: Story, events: list[dict[str, Any]]) -> BriefInputs:
    """The brief's inputs from a loaded Story (the report)."""
    art = {a.id: a for a in story.articles}
    articles = [
        {"id": a.id, "outlet": a.outlet or UNKNOWN_OUTLET, "published": a.published,
         "published_source": a.published_source}
        for a in sorted(story.articles, key=lambda a: a.id)
    ]  # fmt: skip
    names = {x.id: x.name for x in story.actors}
    statements = {}
    channels: dict[str, Counter[str]] = defaultdict(Counter)
    for s in story.statements():
        a = art[s.article]
        channels[a.outlet or UNKNOWN_OUTLET][s.channel or "unknown"] += 1
        statements[s.id] = {
            "id": s.id, "article": s.article, "outlet": a.outlet or UNKNOWN_OUTLET,
            "speaker": names.get(s.speaker_actor or "", s.speaker_text),
            "actor": s.speaker_actor, "content": s.content, "cue": s.cue,
            "channel": s.channel, "channel_source": s.channel_source,
            "date": s.date or a.published, "start": s.start, "end": s.end,
            "published_source": a.published_source if s.date in (None, a.published) else None,
        }  # fmt: skip
    claims = [
        {"id": c.id, "text": c.text, "statements": sorted(c.statements),
         "independent": c.independent_sources}
        for c in sorted(story.claims, key=lambda c: c.id)
    ]  # fmt: skip
    contradictions = sorted(
        (
            {"a": r.a, "b": r.b, "score": r.score, "why": r.why}
            for r in story.relations
            if r.type == "contradict"
        ),
        key=lambda r: -r["score"],
    )
    wanted = {s for c in claims for s in c["statements"]}
    wanted |= {x[k] for x in contradictions for k in ("a", "b")}
    statements = {k: v for k, v in statements.items() if k in wanted}
    quoted = Counter(s.speaker_actor for s in story.statements() if s.speaker_actor)
    actors = [
        {"id": x.id, "name": x.name, "type": x.type, "mentions": len(x.mentions),
         "statements": quoted.get(x.id, 0)}
        for x in sorted(story.actors, key=lambda x: x.id)
    ]  # fmt: skip
    return BriefInputs(articles, statements, claims, contradictions, actors, events, channels)


# -- the brief --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Links:
    """Where the brief's items point: the web UI's pages, or the report's anchors."""

    span: Callable[[str, int, int], str]
    claim: Callable[[str], str]
    contradiction: Callable[[int], str]


WEB_LINKS = Links(
    span=lambda article, start, end: f"/articles/{article}#{start}-{end}",
    claim=lambda cid: f"/claims#claim-{cid}",
    contradiction=lambda i: f"/claims#contradiction-{i}",
)


def report_links(anchor: Callable[[str, int, int], str]) -> Links:
    """Links inside the one-file report (`anchor`: report.highlight.span_anchor)."""
    return Links(
        span=lambda article, start, end: "#" + anchor(article, start, end),
        claim=lambda cid: f"#claim-{cid}",
        contradiction=lambda i: f"#contradiction-{i}",
    )


def _link(st: dict[str, Any], links: Links = WEB_LINKS) -> str:
    return links.span(st["article"], st["start"], st["end"])


def _channel_summary(counts: Counter[str]) -> str:
    """Where an outlet's statements come from, the two largest known channels in percent of
    all its statements ("own 21%, via outlets 10%"); "not stated" when none is known."""
    names = {"own": "own", "outlet": "via outlets", "anonymous": "anonymous",
             "document": "documents"}  # fmt: skip
    total = sum(counts.values())
    known = sorted(
        ((c, n) for c, n in counts.items() if c in names and n), key=lambda kv: (-kv[1], kv[0])
    )[:2]
    if not total or not known:
        return "not stated"
    return ", ".join(f"{names[c]} {round(100 * n / total)}%" for c, n in known)


def _is_denial(st: dict[str, Any]) -> bool:
    return st["cue"].lower() in _DENIAL_CUES


def claim_positions(
    inputs: BriefInputs, outlets: Sequence[str], claim: dict[str, Any], links: Links = WEB_LINKS
) -> list[dict[str, Any]]:
    """Each outlet's position on one claim, with the statements that show it."""
    sts = [inputs.statements[s] for s in claim["statements"] if s in inputs.statements]
    members = {s["id"] for s in sts}
    against: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in inputs.contradictions:
        if r["score"] < CONTRADICTION_MIN_SCORE:
            continue
        for mine, other in ((r["a"], r["b"]), (r["b"], r["a"])):
            if mine in members and other not in members and other in inputs.statements:
                st = inputs.statements[other]
                against[st["outlet"]].append(st)
    out = []
    for outlet in outlets:
        own = [s for s in sts if s["outlet"] == outlet]
        if against.get(outlet):
            position, evidence = "denies", against[outlet]
        elif own and all(s["channel"] == "outlet" for s in own):
            position, evidence = "relays", own
        elif own:
            position, evidence = "asserts", own
        else:
            position, evidence = "silent", []
        out.append(
            {
                "outlet": outlet,
                "position": position,
                "also_carries": bool(own) and position == "denies",
                "links": sorted({_link(s, links) for s in evidence})[:3],
            }
        )
    return out


def ranked_claims(inputs: BriefInputs) -> list[dict[str, Any]]:
    """Claims by how many outlets carry them, then statements, then independent sources.

    `disputed`: two of the claim's own statements contradict each other (a confident
    contradiction): the claim mixes both sides, and the reader is told so."""
    against = {
        frozenset((r["a"], r["b"]))
        for r in inputs.contradictions
        if r["score"] >= CONTRADICTION_MIN_SCORE
    }
    rows = []
    for c in inputs.claims:
        sts = [inputs.statements[s] for s in c["statements"] if s in inputs.statements]
        members = sorted(s["id"] for s in sts)
        disputed = any(
            frozenset((x, y)) in against for i, x in enumerate(members) for y in members[i + 1 :]
        )
        rows.append(
            {
                **c,
                "outlet_count": len({s["outlet"] for s in sts}),
                "statement_count": len(sts),
                "disputed": disputed,
            }
        )
    rows.sort(key=lambda r: (-r["outlet_count"], -r["statement_count"],
                             -(r["independent"] or 0), r["id"]))  # fmt: skip
    return rows


def claim_label(claim: dict[str, Any], inputs: BriefInputs, labels: dict[str, str]) -> str:
    """The label of a claim: its first statement with a named holder (earliest), the holder
    count when several speakers state it ("Esper +2: ...")."""
    sts = sorted(
        (inputs.statements[s] for s in claim["statements"] if s in inputs.statements),
        key=lambda s: (_holder(s["speaker"]) is None, s["date"] or "9999", s["id"]),
    )
    if not sts:
        return short_text(claim["text"])
    first = sts[0]
    label = labels.get(first["id"]) or short_text(first["content"])
    others = {_holder(s["speaker"]) for s in sts[1:]} - {_holder(first["speaker"]), None}
    if others and ":" in label:
        head, rest = label.split(":", 1)
        label = f"{head} +{len(others)}:{rest}"
    return label


def claim_matrix_rows(
    inputs: BriefInputs, labels: dict[str, str], outlets: Sequence[str]
) -> dict[str, Any]:
    """Outlet x claim statement counts, claims carried by most outlets first (issue 14), each
    with its proposition label; `single` marks claims of one statement (folded away)."""
    names = sorted(outlets)
    col = {o: i for i, o in enumerate(names)}
    rows = []
    for c in ranked_claims(inputs):
        cells = [0] * len(names)
        for sid in c["statements"]:
            st = inputs.statements.get(sid)
            if st is not None and st["outlet"] in col:
                cells[col[st["outlet"]]] += 1
        rows.append(
            {
                "id": c["id"],
                "label": claim_label(c, inputs, labels),
                "text": c["text"],
                "cells": cells,
                "outlets": c["outlet_count"],
                "statements": c["statement_count"],
                "independent": c["independent"],
                "single": c["statement_count"] <= 1,
                "disputed": c["disputed"],
            }
        )
    return {"outlets": names, "rows": rows}


def _without_holder(label: str) -> str:
    return label.split(": ", 1)[1] if ": " in label else label


def _date_mark(st: dict[str, Any]) -> bool:
    return st.get("published_source") in INFERRED_SOURCES


def build_brief(
    inputs: BriefInputs, labels: dict[str, str], links: Links = WEB_LINKS
) -> dict[str, Any]:
    """The brief as a plain dict (the web page, its JSON, and the report's first section)."""
    dated = [a for a in inputs.articles if a["published"]]
    lo = min((a["published"] for a in dated), default=None)
    hi = max((a["published"] for a in dated), default=None)
    per_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in inputs.articles:
        per_outlet[a["outlet"]].append(a)
    outlets = []
    for name, arts in sorted(per_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        days = sorted(a["published"] for a in arts if a["published"])
        outlets.append(
            {
                "outlet": name,
                "articles": len(arts),
                "first": days[0] if days else None,
                "last": days[-1] if days else None,
                "inferred": sum(1 for a in arts if a["published_source"] in INFERRED_SOURCES),
                "origin": _channel_summary(inputs.channels.get(name, Counter())),
            }
        )
    outlet_names = [o["outlet"] for o in outlets]
    claims = []
    for c in ranked_claims(inputs)[:BRIEF_CLAIMS]:
        if c["statement_count"] == 0:
            continue
        claims.append(
            {
                "id": c["id"],
                "label": claim_label(c, inputs, labels),
                "outlets": c["outlet_count"],
                "statements": c["statement_count"],
                "disputed": c["disputed"],
                "positions": claim_positions(inputs, outlet_names, c, links),
                "link": links.claim(c["id"]),
            }
        )
    contradictions = []
    for i, r in enumerate(inputs.contradictions):
        if r["score"] < CONTRADICTION_MIN_SCORE:
            break
        a, b = inputs.statements.get(r["a"]), inputs.statements.get(r["b"])
        if a is None or b is None:
            continue
        # resolve.claims writes a denial as (what is denied, the denial): b answers a
        denial = r["why"].startswith("denial") or (_is_denial(b) and not _is_denial(a))
        if not denial and _is_denial(a):
            a, b, denial = b, a, True
        verb = "denies" if denial else "contradicts"
        contradictions.append(
            {
                "index": i,
                "who": _holder(b["speaker"]) or "unattributed",
                "verb": verb,
                "whom": _holder(a["speaker"]) or "unattributed",
                "said": labels.get(b["id"]) or short_text(b["content"]),
                "claim": _without_holder(labels.get(a["id"]) or short_text(a["content"])),
                "outlet": b["outlet"],
                "date": b["date"],
                "date_inferred": _date_mark(b),
                "link": _link(b, links),
                "both": links.contradiction(i),
                "other_link": _link(a, links),
                "score": r["score"],
            }
        )
        if len(contradictions) == BRIEF_CONTRADICTIONS:
            break
    actors = sorted(
        (x for x in inputs.actors if x["type"] in ("PERSON", "ORG", "MEDIA", "AGENCY")),
        key=lambda x: (-x["statements"], -x["mentions"], x["name"]),
    )[:BRIEF_ACTORS]
    events = _key_events(inputs.events, links)
    return {
        "span": [lo, hi],
        "span_inferred": any(
            a["published_source"] in INFERRED_SOURCES and a["published"] in (lo, hi) for a in dated
        ),
        "outlets": outlets,
        "claims": claims,
        "contradictions": contradictions,
        "actors": [
            {
                "id": x["id"],
                "name": x["name"],
                "type": x["type"],
                "statements": x["statements"],
                "mentions": x["mentions"],
            }
            for x in actors
        ],
        "events": events,
    }


def _key_events(events: Iterable[dict[str, Any]], links: Links) -> list[dict[str, Any]]:
    """The BRIEF_EVENTS key events, in date order: most outlets first, then day before month
    precision, then most sources, then earliest; one per date while others are left (three
    happenings of one Monday would crowd out the rest of the story)."""
    rank = {"day": 0, "month": 1}
    dated = [e for e in events if e.get("date") and e.get("precision") in rank]
    dated = dated or [e for e in events if e.get("date")]
    ordered = sorted(
        dated,
        key=lambda e: (-e["outlet_count"], rank.get(e.get("precision") or "", 2),
                       -len(e.get("mentions", ())), e["date"], e["id"]),
    )  # fmt: skip
    top: list[dict[str, Any]] = []
    for e in ordered:
        if len(top) < BRIEF_EVENTS and e["date"] not in {t["date"] for t in top}:
            top.append(e)
    for e in ordered:
        if len(top) < BRIEF_EVENTS and e not in top:
            top.append(e)
    out = []
    for e in sorted(top, key=lambda e: (e["date"], e["id"])):
        m = e["mentions"][0] if e.get("mentions") else None
        out.append(
            {
                "id": e["id"],
                "date": e["date"],
                "precision": e.get("precision"),
                "label": e.get("label") or short_text(e["description"], 8),
                "outlets": e["outlets"],
                "link": links.span(m["article"], m["start"], m["end"]) if m else None,
            }
        )
    return out
