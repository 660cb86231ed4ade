"""How each outlet knows (issue 13): statement channels, copied passages, independent sources.

Three steps, run by `resolve_story` after claims:

- `assign_channels`: every statement gets a **channel**, the way the article's outlet came to
  know it, with the words that show it (`channel_start/end`):
    - ``own``: the outlet's own reporting — the outlet named as interviewer or addressee
      ("told Al-Jazeera Net", "in an interview with RT", "confirmed to Al-Arabiya",
      "according to Fars News Agency's International Group"), or a press conference
      ("told reporters", "during a briefing");
    - ``outlet``: another named outlet or agency, `channel_source` its name ("the newspaper
      Al-Akhbar reported", "said on CBS", "Reuters news agency reported", "three sources told
      Newsweek", a "(Reuters) -" dateline, "the newspaper" / "the agency" / "the author"
      referring back to the last outlet cited, unnamed "state media");
    - ``anonymous``: an unnamed source ("Iraqi sources said", "an official at ...", "a State
      Department official" — an official of an organisation, not a named person; "on
      condition of anonymity");
    - ``document``: a document or written statement ("the statement said", "a confidential
      document", "in a statement");
    - ``unknown``: nothing in the sentence says (most statements: "X said").
  Precedence: a named outlet > an agency dateline > a document > an anonymous source > a press
  conference > unknown. Precision first: a cue counts only when it is in the statement's own
  sentence, outside the quoted content, and names an outlet the actor stage typed MEDIA or
  AGENCY, a known outlet (`ingest.metadata.OUTLETS`), or the article's own outlet.
  Patterns are the relations around the cue ("told <outlet>", "according to <outlet>",
  "<outlet> reported", "<outlet> sources", "sources for <outlet>"), not phrase lists.

- `find_copies`: passages two articles share, found with datasketch MinHash LSH over word
  3-shingles of sentences (never all pairs: each sentence queries the LSH index once), checked
  with the exact Jaccard of the shingle sets, and consecutive matching sentences merged into
  one passage. `earlier` names the earlier article when both dates are known and differ.

- `count_independent`: for a claim, the number of independent sources after collapsing
  relays (a statement relayed from outlet X counts as X) and copies (two statements whose
  articles share a copied passage at either statement count once).

Deterministic: seeded MinHash, sorted candidates and outputs.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from datasketch import MinHash, MinHashLSH

from storylens.ingest.metadata import MEDIA_WORDS, OUTLETS
from storylens.model import Actor, Article, ArticleRecords, CopiedPassage, Statement
from storylens.resolve.disjoint import DisjointSets

__all__ = [
    "CHANNELS",
    "assign_channels",
    "count_candidates",
    "count_independent",
    "find_copies",
    "independent_sources",
    "outlet_key",
]

CHANNELS = ("own", "outlet", "anonymous", "document", "unknown")
MEDIA_TYPES = ("MEDIA", "AGENCY")

# ---------------------------------------------------------------------------------------------
# names


def outlet_key(name: str | None) -> str:
    """A comparison key for an outlet name: canonical spelling, no article, letters only."""
    if not name:
        return ""
    raw = name.strip(" “”\"'‘’").lower()
    raw = OUTLETS.get(raw, OUTLETS.get(raw.removeprefix("the "), raw)).lower()
    raw = raw.removeprefix("the ")
    return re.sub(r"[^0-9a-z]+", "", raw)


def _canonical(name: str) -> str:
    """The display name of a cited outlet: OUTLETS' spelling when known."""
    bare = name.strip(" “”\"'‘’")
    key = bare.lower()
    return OUTLETS.get(key, OUTLETS.get(key.removeprefix("the "), bare.removeprefix("the ")))


def _same_outlet(a: str | None, b: str | None) -> bool:
    """Equal keys, or one name's words a leading part of the other's ("Al Jazeera" / "Al
    Jazeera Net"); single short words must be equal."""
    ka, kb = outlet_key(a), outlet_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa = re.sub(r"[^0-9a-z ]+", " ", (a or "").lower().removeprefix("the ")).split()
    wb = re.sub(r"[^0-9a-z ]+", " ", (b or "").lower().removeprefix("the ")).split()
    short, long_ = sorted((wa, wb), key=len)
    return len(short) >= 2 and long_[: len(short)] == short


