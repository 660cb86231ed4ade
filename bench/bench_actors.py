"""Benchmark: resolve_actors cost on 10,000 and 100,000 synthetic mentions.

Names are generated from syllables (so surnames are many and realistic in length), each
person appears in several articles with spelling variants (a doubled or swapped vowel, the
surname alone, the first name alone), ten mentions per article. Prints the time for each
size and, last, the ratio for 10x more mentions (linear = 10). Not a test: timings never fail.

Run: `.venv/bin/python -m bench.bench_actors`
"""

from __future__ import annotations

import random
import time

from storylens.model import Article, ArticleRecords, Mention, Sentence
from storylens.resolve.actors import resolve_actors

SEED = 8
MENTIONS_PER_ARTICLE = 10
SIZES = (10_000, 100_000)
_SYLLABLES = [
    "ba",
    "be",
    "bo",
    "da",
    "de",
    "di",
    "ka",
    "ko",
    "ma",
    "mi",
    "mo",
    "na",
    "ne",
    "ri",
    "ro",
    "sa",
    "se",
    "so",
    "ta",
    "te",
    "ti",
    "va",
    "vo",
    "la",
    "lu",
    "ze",
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _variant(rng: random.Random, surname: str) -> str:
    """A transliteration-like variant: one vowel changed or doubled."""
    vowels = [i for i, c in enumerate(surname) if c in "aeiou"]
    if not vowels:
        return surname
    i = rng.choice(vowels)
    if rng.random() < 0.5:
        return surname[:i] + rng.choice("aeiouy") + surname[i + 1 :]
    return surname[:i] + surname[i] + surname[i:]


def synthetic_records(n_mentions: int, seed: int = SEED) -> list[ArticleRecords]:
    """About n_mentions PERSON mentions over n_mentions / 10 articles."""
    rng = random.Random(seed)
    people = [(_name(rng, 3), _name(rng, 3)) for _ in range(max(1, n_mentions // 8))]
    records = []
    for a in range(n_mentions // MENTIONS_PER_ARTICLE):
        aid = f"art{a:07d}"
        surfaces = []
        for _ in range(MENTIONS_PER_ARTICLE // 2):
            first, last = rng.choice(people)
            last = _variant(rng, last) if rng.random() < 0.3 else last
            surfaces += [f"{first} {last}", rng.choice([last, first, f"{first} {last}"])]
        text, mentions, sentences = "", [], []
        for s in surfaces:
            start = len(text)
            mentions.append(Mention(aid, start, start + len(s), s, "PERSON"))
            sentences.append(Sentence(aid, start, start + len(s) + 6))
            text += s + " said. "
        records.append(
            ArticleRecords(
                article=Article(id=aid, path=f"{aid}.txt", text=text),
                sentences=tuple(sentences),
                mentions=tuple(mentions),
            )
        )
    return records


def time_resolve(n_mentions: int) -> tuple[float, int]:
    records = synthetic_records(n_mentions)
    t0 = time.perf_counter()
    actors = resolve_actors(records)
    return time.perf_counter() - t0, len(actors)


def main() -> None:
    times = []
    for n in SIZES:
        seconds, n_actors = time_resolve(n)
        times.append(seconds)
        print(f"resolve_actors {n:>7,} mentions: {seconds:7.2f} s, {n_actors:,} actors")
    print(f"ratio 10x mentions: {times[1] / times[0]:.1f}x (linear = 10)")


if __name__ == "__main__":
    main()
