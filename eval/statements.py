"""Score who-said-what against the dev gold, beside textacy's direct_quotations.

Matching (the gold README's rule): a predicted statement matches a gold one when their content
spans, in the same article, overlap by at least half of the shorter span and a quarter of the
longer; matching is one-to-one, greedy by overlap. A match is fully right ("span+speaker")
when the speaker matches too:

- gold speaker is an entity: the text at the predicted speaker_ref span (or at the speaker
  span when there is no ref) equals, contains or is contained in a surface form of that
  entity's mentions (any article);
- gold speaker is null (anonymous, collective, or a body the gold does not track such as "the
  presidential office"): the prediction has no speaker_ref, or its speaker text names the same
  words as the gold speaker_text (equal / contained either way). Why the second clause: a null
  gold speaker means "no tracked entity", and a prediction pointing at the very words the gold
  gives ("The United Nations") claims nothing more than the gold does.

Row `span+speaker-export`: the same matching, with the speaker read from the export the way an
outside tool reads it (contract v1: the statement's `speaker` actor with its name and aliases,
and its `speaker_text`), against every surface form of the gold entity plus the gold
`speaker_text`; a null gold speaker is right when the prediction names no actor or the same
words. Why a second row: the issue's own measurements (issue 16, main at 8fc8ca3) are
reproduced by this reading (PolNeAR dev span+speaker R 0.50-0.52, Khashoggi R 0.51), not by the
strict row above (R 0.41 there), so this is the figure an outside scorer of our exports sees;
the strict row stays the floor-gated one.

Rows `recall-direct` / `recall-indirect` / `recall-mixed`: span recall of storylens per gold
kind (P and F1 columns repeat R: a prediction has no gold kind to be precise about).

Baseline "textacy": `textacy.extract.triples.direct_quotations(doc)` over the same parsed
articles; it raises on unbalanced quote marks, and such an article counts as producing nothing.

Run: `.venv/bin/python -m eval.statements`
"""

from __future__ import annotations

from dataclasses import dataclass

from eval.common import Score, dev_story, doc_name, load_gold, prf, print_scores

__all__ = ["evaluate", "match", "min_overlap_ok"]

TASK = "statements"
KINDS = ("direct", "indirect", "mixed")
# The gold README's overlap rule.
MIN_OF_SHORTER = 0.5
MIN_OF_LONGER = 0.25


@dataclass(frozen=True, slots=True)
class _Pred:
    doc: str
    start: int
    end: int
    speaker_text: str | None  # text at speaker_ref, else at the speaker span
    has_ref: bool
    # the export's view (contract v1): speaker_text, and the actor's name and aliases
    export_forms: tuple[str, ...] = ()
    has_actor: bool = False


def min_overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Overlap in chars when it meets the gold rule, else 0."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0
    short, long_ = sorted((a[1] - a[0], b[1] - b[0]))
    if overlap >= MIN_OF_SHORTER * short and overlap >= MIN_OF_LONGER * long_:
        return overlap
    return 0