# ---------------------------------------------------------------------------------------------
# channel cues (each applied to the statement's sentence outside its content)

_Q = r"[\s“”\"'‘’]*"
# Words right before an outlet that make it the channel: interviewer, addressee, source.
_BEFORE = re.compile(
    r"(?:\b(?:told|to|with|on|for|from|in|via|according\s+to|speaking\s+to|talking\s+to|"
    r"(?:quoted|cited|reported|obtained|published|seen|reviewed)\s+by)\s+(?:the\s+)?"
    + _Q
    + r"|\b(?:told|with|to|for|according\s+to)\s+(?:the\s+)?[“\"]?[\w-]+(?:\s+[\w-]+)?[”\"]?"
    r"\s+and\s+(?:the\s+)?" + _Q + r")$",
    re.I,
)
# Words right after an outlet that make it the channel: it reports, or its sources speak.
_AFTER = re.compile(
    r"^[”\"']?(?:[’']s)?(?:\s+(?:news\s+agency|newspaper|daily|television|tv|channel|website))?"
    r"\s*(?:,\s*)?(?:\s+and\s+[“\"]?[\w-]+(?:\s+[\w-]+)?[”\"]?)?\s+"
    r"(?:(?:has|had|also|further|later|earlier)\s+)?"
    r"(?:sources|reported|reports|reporting|quoted|quoting|cited|citing|wrote|writes|states|"
    r"stated|learned|learnt|obtained|published|revealed|said|says)\b",
    re.I,
)
_TOLD = re.compile(
    r"\b(?:told|(?:speaking|talking|confirmed|said|spoke)\s+to)\s+(?:the\s+)?[“\"]?\s*$", re.I
)  # not a bare "to": "changed his name to Zehaf-Bibeau" (FNC-1)
# The outlet heads the speaker: "CNN's Barbara Starr", "The Reuters news agency", "Fars News
# Agency's International Group" — not "an anonymous NBC executive", "famed NBC journalist".
_SPEAKER_OUTLET = re.compile(r"^(?:the\s+)?[“\"]?\s*$", re.I)
_AFTER_SPEAKER_OUTLET = re.compile(
    r"^[”\"]?\s*(?:[’']s\b|(?:news\s+agency|newspaper|daily|television|tv|website)?\s*$)", re.I
)
_PRESS = re.compile(
    r"\b(?:told|briefed|telling)\s+(?:reporters|journalists|the\s+press|a\s+(?:news|press)\s+"
    r"conference)\b|\b(?:at|during|in)\s+a\s+(?:news|press)\s+(?:conference|briefing)\b|"
    r"\bduring\s+a\s+briefing\b",
    re.I,
)
_DOC_FRAME = re.compile(
    r"\bin\s+a\s+(?:written\s+|joint\s+|brief\s+|separate\s+)?statement\b|"
    r"\bthe\s+statement\s+(?:said|read|added|says)\b|"
    r"\b(?:a|the)\s+(?:confidential|classified|leaked|secret|internal)\s+"
    r"(?:document|memo|report|letter|cable)\b",
    re.I,
)
_ANON_FRAME = re.compile(
    r"\b(?:on\s+(?:the\s+)?condition\s+of\s+anonymity|asked\s+not\s+to\s+be\s+(?:named|"
    r"identified)|(?:were|was)\s+not\s+authori[sz]ed\s+to\s+speak)\b",
    re.I,
)
# Head nouns of a speaker that is a document, an unnamed source, or an outlet described.
DOC_NOUNS = frozenset(
    [
        "statement",
        "statements",
        "document",
        "documents",
        "letter",
        "report",
        "memo",
        "memorandum",
        "message",
        "communique",
        "communiqué",
        "release",
        "note",
        "cable",
        "transcript",
        "filing",
    ]
)
ANON_NOUNS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "insider",
        "insiders",
        "aide",
        "aides",
        "person",
        "people",
    ]
)
# "paper", "channel", "network" are left out: on PolNeAR dev they were as often generic or
# another outlet (the actor stage's finding, docs/decisions.md).
OUTLET_NOUNS = frozenset(
    ("newspaper", "daily", "agency", "broadcaster", "author", "magazine", "website")
)
# "the newspaper" refers back to an outlet named at most this far before (chars: about two
# paragraphs; the Fars article's "the author" is 1,200 and 1,700 after "Al-Akhbar").
OUTLET_ANAPHOR_WINDOW = 2000
# An outlet the text does not name ("state media", "Initial press reports", "Saudi state-run
# media"): channel "outlet", the words as source. "social media" is no outlet.
_UNNAMED = r"(?:(?!social\b)[\w-]+\s+){0,2}(?:media|press|news)"
UNNAMED_MEDIA = re.compile(
    rf"^(?:the\s+)?{_UNNAMED}(?:\s+(?:reports?|outlets?|agencies))?$"
    r"|^(?:the\s+)?(?:(?!social\b)[\w-]+\s+){0,2}(?:television|tv)$",
    re.I,
)
# ... and in the frame: ", state media reported", "with state-run media reporting", "quoted
# in news reports", "according to media reports".
_UNNAMED_FRAME = re.compile(
    rf"(?:,\s*|\bwith\s+)(?P<m>{_UNNAMED})\s+(?:reported|reporting|reports|said|saying|says)\b"
    rf"|\b(?:in|by|according\s+to)\s+(?P<n>{_UNNAMED}\s+reports?)\b",
    re.I,
)
_QUANT = re.compile(
    r"^(?:(?:one|some|two|three|four|five|several|many|most|each|all|both|none|any|a\s+number|"
    r"a\s+few)\s+of\s+)?(?:the\s+|a\s+|an\s+|this\s+|that\s+|these\s+|those\s+)?",
    re.I,
)
_PREP = re.compile(r"\s+(?:of|at|in|on|from|by|for|to|with|close|familiar|who|that)\b", re.I)
_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z .,'’/-]{1,60}?\(\s*(?P<a>[A-Z][\w .&/-]{0,30}?)\s*\)\s*[-–—]"
)
_DATELINE_WINDOW = 600  # chars from the start: a dateline opens the copy


