"""Name normalisation, phonetic keys and blocking keys for actor resolution.

Why a module of its own: the same normalisation must hold at every step (within an article,
across articles, in corrections, in the benchmark), and it is the part worth property-testing
(never raises, idempotent). Transliteration-tolerant pieces come from `rigour` (OpenSanctions'
name library): `ascii_text` folds scripts and accents, `metaphone` gives the phonetic key that
makes Seely / Seeley / Cilly, Milley / Millie / Miley, Soleimani / Suleymani, Qassem / Kassem
and Dunn / Dan collide, which plain edit distance misses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.text import ascii_text
from rigour.text.phonetics import metaphone

__all__ = [
    "NAME_PARTICLES",
    "NEWS_OUTLETS",
    "ORG_ALIASES",
    "PERSON_TITLES",
    "SUFFIXES",
    "initials",
    "is_news_outlet",
    "name_tokens",
    "normalise_name",
    "org_key",
    "phonetic_key",
    "strip_person_titles",
]

# Words that precede a name without being part of it ("Lt. Gen.", "Prime Minister",
# "Ministers Blinken"). Stripped from the front of PERSON mentions and kept as role evidence.
PERSON_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "madam",
        "gen",
        "general",
        "lt",
        "lieutenant",
        "col",
        "colonel",
        "maj",
        "major",
        "brig",
        "brigadier",
        "adm",
        "admiral",
        "rear",
        "sgt",
        "sergeant",
        "capt",
        "captain",
        "cmdr",
        "commander",
        "president",
        "vice",
        "prime",
        "minister",
        "ministers",
        "secretary",
        "secretaries",
        "sec",
        "chairman",
        "chairwoman",
        "chief",
        "sheikh",
        "shaikh",
        "prof",
        "professor",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "king",
        "queen",
        "prince",
        "princess",
        "ayatollah",
        "imam",
        "emir",
        "marine",
        "deputy",
        "acting",
        "former",
        "late",
        "pope",
        "cardinal",
        "judge",
        "justice",
        "speaker",
        "mayor",
        "expert",
        "analyst",
    ]
)

# Particles that vary between transliterations ("al-Muhandis" / "Muhandis", "de Roche" /
# "Roche"): dropped from the tokens used for matching, kept in the displayed name.
NAME_PARTICLES = frozenset(
    {"al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la", "le"}
)

# Generational suffixes: kept out of the surname slot ("William H. Seely III").
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Well-known equivalences between organisation names that no string similarity can find
# (acronyms across languages, a building standing for a ministry). Keys and values are
# normalised (see org_key); the value is the canonical key. Hand-kept on purpose and small:
# persons never go here, they come from the method.
ORG_ALIASES: dict[str, str] = {
    # The Islamic State family (Arabic acronym, Russian "IG", English "IS"/"ISIL").
    "isis": "islamic state",
    "isil": "islamic state",
    "is": "islamic state",
    "ig": "islamic state",
    "daesh": "islamic state",
    "daish": "islamic state",
    "islamic state of iraq and syria": "islamic state",
    "islamic state of iraq and the levant": "islamic state",
    # The US Department of Defense and its metonym.
    "pentagon": "us department of defense",
    "dod": "us department of defense",
    "us defense department": "us department of defense",
    "defense department": "us department of defense",
    # The US Department of State, as translations render it.
    "state department": "us department of state",
    "us state department": "us department of state",
    "us foreign ministry": "us department of state",
    # Popular Mobilization Forces (Arabic name, transliterated).
    "hashd al shabi": "popular mobilization forces",
    "al hashd al shabi": "popular mobilization forces",
    "hashd": "popular mobilization forces",
    "popular mobilisation forces": "popular mobilization forces",
    "pmf": "popular mobilization forces",
    # Kataib Hezbollah.
    "iraqi hezbollah brigades": "kataib hezbollah",
    "hezbollah brigades": "kataib hezbollah",
    "kata'ib hezbollah": "kataib hezbollah",
    # The IRGC's Quds Force.
    "quds brigades": "quds force",
    "iranian quds brigades": "quds force",
    "iranian quds force": "quds force",
}

# News outlets named as sources ("according to Al-Hadath sources", "told Al-Jazeera Net").
# Outlets are their own kind of record (Article.outlet), never actors; spaCy often labels them
# PERSON. Normalised (see org_key). Articles' own outlets are added at run time.
NEWS_OUTLETS = frozenset(
    """al jazeera|al jazeera net|aljazeera|al arabiya|al hadath|al akhbar|al mayadeen|
    al sumaria|rudaw|cnn|cbs|nbc|abc|bbc|fox news|msnbc|rt|russia today|sputnik|tass|
    ria novosti|reuters|afp|ap|associated press|daily beast|new york times|washington post|
    wall street journal|guardian|fars|fars news|fars news agency|irna|tasnim|mehr|press tv|
    xinhua|anadolu|france 24|dw|deutsche welle|politico|axios|bloomberg""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

_POSSESSIVE = re.compile(r"['’`]s?$")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(text: str) -> str:
    """ASCII, lower case, possessive and punctuation gone, single spaces.

    Hyphens become spaces ("Abdul-Mahdi" == "Abdul Mahdi"); a leading "the" is dropped
    ("the Pentagon" == "Pentagon"). Idempotent, never raises.
    """
    folded = ascii_text(text or "").lower().strip()
    folded = " ".join(_POSSESSIVE.sub("", word) for word in folded.split())
    folded = _NON_WORD.sub(" ", folded).strip()
    while folded.startswith("the "):
        folded = folded[4:]
    return "" if folded == "the" else folded


def strip_person_titles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Drop title words from the front ("brigadier general william" -> "william").

    Keeps the last token even when it is a title word, so a name is never emptied.
    """
    i = 0
    while i < len(tokens) - 1 and tokens[i] in PERSON_TITLES:
        i += 1
    return tokens[i:]


def name_tokens(text: str) -> tuple[str, ...]:
    """Matching tokens of a person name: normalised, titles, particles and suffixes removed."""
    tokens = strip_person_titles(tuple(normalise_name(text).split()))
    kept = tuple(t for t in tokens if t not in NAME_PARTICLES and t not in SUFFIXES)
    return kept or tokens


# A cache of a pure function (same input, same output in any process), not state: resolution
# asks for the same surname's key once per candidate pair.
@lru_cache(maxsize=1 << 16)
def phonetic_key(token: str) -> str:
    """Metaphone of one normalised token (the token itself when metaphone gives nothing)."""
    norm = normalise_name(token).replace(" ", "")
    if not norm:
        return ""
    return metaphone(norm) or norm


def initials(tokens: tuple[str, ...]) -> str:
    """First letters of the tokens ("william h seely" -> "whs")."""
    return "".join(t[0] for t in tokens if t)


def org_key(text: str) -> str:
    """The key organisation mentions are grouped by: normalised, country adjectives unified,
    then mapped through ORG_ALIASES."""
    norm = normalise_name(text)
    norm = re.sub(r"^(american|united states|u s)\b", "us", norm)
    return ORG_ALIASES.get(norm, norm)


def is_news_outlet(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when the text names a news outlet (NEWS_OUTLETS or one of the story's outlets)."""
    norm = normalise_name(text)
    return norm in NEWS_OUTLETS or norm in extra or norm.endswith(" news agency")