def match(preds: list[_Pred], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, greedy by overlap."""
    pairs = []
    for pi, p in enumerate(preds):
        for gi, g in enumerate(gold):
            if p.doc == g["doc"]:
                ov = min_overlap_ok((p.start, p.end), (g["start"], g["end"]))
                if ov:
                    pairs.append((ov, pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        out.append((pi, gi))
    return out


def _same_words(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a and b) and (a == b or a in b or b in a)


def _speaker_ok(pred: _Pred, gold: dict, surfaces: dict[str, set[str]]) -> bool:
    if gold["speaker"] is None:
        if not pred.has_ref:
            return True
        return pred.speaker_text is not None and _same_words(
            pred.speaker_text, gold["speaker_text"]
        )
    if pred.speaker_text is None:
        return False
    return any(_same_words(pred.speaker_text, s) for s in surfaces.get(gold["speaker"], ()))


def _words(text: str) -> list[str]:
    return [w for w in (x.strip(',;:()[]"“”‘’') for x in text.lower().split()) if w]


def _same_word_run(a: str, b: str) -> bool:
    """a and b are the same words, or one is a run of whole words of the other ("Esper" in
    "Mark Esper"; not "he" in "Stephen"). Commas, brackets and quote marks are no part of a
    word: "Mr. King" is a run of the gold's "Mr. King, 82,"."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _export_speaker_ok(pred: _Pred, gold: dict, surfaces: dict[str, set[str]]) -> bool:
    """The export's speaker (actor forms + speaker_text) against the gold entity's surface
    forms and the gold speaker_text (see the module docstring, row span+speaker-export)."""
    if gold["speaker"] is None:
        return not pred.has_actor or any(
            _same_word_run(f, gold["speaker_text"] or "") for f in pred.export_forms
        )
    forms = surfaces.get(gold["speaker"], set()) | {gold["speaker_text"] or ""}
    return any(_same_word_run(f, s) for f in pred.export_forms for s in forms)


def _rows(system: str, preds: list[_Pred], gold: dict) -> list[Score]:
    golds = gold["statements"]
    surfaces = {e["id"]: {m["text"] for m in e["mentions"]} for e in gold["entities"]}
    pairs = match(preds, golds)
    right = sum(1 for pi, gi in pairs if _speaker_ok(preds[pi], golds[gi], surfaces))
    rows = []
    for metric, tp in (("span", len(pairs)), ("span+speaker", right)):
        p, r, f = prf(tp, len(preds), tp, len(golds))
        rows.append(Score(TASK, system, metric, p, r, f, support=len(golds)))
    if system == "storylens":
        tp = sum(1 for pi, gi in pairs if _export_speaker_ok(preds[pi], golds[gi], surfaces))
        p, r, f = prf(tp, len(preds), tp, len(golds))
        rows.append(Score(TASK, system, "span+speaker-export", p, r, f, support=len(golds)))
        rows.extend(_recall_by_kind(system, golds, {gi for _, gi in pairs}))
    return rows


def _recall_by_kind(system: str, golds: list[dict], matched: set[int]) -> list[Score]:
    """Span recall per gold kind (direct / indirect / mixed): which kind of attribution is
    missed. Predictions carry no gold kind, so the row's P and F1 repeat R (read R only)."""
    rows = []
    for kind in KINDS:
        idx = [i for i, g in enumerate(golds) if g.get("kind") == kind]
        if not idx:
            continue
        r = sum(i in matched for i in idx) / len(idx)
        rows.append(Score(TASK, system, f"recall-{kind}", r, r, r, support=len(idx)))
    return rows


def _storylens_preds(story) -> list[_Pred]:
    texts = {a.id: a.text for a in story.articles}
    names = {a.id: doc_name(a.path) for a in story.articles}
    actors = {a.id: a for a in story.actors}
    out = []
    for st in story.statements():
        text = texts[st.article]
        if st.speaker_ref_start is not None and st.speaker_ref_end is not None:
            spk, has_ref = text[st.speaker_ref_start : st.speaker_ref_end], True
        else:
            spk, has_ref = st.speaker_text, False
        actor = actors.get(st.speaker_actor) if st.speaker_actor else None
        forms = [st.speaker_text or ""]
        if actor is not None:
            forms += [actor.name, *actor.aliases]
        out.append(
            _Pred(
                names[st.article],
                st.start,
                st.end,
                spk,
                has_ref,
                export_forms=tuple(f for f in forms if f),
                has_actor=actor is not None,
            )
        )
    return out


def _textacy_preds(story, report: list[str]) -> list[_Pred]:
    """textacy's direct quotations over the same masked texts, parsed by the same model."""
    from textacy.extract.triples import direct_quotations

    from storylens.extract import masked_text
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    out = []
    for art in story.articles:
        name = doc_name(art.path)
        doc = nlp(masked_text(art))
        try:
            triples = list(direct_quotations(doc))
        except ValueError as exc:
            report.append(f"textacy refused {name}: {exc}")
            continue
        for t in triples:
            content = t.content
            speaker = " ".join(tok.text for tok in t.speaker) or None
            # textacy's content span includes the quote marks; score the words inside them
            start = content[0].idx
            end = content[-1].idx + len(content[-1].text)
            inner = art.text[start:end].strip("\"“”'‘’ ")
            offset = art.text[start:end].find(inner) if inner else 0
            out.append(
                _Pred(name, start + offset, start + offset + len(inner), speaker, has_ref=False)
            )
    return out


def evaluate(story, gold: dict, report: list[str] | None = None) -> list[Score]:
    """storylens rows and textacy baseline rows for the dev gold statements."""
    dev_docs = {d["doc"] for d in gold["documents"]}
    notes: list[str] = [] if report is None else report
    rows = _rows("storylens", [p for p in _storylens_preds(story) if p.doc in dev_docs], gold)
    rows += _rows("textacy", [p for p in _textacy_preds(story, notes) if p.doc in dev_docs], gold)
    return rows


if __name__ == "__main__":
    notes: list[str] = []
    table = evaluate(dev_story(), load_gold(), notes)
    for line in notes:
        print(line)
    print_scores(table)