def _head(speaker: str) -> str:
    """The speaker's head noun, lowercased: "one of the two Turkish officials" -> officials,
    "the Pentagon statement at the time" -> statement."""
    s = _QUANT.sub("", speaker.strip(), count=1)
    s = _PREP.split(s, maxsplit=1)[0]
    words = re.findall(r"[\w’'-]+", s)
    return words[-1].lower() if words else ""


def _is_outlet_name(name: str) -> bool:
    bare = name.strip(" “”\"'‘’")
    key = bare.lower()
    if key in OUTLETS or key.removeprefix("the ") in OUTLETS:
        return True
    words = bare.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z]{3,5}-TV", bare):
        return True
    return len(words) >= 2 and words[-1] in MEDIA_WORDS


class _ArticleMedia:
    """Outlet names in one article: (start, end, name, is_self), sorted by start."""

    def __init__(
        self,
        article: Article,
        actor_mentions: Sequence[tuple[int, int, str]],
        orgs: Sequence[tuple[int, int, str]] = (),
    ):
        self.article = article
        spans: dict[tuple[int, int], tuple[str, bool]] = {}
        for start, end, name in actor_mentions:
            spans[(start, end)] = (name, _same_outlet(name, article.outlet))
        # ORG mentions shaped like an outlet ("the Galveston Daily News", "KHOU-TV").
        for start, end, name in orgs:
            if (start, end) not in spans and _is_outlet_name(name):
                spans[(start, end)] = (_canonical(name), _same_outlet(name, article.outlet))
        text = article.text
        names = {article.outlet} if article.outlet else set()
        # Known outlets spelled anywhere (an outlet the actor stage did not type).
        for raw in _known_in(text):
            names.add(raw)
        for name in sorted((n for n in names if n), key=lambda n: (-len(n), n)):  # longest first
            pat = _name_pattern(name)
            flags = 0 if len(outlet_key(name)) <= 3 else re.I
            for m in re.finditer(pat, text, flags):
                key = (m.start(), m.end())
                if not any(s <= key[0] and key[1] <= e for s, e in spans):
                    spans[key] = (_canonical(m.group(0)), _same_outlet(name, article.outlet))
        self.spans = sorted((s, e, n, me) for (s, e), (n, me) in spans.items())
        self.starts = [s[0] for s in self.spans]
        self.dateline: tuple[int, int, str] | None = None
        m = _DATELINE.search(text[:_DATELINE_WINDOW])
        if m and _is_outlet_name(m["a"]) and not _same_outlet(m["a"], article.outlet):
            self.dateline = (m.start("a"), m.end("a"), _canonical(m["a"]))

    def within(self, start: int, end: int) -> list[tuple[int, int, str, bool]]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] <= end:
                out.append(self.spans[i])
            i += 1
        return out

    def last_cited_before(self, pos: int) -> tuple[int, int, str, bool] | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            if not self.spans[i][3]:
                return self.spans[i]
            i -= 1
        return None


