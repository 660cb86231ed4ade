"""Find boilerplate in an article's text and return it as spans (never cut out).

Boilerplate is what the outlet's page or a copy-paste added around the article: bylines,
datelines, blog/CMS widgets, reader comments, photo captions and credits, footnotes.
Later stages skip these spans, so provenance stays exact.

Each rule is a named, general pattern of news pages (seen across CMSs, not one sentence of
the demo story):
  - TAIL_MARKERS: a widget line after which everything is comments or related links;
  - WIDGET_PHRASES: widget text inside a line ("Loading...");
  - caption blocks: runs of bullet lines, and credit lines ("© NAME", "AFP", "Reuters");
  - footnotes: a paragraph opening with "* " (agency notes on banned organisations);
  - a byline: a first line made only of capitalised name tokens;
  - a dateline: a header line that is only a date (with an optional "date" label);
  - bracketed asides: a whole paragraph in parentheses (pasted reader comments);
  - (a headline printed twice is NOT marked: the open Khashoggi gold keeps the second copy as
    article text, with a person mention in it; marking it cost 0.08 precision there);
  - plain-text page clutter (issue 15), each a line-level signal that holds across sites:
    a line that is only a date (anywhere, not just in the header; in the header a leading
    "date 2018-10-07" before the text is cut off alone), a reading time ("2 min read"), a
    line with no letters (a page id "1.2287185-907561196"), an image credit label
    ("Image Credit: AP"), a caption that ends with its credit in brackets ("... (Hasan
    Jamali/Associated Press)", "... [Getty]") or with a bare photo agency and no full stop
    ("... in Istanbul AP"), a reporting credit ("Based on reporting by AP, Reuters"),
    and short prompt lines (PROMPT_LINE: "Read more", "Last Update ...", share / follow /
    subscribe prompts, copyright footers).
The text is never changed: every rule returns spans.
"""

from __future__ import annotations

import re

from storylens.model import Span

__all__ = ["DATELINE", "boilerplate_spans"]

