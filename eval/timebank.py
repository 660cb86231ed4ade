"""Time expressions on TimeBank 1.2 + AQUAINT (TempEval-3 training data), scored as TempEval-3.

The set: 256 news documents with every TIMEX3 (type DATE / TIME / DURATION / SET and its
TimeML value) and each document's creation time (DCT), read from `$STORYLENS_TIMEBANK` or
`<shared>/data/timebank` (see its README). Texts stay there; the spaCy parse of the 256
documents is cached once under `$STORYLENS_CACHE` (default /tmp/storylens-cache), keyed by the
texts and the model, so `make eval` parses TimeBank only the first time.

Scoring (TempEval-3 task A, as the set's README states):
  relaxed   a prediction matches a gold timex when their spans overlap (each gold and each
            prediction matched at most once, leftmost overlapping first)
  strict    the spans coincide exactly
  value     over relaxed matches: value accuracy = matched with the gold value / matched;
            value F1 counts a prediction right only when it matches and has the gold value.
Rows are tagged `timex@timebank`; metric `<scope>-<what>` where scope is `date+time` (the
headline: gold DATE and TIME timexes against predictions typed DATE or TIME), `all`, or one
type (`DATE`, `TIME`, `DURATION`, `SET`); what is `strict`, `relaxed`, `value` (value F1) and
`value-acc` (value accuracy in all three columns). Baseline "spacy-dateparser": every spaCy
DATE/TIME entity, typed by its label, valued by dateparser at DCT (ISO day/month/year).

Run: `.venv/bin/python -m eval.timebank` (add `--errors N` to print N value errors).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eval.common import Score, print_scores
from eval.open_sets import shared_dir

__all__ = ["Pred", "evaluate_timebank", "score", "timebank_dir"]

TASK = "timex@timebank"
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class Pred:
    doc: str
    start: int
    end: int
    type: str
    value: str | None


def timebank_dir() -> Path:
    env = os.environ.get("STORYLENS_TIMEBANK")
    return Path(env) if env else shared_dir() / "data" / "timebank"


@lru_cache(maxsize=1)
def _gold() -> list[dict]:
    path = timebank_dir() / "gold.json"
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


def _texts() -> list[str]:
    base = timebank_dir() / "text"
    return [(base / d["doc"]).read_text(encoding="utf-8") for d in _gold()]


@lru_cache(maxsize=1)
def parsed_docs() -> list:
    """The spaCy Docs of the 256 texts, parsed once and cached as a DocBin."""
    import spacy
    from spacy.tokens import DocBin

    from storylens.nlp import SPACY_MODEL, load_nlp

    texts = _texts()
    key = hashlib.sha1(
        "\0".join([SPACY_MODEL, spacy.__version__, *texts]).encode("utf-8")
    ).hexdigest()[:16]
    cache = Path(os.environ.get("STORYLENS_CACHE", "/tmp/storylens-cache"))
    path = cache / f"timebank-{key}.spacy"
    nlp = load_nlp()
    if path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def storylens_preds() -> list[Pred]:
    from storylens.extract.timeml import timeml_in
    from storylens.model import Article

    out = []
    for d, doc in zip(_gold(), parsed_docs(), strict=True):
        article = Article(id=d["docid"], path=d["doc"], text=doc.text, published=d["dct"])
        for t in timeml_in(doc, article):
            out.append(Pred(d["doc"], t.start, t.end, t.type, t.value))
    return out


def dateparser_preds() -> list[Pred]:
    from dateparser.date import DateDataParser

    out = []
    for d, doc in zip(_gold(), parsed_docs(), strict=True):
        base = dt.datetime.fromisoformat(d["dct"])
        parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = parser.get_date_data(ent.text)
            value = None
            if data.date_obj is not None:
                fmt = {"year": "%Y", "month": "%Y-%m"}.get(data.period or "day", "%Y-%m-%d")
                value = data.date_obj.strftime(fmt)
            out.append(Pred(d["doc"], ent.start_char, ent.end_char, ent.label_, value))
    return out


def _match(golds: Sequence[dict], preds: Sequence[Pred], strict: bool) -> list[tuple[dict, Pred]]:
    """One-to-one matches per document: exact spans (strict) or overlap (relaxed)."""
    pairs = []
    by_doc: dict[str, list[Pred]] = {}
    for p in preds:
        by_doc.setdefault(p.doc, []).append(p)
    used: set[int] = set()
    for g in golds:
        for p in by_doc.get(g["doc"], []):
            if id(p) in used:
                continue
            hit = (
                (p.start == g["start"] and p.end == g["end"])
                if strict
                else (p.start < g["end"] and g["start"] < p.end)
            )
            if hit:
                used.add(id(p))
                pairs.append((g, p))
                break
    return pairs


def score(system: str, golds: Sequence[dict], preds: Sequence[Pred]) -> list[Score]:
    """TempEval-3 rows (strict, relaxed, value F1, value accuracy) per scope."""
    rows = []
    scopes = {"date+time": ("DATE", "TIME"), "all": TYPES} | {t: (t,) for t in TYPES}
    for scope, types in scopes.items():
        g = [x for x in golds if x["type"] in types]
        p = [x for x in preds if x.type in types]
        for what, strict in (("strict", True), ("relaxed", False)):
            n = len(_match(g, p, strict))
            rows.append(Score(TASK, system, f"{scope}-{what}", *_prf(n, len(p), len(g)), len(g)))
        pairs = _match(g, p, False)
        right = sum(1 for gx, px in pairs if px.value == gx["value"])
        rows.append(Score(TASK, system, f"{scope}-value", *_prf(right, len(p), len(g)), len(g)))
        acc = right / len(pairs) if pairs else 0.0
        rows.append(Score(TASK, system, f"{scope}-value-acc", acc, acc, acc, len(pairs)))
    return rows


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_timexes() -> list[dict]:
    return [t | {"doc": d["doc"]} for d in _gold() for t in d["timexes"]]


def evaluate_timebank(baseline: bool = True) -> list[Score]:
    """storylens' rows (and the baseline's) on TimeBank; [] with one line when it is missing."""
    if not (timebank_dir() / "gold.json").is_file():
        print(f"eval: TimeBank not found under {timebank_dir()}: skipped", file=sys.stderr)
        return []
    golds = gold_timexes()
    rows = score("storylens", golds, storylens_preds())
    if baseline:
        rows += score("spacy-dateparser", golds, dateparser_preds())
    return rows


def print_errors(limit: int) -> None:
    """Gold timexes missed or valued wrong, for tuning (`--errors N`)."""
    golds = gold_timexes()
    preds = storylens_preds()
    pairs = {id(g): p for g, p in _match(golds, preds, False)}
    texts = {d["doc"]: d["text"] for d in _gold()}
    shown = 0
    for g in golds:
        p = pairs.get(id(g))
        if p is not None and p.value == g["value"] and (p.start, p.end) == (g["start"], g["end"]):
            continue
        got = "MISS" if p is None else f"{texts[p.doc][p.start : p.end]!r} {p.type} {p.value}"
        print(f"{g['doc'][:22]:<22} {g['text']!r:<32} {g['type']:<8} {g['value']:<14} -> {got}")
        shown += 1
        if shown >= limit:
            break


if __name__ == "__main__":
    if "--errors" in sys.argv:
        print_errors(int(sys.argv[sys.argv.index("--errors") + 1]))
    else:
        print_scores(evaluate_timebank())