_KNOWN_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        re.escape(k).replace(r"\ ", r"[\s\u00a0]+")
        for k in sorted(OUTLETS, key=len, reverse=True)
        if len(k) > 3
    )
    + r")(?![\w-])",
    re.I,
)
_KNOWN_UPPER = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(k.upper()) for k in OUTLETS if len(k) <= 3)
    + r")(?![\w-])"
)


def _known_in(text: str) -> set[str]:
    return {m.group(0) for m in _KNOWN_RE.finditer(text)} | {
        m.group(0) for m in _KNOWN_UPPER.finditer(text)
    }


def _name_pattern(name: str) -> str:
    words = re.findall(r"[0-9A-Za-z]+", name.removeprefix("The ").removeprefix("the "))
    return r"(?<![\w-])" + r"[\s\u00a0-]?".join(re.escape(w) for w in words) + r"(?![\w-])"


def _sentence_of(starts: list[int], ends: list[int], pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and pos < ends[i]:
        return starts[i], ends[i]
    return None


def _outside(content: tuple[int, int], start: int, end: int) -> bool:
    return end <= content[0] or start >= content[1]


def _frame(
    ss: int, se: int, content: tuple[int, int], reported: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """The sentence [ss, se) outside the content span and the `reported` spans (other
    statements' contents: words someone said are not how the outlet came to know them)."""
    out, pos = [], ss
    for a, b in sorted([content, *reported]):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    return [*out, (pos, se)]


def _statement_channel(
    st: Statement,
    text: str,
    sentence: tuple[int, int],
    media: _ArticleMedia,
    speaker_type: str | None,
    speaker_name: str | None,
    orgs: Sequence[tuple[int, int, str]] = (),
    reported: Sequence[tuple[int, int]] = (),
) -> tuple[str, str | None, int | None, int | None]:
    """(channel, source, evidence start, evidence end) for one statement (module doc).
    `reported`: the contents of the sentence's other statements, disjoint from this one's;
    an outlet named inside them ("the consulate said a contributor to the Washington Post
    left, contradicting officials who say he is inside") is what was said, not a channel."""
    outlet = media.article.outlet
    ss, se = sentence
    content = (st.start, st.end)

    def unsaid(s: int, e: int) -> bool:
        return all(_outside(span, s, e) for span in (content, *reported))

    spk = (st.speaker_start, st.speaker_end)
    has_spk = spk[0] is not None and spk[1] is not None

    # 1. a named outlet: the speaker itself, or a cue right around an outlet name.
    def heads_speaker(s: int, e: int) -> bool:
        return (
            _SPEAKER_OUTLET.match(text[spk[0] : s]) is not None
            and _AFTER_SPEAKER_OUTLET.match(text[e : spk[1]]) is not None
        )

    if speaker_type in MEDIA_TYPES and speaker_name and has_spk:
        named = media.within(spk[0], spk[1])  # type: ignore[arg-type]
        # "an anonymous NBC executive" resolves to NBC, but NBC is not who speaks
        if not named or any(heads_speaker(s, e) for s, e, _n, _m in named):
            own = _same_outlet(speaker_name, outlet)
            return ("own" if own else "outlet", outlet if own else _canonical(speaker_name), *spk)
    for s, e, name, is_self in media.within(ss, se):
        if not unsaid(s, e):
            continue
        in_speaker = (
            has_spk
            and spk[0] <= s  # type: ignore[operator]
            and e <= spk[1]  # type: ignore[operator]
            and heads_speaker(s, e)
        )
        before = text[max(ss, s - 60) : s]
        after = text[e : min(se, e + 60)]
        if in_speaker or _BEFORE.search(before) or _AFTER.match(after):
            if is_self:
                return "own", outlet, s, e
            return "outlet", name, s, e
    # 1b. "three sources told Newsweek": whom unnamed sources talk to is an outlet, even one
    # the actor stage did not type (an ORG mention right after "told" / "confirmed to").
    head = _head(st.speaker_text) if st.speaker_text else ""
    if head in ("source", "sources") and speaker_type in (None, "ORG"):
        for s, e, name in orgs:
            inside = ss <= s and e <= se and unsaid(s, e)
            if inside and _TOLD.search(text[max(ss, s - 30) : s]):
                if _same_outlet(name, outlet):
                    return "own", outlet, s, e
                return "outlet", _canonical(name), s, e
    # 1c. an unnamed outlet in the frame.
    frame = _frame(ss, se, content, reported)
    for fs, fe in frame:
        m = _UNNAMED_FRAME.search(text, fs, fe)
        if m:
            g = "m" if m["m"] else "n"
            words = re.sub(r"^the\s+", "", m[g], flags=re.I).lower()
            return "outlet", words, m.start(g), m.end(g)
    # 2. an agency dateline: the whole article is that agency's copy.
    if media.dateline is not None:
        ds, de, name = media.dateline
        return "outlet", name, ds, de
    # 3. "the newspaper said", "the author writes": the last outlet cited before.
    if (
        head in OUTLET_NOUNS
        and st.speaker_actor is None
        and has_spk
        and re.fullmatch(
            r"(?:the|this|that)\s+(?:news\s+)?\w+", (st.speaker_text or "").strip(), re.I
        )
    ):
        cited = media.last_cited_before(st.start)
        if cited is not None and st.start - cited[1] <= OUTLET_ANAPHOR_WINDOW:
            return "outlet", cited[2], *spk
    if st.speaker_text and UNNAMED_MEDIA.match(st.speaker_text.strip()) and has_spk:
        return "outlet", re.sub(r"^the\s+", "", st.speaker_text.strip(), flags=re.I).lower(), *spk
    # 4. a document.
    if head in DOC_NOUNS and speaker_type != "PERSON" and has_spk:
        return "document", None, *spk
    for fs, fe in frame:
        m = _DOC_FRAME.search(text, fs, fe)
        if m:
            return "document", None, m.start(), m.end()
    # 5. an unnamed source.
    unnamed = re.search(r"\b(?:anonymous|unnamed|unidentified)\b", st.speaker_text or "", re.I)
    if (head in ANON_NOUNS or unnamed) and speaker_type in (None, "ORG", *MEDIA_TYPES) and has_spk:
        return "anonymous", None, *spk
    for fs, fe in frame:
        m = _ANON_FRAME.search(text, fs, fe)
        if m:
            return "anonymous", None, m.start(), m.end()
    # 6. a press conference the outlet attended.
    for fs, fe in frame:
        m = _PRESS.search(text, fs, fe)
        if m:
            return "own", outlet, m.start(), m.end()
    return "unknown", None, None, None


_OTHER_CUE = re.compile(
    r"\b(?:told|tells|interview|(?:said|says|spoke|speaking)\s+(?:on|to))\b", re.I
)


def _own_cue(st: Statement, text: str, source: str | None) -> bool:
    """The statement's own sentence names a channel other than the interview's ("he told
    KHOU-TV", "said on CNN"), recognised or not: it is not the interview's."""
    lo = min(x for x in (st.start, st.cue_start, st.speaker_start) if x is not None)
    hi = max(x for x in (st.end, st.cue_end, st.speaker_end) if x is not None)
    stop = re.compile(r"[.!?](?=\s)|\n").search(text, hi)
    outside = text[lo : st.start] + " " + text[st.end : stop.start() if stop else len(text)]
    m = _OTHER_CUE.search(outside)
    if m is None:
        return False
    return not (source and re.search(_name_pattern(source), outside[m.end() :], re.I))


def _interview_continues(
    statements: list[Statement], actors: Mapping[str, Actor], text: str
) -> list[Statement]:
    """An interview covers the interviewee's other words in the article: a person's
    statements with no channel of their own take the channel of that person's interview
    ("Roche told Al-Jazeera Net" makes Roche's other quotes there own reporting too), with
    the interview's words as evidence. Press conferences do not carry over."""
    interview: dict[str, Statement] = {}
    for st in statements:
        a = actors.get(st.speaker_actor or "")
        if (
            a is not None
            and a.type == "PERSON"
            and st.channel == "own"
            and st.channel_start is not None
            and not _PRESS.search(text[st.channel_start : st.channel_end])
        ):
            interview.setdefault(a.id, st)
    if not interview:
        return statements
    out = []
    for st in statements:
        src = interview.get(st.speaker_actor or "")
        if (
            src is not None
            and st.channel == "unknown"
            and not _own_cue(st, text, src.channel_source)
        ):
            st = replace(
                st,
                channel=src.channel,
                channel_source=src.channel_source,
                channel_start=src.channel_start,
                channel_end=src.channel_end,
            )
        out.append(st)
    return out


def assign_channels(
    records: Sequence[ArticleRecords], actors: Sequence[Actor]
) -> list[ArticleRecords]:
    """Fill Statement.channel / channel_source / channel_start / channel_end (module doc)."""
    by_id = {a.id: a for a in actors}
    media_mentions: dict[str, list[tuple[int, int, str]]] = {}
    for actor in actors:
        if actor.type in MEDIA_TYPES:
            for m in actor.mentions:
                media_mentions.setdefault(m.article, []).append((m.start, m.end, actor.name))
    out = []
    for rec in records:
        if not rec.statements:
            out.append(rec)
            continue
        text = rec.article.text
        orgs = sorted((m.start, m.end, m.text) for m in rec.mentions if m.label == "ORG")
        media = _ArticleMedia(rec.article, media_mentions.get(rec.article.id, ()), orgs)
        sents = sorted((s.start, s.end) for s in rec.sentences)
        starts = [s for s, _ in sents]
        ends = [e for _, e in sents]
        new = []
        for st in rec.statements:
            anchor = st.cue_start if st.cue_start is not None else st.start
            sentence = _sentence_of(starts, ends, anchor) or (
                _sentence_of(starts, ends, st.start) or (st.start, st.end)
            )
            # The attribution may sit in a neighbouring sentence of the same paragraph
            # ("..., ”he said in an interview with CNN."): widen to cover cue and speaker.
            lo = min(x for x in (sentence[0], st.cue_start, st.speaker_start) if x is not None)
            hi = max(x for x in (sentence[1], st.cue_end, st.speaker_end) if x is not None)
            actor = by_id.get(st.speaker_actor) if st.speaker_actor else None
            channel, source, cs, ce = _statement_channel(
                st,
                text,
                (lo, hi),
                media,
                actor.type if actor else None,
                actor.name if actor else None,
                orgs,
                [
                    (o.start, o.end)
                    for o in rec.statements
                    if o.end <= st.start or o.start >= st.end
                    if o.start < hi and o.end > lo
                ],
            )
            new.append(
                replace(
                    st, channel=channel, channel_source=source, channel_start=cs, channel_end=ce
                )
            )
        out.append(replace(rec, statements=tuple(_interview_continues(new, by_id, text))))
    return out


# ---------------------------------------------------------------------------------------------
# copied passages

# MinHash permutations: with 32 and crc32 shingle hashes, 400 FNC-1 bodies take 1.1 s (64 and
# datasketch's sha1: 3.4 s) and give 342 passages (335): the LSH only proposes, the exact
# Jaccard decides, so fewer permutations cost a few more candidates, not copies.
NUM_PERM = 32
SEED = 13
SHINGLE = 2  # word 2-grams: 3-grams lose short edited sentences (41/45 planted, test_sourcing)
MIN_WORDS = 8  # shorter sentences ("He said.") are shared by chance, never evidence of a copy
# Exact Jaccard of 2-shingle sets for two sentences to count as one copied: a one-word edit in
# a 20-word sentence keeps ~0.8, two edits in a 13-word one ~0.5; two outlets' own sentences on
# the same news (the six Khashoggi reports) stay under 0.4; unrelated ones near 0. Swept
# 0.3-0.4 with 2- and 3-shingles on tests/test_sourcing.py's planted copies (Khashoggi texts):
# 3-shingles at 0.4 found 41/45 planted sentences, 2-shingles at 0.3 and 0.4 all.
THRESHOLD = 0.4
_WORD = re.compile(r"[0-9a-z]+")


def _units(rec: ArticleRecords) -> list[tuple[int, int, frozenset[str]]]:
    """The article's sentences outside boilerplate with their shingle sets, by start."""
    a = rec.article
    out = []
    for s in sorted(rec.sentences, key=lambda s: s.start):
        if a.in_boilerplate(s.start, s.end):
            continue
        words = _WORD.findall(a.text[s.start : s.end].lower())
        if len(words) < MIN_WORDS:
            continue
        shingles = frozenset(
            " ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)
        )
        out.append((s.start, s.end, shingles))
    return out


def _candidates(
    records: Sequence[ArticleRecords],
) -> tuple[list[tuple[str, list[tuple[int, int, frozenset[str]]]]], list[tuple[int, int]]]:
    """Every article's units and the LSH candidate unit pairs (global unit indexes, i < j,
    different articles), sorted."""
    arts = [
        (r.article.id, _units(r))
        for r in sorted(records, key=lambda r: r.article.id)
        if r.article.analysed
    ]
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    owner: list[int] = []
    pairs: set[tuple[int, int]] = set()
    idx = 0
    # bulk: one set of permutations for every sentence, not one per MinHash
    every = MinHash.bulk(
        [[x.encode("utf-8") for x in sorted(sh)] for _aid, units in arts for _s, _e, sh in units],
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=zlib.crc32,  # deterministic 32-bit, faster than datasketch's default sha1
    )
    for ai, (_aid, units) in enumerate(arts):
        hashes = every[idx : idx + len(units)]
        for k, mh in enumerate(hashes):
            for other in lsh.query(mh):
                if owner[other] != ai:
                    pairs.add((other, idx + k))
        for k, mh in enumerate(hashes):
            lsh.insert(idx + k, mh)
            owner.append(ai)
        idx += len(hashes)
    return arts, sorted(pairs)


def count_candidates(records: Sequence[ArticleRecords]) -> int:
    """How many sentence pairs the LSH index proposes (the work find_copies verifies)."""
    return len(_candidates(records)[1])


def _earlier(a: Article, b: Article) -> str | None:
    """The earlier article's id when both dates are known and differ at their shared
    precision."""
    if not a.published or not b.published:
        return None
    n = min(len(a.published), len(b.published))
    pa, pb = a.published[:n], b.published[:n]
    if pa == pb:
        return None
    return a.id if pa < pb else b.id


def find_copies(records: Sequence[ArticleRecords]) -> list[CopiedPassage]:
    """Passages two articles share (module doc), sorted by (a, a_start, b, b_start)."""
    arts, pairs = _candidates(records)
    flat: list[tuple[str, int, int, frozenset[str], int]] = []
    for aid, units in arts:
        for k, (s, e, sh) in enumerate(units):
            flat.append((aid, s, e, sh, k))
    matches: list[tuple[str, str, int, int, float]] = []  # (a, b, unit k in a, unit k in b, j)
    for i, j in pairs:
        ua, ub = flat[i], flat[j]
        inter = len(ua[3] & ub[3])
        jac = inter / len(ua[3] | ub[3])
        if jac < THRESHOLD:
            continue
        if ua[0] > ub[0]:
            ua, ub = ub, ua
        matches.append((ua[0], ub[0], ua[4], ub[4], jac))
    matches.sort()
    units_of = dict(arts)
    article_of = {r.article.id: r.article for r in records}
    passages: list[CopiedPassage] = []
    run: list[tuple[str, str, int, int, float]] = []

    def flush() -> None:
        if not run:
            return
        a, b = run[0][0], run[0][1]
        ua, ub = units_of[a], units_of[b]
        a_start, a_end = ua[run[0][2]][0], ua[run[-1][2]][1]
        b_ks = [m[3] for m in run]
        b_start, b_end = ub[min(b_ks)][0], ub[max(b_ks)][1]
        sim = round(sum(m[4] for m in run) / len(run), 4)
        passages.append(
            CopiedPassage(
                a, a_start, a_end, b, b_start, b_end, sim,
                _earlier(article_of[a], article_of[b]),
            )
        )  # fmt: skip
        run.clear()

    for m in matches:
        if (
            run
            and (m[0], m[1]) == run[-1][:2]
            and m[2] == run[-1][2] + 1
            and (m[3] == run[-1][3] + 1)
        ):
            run.append(m)
            continue
        flush()
        run.append(m)
    flush()
    return sorted(passages, key=lambda p: (p.a, p.a_start, p.b, p.b_start))


# ---------------------------------------------------------------------------------------------
# independent confirmation


def _origin(st: Statement, article: Article) -> str:
    """Who the statement's outlet depends on: a relayed outlet, else the outlet itself."""
    if st.channel == "outlet" and st.channel_source:
        return "outlet:" + outlet_key(st.channel_source)
    if article.outlet:
        return "outlet:" + outlet_key(article.outlet)
    return "article:" + article.id


def count_independent(
    statements: Iterable[Statement],
    articles: Mapping[str, Article],
    copies: Sequence[CopiedPassage] = (),
) -> int:
    """Independent sources among statements: relays and copies collapsed (module doc)."""
    sts = sorted(statements, key=lambda s: (s.article, s.start, s.id))
    if not sts:
        return 0
    groups: DisjointSets[str] = DisjointSets()
    find, union = groups.find, groups.union

    keys = [_origin(s, articles[s.article]) for s in sts]
    for k in keys:
        find(k)
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sts):
        by_article.setdefault(s.article, []).append(i)
    for p in copies:
        if p.a not in by_article or p.b not in by_article:
            continue
        for i in by_article[p.a]:
            for j in by_article[p.b]:
                si, sj = sts[i], sts[j]
                if (si.start < p.a_end and p.a_start < si.end) or (
                    sj.start < p.b_end and p.b_start < sj.end
                ):
                    union(keys[i], keys[j])
    return len({find(k) for k in keys})


def independent_sources(
    members: Mapping[str, Sequence[str]],
    statements: Mapping[str, Statement],
    articles: Mapping[str, Article],
    copies: Sequence[CopiedPassage] = (),
) -> dict[str, int]:
    """claim id -> independent sources, for claim id -> statement ids."""
    by_pair: dict[str, list[CopiedPassage]] = {}
    for p in copies:
        by_pair.setdefault(p.a, []).append(p)
        by_pair.setdefault(p.b, []).append(p)
    out = {}
    for cid, sids in sorted(members.items()):
        sts = [statements[s] for s in sids if s in statements]
        arts = {s.article for s in sts}
        rel = sorted(
            {
                id(p): p for a in arts for p in by_pair.get(a, ()) if p.a in arts and p.b in arts
            }.values(),
            key=lambda p: (p.a, p.a_start, p.b, p.b_start),
        )
        out[cid] = count_independent(sts, articles, rel)
    return out