TAIL_MARKERS = (
    "no comments:",
    "post a comment",
    "leave a reply",
    "check also",
    "related posts",
    "related articles",
    "you may also like",
    "read also",
    "comments are closed",
    "share this:",
)
WIDGET_PHRASES = re.compile(
    r"Loading\.\.\.|Your email address will not be published\.?|Click to share\S*|"
    r"Subscribe to our newsletter",
    re.IGNORECASE,
)
# An ad slot's label: a line that opens with "Advertisement" ("Advertisement",
# "Advertisement-content continues below"). Only as its own line: inside running text the
# word is the article's ("the advertisement suggests", "Liaoning Advertisement Vocational
# College"; PolNeAR and FNC-1 hold 11 such, and marking them dropped a statement's content).
AD_LABEL_LINE = re.compile(r"^Advertisement\b(?![ \t]+[a-z])\S*(?:[ \t]+\S+){0,4}$")
CREDIT_LINE = re.compile(
    r"^\s*(?:[•·▪*-]\s*)?(?:©|\(c\)|Photo:|Credit:|AFP|Reuters|AP|Getty Images|EPA)\b.*$",
    re.IGNORECASE,
)
BULLET_LINE = re.compile(r"^\s*[•·▪]\s+\S.*$")
FOOTNOTE = re.compile(r"^\*\s+\S")
_NAME_TOKEN = r"[A-Z][\w'’.]*(?:-[A-Z][\w'’.]*)*"
BYLINE = re.compile(rf"^\s*(?:By\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}\s*$")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A header line holding only a date: "date 2020-01-06", "Thursday, December 14, 2023".
DATELINE = re.compile(
    rf"^\s*(?:(?:date|published|posted(?: on)?|updated)\s*:?\s*)?"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS}),?\s+\d{{4}}))",
    re.IGNORECASE,
)
HEADER_LINES = 4  # bylines and datelines are looked for in the first 4 non-empty lines
READING_TIME = re.compile(r"^\s*\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read\s*$", re.IGNORECASE)
NO_LETTERS = re.compile(r"^[\W\d_]*\d[\W\d_]*$")  # a page id, a bare number run
MIN_NO_LETTER_CHARS = 6  # "2020" alone may be a heading; "1.2287185-907561196" is an id
IMAGE_CREDIT = re.compile(
    r"\b(?:image|photo|picture|video|graphic)\s*(?:credit|courtesy|source)s?\s*:", re.IGNORECASE
)
# A credit in brackets closing a line: capitalised words joined by spaces, slashes, hyphens
# ("Hasan Jamali/Associated Press", "Ozan Kose/AFP/Getty Images", "Getty", "AP Photo").
CREDIT_TAIL = re.compile(r"[(\[]\s*(?P<credit>[^()\[\]]{1,60}?)\s*[)\]]\s*$")
_CREDIT_WORD = re.compile(r"^(?:[A-Z\u00c0-\u024f][^\s/|]*|via|for|and|photo|/|\||:)$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z]")
_CREDIT_NOUNS = frozenset({"Photo", "Photos", "Images", "Image", "Credit", "File", "Handout"})
# Photo agencies that sign a caption with their bare name, no brackets, no full stop.
PHOTO_AGENCIES = frozenset(
    [
        "AP",
        "AFP",
        "Reuters",
        "Getty",
        "EPA",
        "Xinhua",
        "Anadolu",
        "Shutterstock",
        "dpa",
        "DPA",
        "IANS",
        "PTI",
        "Bloomberg",
        "WAM",
        "SPA",
        "Sputnik",
        "TASS",
        "Alamy",
    ]
)
REPORTING_CREDIT = re.compile(
    r"^\s*(?:(?:based on|with|additional) reporting (?:by|from)|reporting by|compiled by|"
    r"edited by|written by|produced by|(?:text|words) by)\b",
    re.IGNORECASE,
)
# Navigation, sharing and footer prompts: web-wide conventions, matched only on short lines.
PROMPT_LINE = re.compile(
    r"^\s*(?:read more|read also|see also|more on this|related|share(?: this| on| via)?|"
    r"follow (?:us|@|on)|subscribe|sign up|click here|download (?:our|the) app|"
    r"last update[ds]?|updated)\b",
    re.IGNORECASE,
)
# A prompt is cut off from what follows (a colon, an arrow) or is no sentence at all: "Read
# more carefully, the letter says ..." is prose.
PROMPT_END = re.compile(r"\s*(?:[:»›>|\-–—]|$)")
FOOTER_LINE = re.compile(
    r"^\s*(?:©|\(c\)\s|copyright\b|all rights reserved|terms of (?:use|service)|privacy policy)"
    r"|all rights reserved\.?\s*$",
    re.IGNORECASE,
)
PROMPT_MAX_WORDS = 15  # a prompt or footer line is short; prose that opens alike is not
CAPTION_MAX_WORDS = 80  # a captioned photo's text; longer bracket-closed lines are prose
MIN_ASIDE_CHARS = 80  # a bracketed paragraph shorter than this is an ordinary parenthesis


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def boilerplate_spans(text: str) -> tuple[Span, ...]:
    """Every boilerplate span in text, sorted and merged."""
    spans: list[Span] = []
    lines = _lines(text)
    nonempty = [(s, e) for s, e in lines if text[s:e].strip()]

    # Tail widgets: from the first marker line to the end of the text.
    for s, e in nonempty:
        if text[s:e].strip().lower() in TAIL_MARKERS:
            spans.append(Span(s, len(text.rstrip())))
            break

    # Header: byline, dateline.
    for idx, (s, e) in enumerate(nonempty[:HEADER_LINES]):
        line = text[s:e]
        stripped = line.strip()
        m = DATELINE.match(line)
        if m:
            # Only the date when text follows on the same line ("date 2018-10-07 Turkish
            # authorities believe ..."): the rest is the article's lead.
            spans.append(Span(s + len(line) - len(line.lstrip()), s + m.end()))
            continue
        if (
            idx == 0
            and BYLINE.match(line)
            and len(stripped.split()) <= 5
            and not stripped.endswith(".")
        ) and _looks_like_byline(stripped):
            spans.append(Span(s + len(line) - len(line.lstrip()), s + len(line.rstrip())))
            continue

    # Caption blocks (runs of bullet lines), credit lines, footnotes, bracketed asides.
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if BULLET_LINE.match(line) or CREDIT_LINE.match(line):
            j = i
            while j + 1 < len(lines) and (
                BULLET_LINE.match(text[lines[j + 1][0] : lines[j + 1][1]])
                or CREDIT_LINE.match(text[lines[j + 1][0] : lines[j + 1][1]])
            ):
                j += 1
            block_end = lines[j][1]
            if _is_caption_block(text, lines[i : j + 1]):
                spans.append(
                    Span(s, block_end - (len(text[s:block_end]) - len(text[s:block_end].rstrip())))
                )
            i = j + 1
            continue
        stripped = line.strip()
        if FOOTNOTE.match(stripped) or (
            stripped.startswith("(") and stripped.endswith(")") and len(stripped) >= MIN_ASIDE_CHARS
        ):
            lead = len(line) - len(line.lstrip())
            spans.append(Span(s + lead, s + lead + len(stripped)))
        for m in WIDGET_PHRASES.finditer(line):
            spans.append(Span(s + m.start(), s + m.end()))
        if stripped and _is_clutter_line(stripped, first=(s, e) == nonempty[0]):
            lead = len(line) - len(line.lstrip())
            spans.append(Span(s + lead, s + lead + len(stripped)))
        i += 1
    return _merge(spans)


