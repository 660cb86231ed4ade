"""Benchmark: resolve_actors cost on 10,000 and 100,000 synthetic mentions.

The synthetic story is built to look like a large news corpus and to have the same shape at
both sizes: one distinct person per PEOPLE_RATIO mentions (so 1,250 and 12,500 people), each
with a first name from a pool (many people share first names, as in real news) and a surname
of 2 or 3 syllables (millions possible, so people rarely share a surname by chance), plus
one or two fixed transliteration-like spellings of that surname (a changed or doubled vowel)
used in VARIANT_SHARE of the mentions. Articles hold ten mentions: each person named
in full, then by surname, first name or full name again.

Since issue 15 each article also introduces its first person with a role ("Reporter Anna
Berg said.") and ends with a description and an untagged surname ("The reporter agreed. Berg
left."), so the name-form scan and the description pass are timed too.

Prints, per size, the best CPU time of REPEATS runs (and wall time), the number of actors and
the B-cubed F1 against the generator's truth (accuracy must hold as the corpus grows), then
the ratio for 10x more mentions (linear = 10). CPU time because on a shared machine wall time
also counts other processes. Expect a little over 10: the 10,000 run stays below the
thresholds of CPython's full garbage collections (its heap is small beside the
interpreter's own objects) while the 100,000 run pays for about three; per-mention cost is
flat from 100,000 on. Not a test: timings never fail.

(The first version drew both names from 3 of 26 consonant-vowel syllables (17,576 surnames)
and a fresh random vowel change per mention: at 100,000 mentions 70% of surnames were taken
and each person had a dozen spellings, so the larger run was a denser, harder problem than
the smaller one.)

Run: `.venv/bin/python -m bench.bench_actors`
"""

from __future__ import annotations

import gc
import random
import time
from collections import Counter

from storylens.model import Actor, Article, ArticleRecords, Mention, Sentence
from storylens.resolve.actors import resolve_actors

SEED = 8
MENTIONS_PER_ARTICLE = 10
SIZES = (10_000, 100_000)
REPEATS = 3  # timings are the best of this many runs
# Syllables are onset + vowel + optional coda: 20 onsets, including digraphs ("kh", "sh"),
# give names as varied in sound as in spelling. (With consonant-vowel syllables from 11
# consonants, metaphone, which drops vowels, left about 1,300 sound keys for all 3-syllable
# surnames: at 100,000 mentions each key held some 20 different people.)
_ONSETS = ("b", "d", "f", "g", "h", "j", "k", "kh", "l", "m", "n", "p", "q", "r", "s", "sh")
_ONSETS += ("t", "v", "y", "z")
_VOWELS = "aeiou"
_CODAS = ("", "", "", "n", "r", "l", "m", "s")  # open syllables most often


PEOPLE_RATIO = 8  # mentions per distinct person, at every size
FIRST_NAMES = 400  # first-name pool
VARIANT_SHARE = 0.3  # mentions that use one of the person's variant spellings


def _name(rng: random.Random, parts: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(parts)
    ).capitalize()


def _variant(rng: random.Random, surname: str) -> str:
    """A transliteration-like variant: one vowel changed or doubled."""
    vowels = [i for i, c in enumerate(surname) if c in "aeiou"]
    if not vowels:
        return surname
    i = rng.choice(vowels)
    if rng.random() < 0.5:
        return surname[:i] + rng.choice("aeiouy") + surname[i + 1 :]
    return surname[:i] + surname[i] + surname[i:]


def synthetic_corpus(
    n_mentions: int, seed: int = SEED
) -> tuple[list[ArticleRecords], dict[tuple[str, int], int]]:
    """About n_mentions PERSON mentions over n_mentions / 10 articles, and the truth: the
    person index of each mention, keyed by (article id, start)."""
    rng = random.Random(seed)
    firsts = [_name(rng, 2) for _ in range(FIRST_NAMES)]
    people = []
    for _ in range(max(1, n_mentions // PEOPLE_RATIO)):
        last = _name(rng, rng.choice((2, 3, 3)))
        spellings = [_variant(rng, last) for _ in range(rng.choice((1, 2)))]
        people.append((rng.choice(firsts), last, spellings))
    records, truth = [], {}
    for a in range(n_mentions // MENTIONS_PER_ARTICLE):
        aid = f"art{a:07d}"
        surfaces = []
        for _ in range(MENTIONS_PER_ARTICLE // 2):
            p = rng.randrange(len(people))
            first, last, spellings = people[p]
            # The follow-up mention keeps the spelling (one outlet, one transliteration).
            last = rng.choice(spellings) if rng.random() < VARIANT_SHARE else last
            second = rng.choice([last, first, f"{first} {last}"])
            surfaces += [(f"{first} {last}", p), (second, p)]
        text, mentions, sentences = "", [], []
        for k, (s, p) in enumerate(surfaces):
            # The first person is introduced with a role ("reporter Anna Berg said."), so the
            # description pass (issue 15) has introductions and descriptions to link.
            text += "Reporter " if k == 0 else ""
            start = len(text)
            mentions.append(Mention(aid, start, start + len(s), s, "PERSON"))
            sentences.append(Sentence(aid, start, start + len(s) + 6))
            truth[(aid, start)] = p
            text += s + " said. "
        # A description and an untagged surname: work for the description and name-form
        # passes (neither is in the truth, which holds the tagged mentions only).
        text += f"The reporter agreed. {surfaces[0][0].split()[-1]} left. "
        records.append(
            ArticleRecords(
                article=Article(id=aid, path=f"{aid}.txt", text=text),
                sentences=tuple(sentences),
                mentions=tuple(mentions),
            )
        )
    return records, truth


def synthetic_records(n_mentions: int, seed: int = SEED) -> list[ArticleRecords]:
    """The records of synthetic_corpus, without the truth."""
    return synthetic_corpus(n_mentions, seed)[0]


def bcubed_f1(actors: list[Actor], truth: dict[tuple[str, int], int]) -> float:
    """B-cubed F1 of the actors' mentions against the generator's persons (linear time)."""
    pred = {(m.article, m.start): i for i, a in enumerate(actors) for m in a.mentions}
    both = Counter((pred.get(k, -1 - n), t) for n, (k, t) in enumerate(truth.items()))
    pred_size = Counter(pred.get(k, -1 - n) for n, k in enumerate(truth))
    true_size = Counter(truth.values())
    precision = sum(c * c / pred_size[p] for (p, _), c in both.items()) / len(truth)
    recall = sum(c * c / true_size[t] for (_, t), c in both.items()) / len(truth)
    return 2 * precision * recall / (precision + recall)


def time_resolve(n_mentions: int) -> tuple[float, float, int, float]:
    """Best CPU and wall seconds of REPEATS resolve_actors runs, the number of actors, and
    the B-cubed F1 against the truth.

    CPU time (time.process_time) is the figure to compare: on a shared machine wall time
    also counts the time other processes held the CPU. Each run starts after gc.collect(),
    so one run's garbage is not collected on the next one's clock.
    """
    records, truth = synthetic_corpus(n_mentions)
    cpu, wall = float("inf"), float("inf")
    for _ in range(REPEATS):
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        actors = resolve_actors(records)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, len(actors), bcubed_f1(actors, truth)


def main() -> None:
    cpus = []
    for n in SIZES:
        cpu, wall, n_actors, f1 = time_resolve(n)
        cpus.append(cpu)
        print(
            f"resolve_actors {n:>7,} mentions: {cpu:6.2f} s CPU ({wall:6.2f} s wall), "
            f"{n_actors:,} actors, b-cubed F1 {f1:.3f}"
        )
    print(f"ratio 10x mentions: {cpus[1] / cpus[0]:.1f}x CPU time (linear = 10)")


if __name__ == "__main__":
    main()