def _is_clutter_line(line: str, *, first: bool) -> bool:
    """A whole line of plain-text page clutter (the issue-15 rules of the module docstring).
    `line` is stripped; `first` says it is the first non-empty line (a title, never a caption).
    """
    words = line.split()
    if READING_TIME.match(line) or (REPORTING_CREDIT.match(line) and len(words) <= 30):
        return True
    if AD_LABEL_LINE.match(line):
        return True
    if (m := DATELINE.match(line)) and not line[m.end() :].strip(" ,.|"):
        return True
    if len(line) >= MIN_NO_LETTER_CHARS and NO_LETTERS.match(line):
        return True
    prompt = PROMPT_LINE.match(line) if len(words) <= PROMPT_MAX_WORDS else None
    if prompt and (
        PROMPT_END.match(line, prompt.end()) or not line.endswith((".", "!", "?", '"', "”"))
    ):
        return True
    if len(words) <= PROMPT_MAX_WORDS and FOOTER_LINE.search(line):
        return True
    if IMAGE_CREDIT.search(line) and len(words) <= 30:
        return True
    if first or len(words) > CAPTION_MAX_WORDS:
        return False
    return _has_credit_tail(line)


def _has_credit_tail(line: str) -> bool:
    """A caption signed at its end: a bracketed credit made of capitalised words and slashes
    ("(Hasan Jamali/Associated Press)", "[Getty]"), or a bare photo agency after a line with
    no closing punctuation ("... consulate in Istanbul AP")."""
    m = CREDIT_TAIL.search(line)
    if m and line[: m.start()].strip():
        tokens = re.split(r"\s+|(?=/)|(?<=/)", m.group("credit"))
        tokens = [t for t in tokens if t]
        if tokens and len(tokens) <= 8 and all(_CREDIT_WORD.match(t) for t in tokens):
            # A slash ("Name/Agency") or a credit word signs a photo; a bare agency does in
            # square brackets ("[Getty]") or after a one-sentence caption, while "(Reuters)"
            # closing a paragraph of several sentences credits the text (FNC-1 bodies). A
            # capitalised aside ("(R-S.C.)" closing a broken line) is no credit.
            if "/" in tokens or any(t in _CREDIT_NOUNS for t in tokens):
                return True
            if any(t in PHOTO_AGENCIES for t in tokens):
                one_sentence = not _SENTENCE_BREAK.search(line[: m.start()])
                return m.group().lstrip().startswith("[") or one_sentence
    last = line.rsplit(None, 1)
    return (
        len(last) == 2
        and last[1] in PHOTO_AGENCIES
        and not last[0].rstrip().endswith((".", "!", "?", ":", ",", '"', "”"))
        and len(last[0].split()) >= 3
    )


def _looks_like_byline(line: str) -> bool:
    """A first line of 2-5 capitalised tokens with no common-noun word: a name (and place)."""
    tokens = re.split(r"[\s-]+", line.removeprefix("By ").strip())
    return 2 <= len(tokens) <= 6 and all(t[:1].isupper() for t in tokens)


def _is_caption_block(text: str, block: list[tuple[int, int]]) -> bool:
    """Bullet runs are captions when short (a caption, an agency, a credit), not prose lists."""
    return all(len(text[s:e].strip()) <= 120 for s, e in block) and (
        len(block) >= 2 or CREDIT_LINE.match(text[block[0][0] : block[0][1]]) is not None
    )


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for sp in sorted(spans, key=lambda x: (x.start, x.end)):
        if sp.start == sp.end:
            continue
        if out and sp.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, sp.end))
        else:
            out.append(sp)
    return tuple(out)
