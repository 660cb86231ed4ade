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
from dataclasses import dataclass
from functools import lru_cache

from rigour.text import ascii_text
from rigour.text.phonetics import metaphone

__all__ = [
    "ACRONYM_SKIP",
    "NAME_PARTICLES",
    "NATIONALITIES",
    "NEWS_AGENCIES",
    "NEWS_OUTLETS",
    "ORG_ALIASES",
    "OUTLET_NOUNS",
    "PERSON_TITLES",
    "PLACE_HEADS",
    "PLATFORMS",
    "SUFFIXES",
    "TITLE_HEADS",
    "TitleKey",
    "acronym",
    "initials",
    "is_news_agency",
    "is_news_outlet",
    "name_tokens",
    "normalise_name",
    "org_key",
    "org_normal_form",
    "phonetic_key",
    "strip_person_titles",
    "title_key",
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
        "crown",
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

# News agencies: outlets whose copy other outlets relay (type AGENCY, where a newspaper or
# broadcaster is MEDIA). Normalised. A name ending in "agency" ("Saudi Press Agency") is one too.
NEWS_AGENCIES = frozenset(
    """reuters|afp|agence france presse|ap|associated press|dpa|deutsche presse agentur|
    anadolu|anadolu agency|xinhua|tass|ria novosti|interfax|irna|tasnim|mehr|fars|
    fars news agency|isna|efe|ansa|kyodo|yonhap|pti|ians|wam|spa|petra|mena|qna|kuna|bna|
    sana|upi|bernama|antara""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Words after a name that say it is an outlet ("NTV television", "Reuters news agency").
OUTLET_NOUNS = frozenset(
    {"television", "tv", "channel", "broadcaster", "newspaper", "daily", "radio", "agency"}
)
# Online platforms: where people speak, never who speaks ("said on Twitter"). spaCy tags
# them PERSON or ORG; they are not actors. Normalised.
PLATFORMS = frozenset(
    """twitter|facebook|instagram|youtube|whatsapp|telegram|tiktok|linkedin|snapchat|
    reddit|weibo|wechat|vkontakte|vk|signal|threads|bluesky|mastodon|truth social""".replace(
        "\n", ""
    )
    .replace("    ", "")
    .split("|")
)
# Head nouns of place names ("the Belgrad Forest", "Tahrir Square"): a place, not an actor.
PLACE_HEADS = frozenset(
    """forest|woods|river|mountain|mountains|mount|lake|park|square|street|road|avenue|
    boulevard|bridge|island|islands|valley|desert|sea|bay|gulf|strait|canal|beach|hill|
    hills|coast|peninsula|plain|plains|highway|district|province|neighbourhood|
    neighborhood""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Words left out of an acronym ("Saudi Press Agency" -> SPA, "Ministry of Defence" -> MD).
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "de"})

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
    if norm in ORG_ALIASES:
        return org_normal_form(ORG_ALIASES[norm])
    norm = org_normal_form(norm)
    return org_normal_form(_ORG_ALIASES_NORMAL.get(norm, norm))


def is_news_outlet(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when the text names a news outlet (NEWS_OUTLETS or one of the story's outlets)."""
    norm = normalise_name(text)
    return (
        norm in NEWS_OUTLETS
        or norm in extra
        or norm in NEWS_AGENCIES
        or norm.endswith((" news agency", " press agency"))
    )


def is_news_agency(text: str) -> bool:
    """True when the text names a news agency (NEWS_AGENCIES, "... News / Press Agency")."""
    norm = normalise_name(text)
    return norm in NEWS_AGENCIES or norm.endswith((" news agency", " press agency"))


def acronym(text: str) -> str:
    """Initials of a multi-word name, lower case, ACRONYM_SKIP words left out ("Saudi Press
    Agency" -> "spa"); "" for a single word."""
    words = [w for w in normalise_name(text).split() if w not in ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


# --- title phrases ("the US Secretary of Defense") and organisation word order ---------------

# Nationality words and the key they stand for: the only modifier a title or an organisation
# name carries that must agree exactly ("Iraqi Defense Ministry" is not the Russian one).
NATIONALITIES: dict[str, str] = {
    "us": "us",
    "u s": "us",
    "american": "us",
    "united states": "us",
    "iraqi": "iraq",
    "iranian": "iran",
    "russian": "russia",
    "british": "uk",
    "uk": "uk",
    "french": "france",
    "german": "germany",
    "chinese": "china",
    "turkish": "turkey",
    "syrian": "syria",
    "israeli": "israel",
    "saudi": "saudi arabia",
    "kurdish": "kurdistan",
    "jordanian": "jordan",
    "kuwaiti": "kuwait",
    "egyptian": "egypt",
    "lebanese": "lebanon",
    "ukrainian": "ukraine",
}

# Head nouns of a title that can stand for a person already named ("the Secretary of
# Defense", "the spokesman"). A closed class on purpose: "the general" or "the leader" say too
# little to pick a person. Words in TITLE_HEAD_PREFIXES form one head with the next word
# ("Vice President" is not "the President").
TITLE_HEADS = frozenset(
    {
        "secretary",
        "minister",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "chairman",
        "chairwoman",
        "envoy",
        "speaker",
        "governor",
        "chancellor",
        "commander",
    }
)
TITLE_HEAD_PREFIXES = frozenset({"prime", "vice", "deputy"})
# Department and body words a title may carry ("Defense Secretary", "Chairman of the Joint
# Chiefs of Staff", "Pentagon spokesman"). Anything else makes the phrase not a bare title.
TITLE_MODIFIERS = frozenset(
    {
        "defense",
        "defence",
        "state",
        "foreign",
        "interior",
        "finance",
        "treasury",
        "justice",
        "health",
        "energy",
        "homeland",
        "security",
        "national",
        "joint",
        "chiefs",
        "staff",
        "pentagon",
        "parliament",
        "parliamentary",
        "army",
        "military",
        "government",
        "nato",
        "un",
    }
)
# Words that may sit in a title phrase without telling people apart ("the former ambassador").
TITLE_FILLERS = frozenset({"the", "of", "affairs", "former", "current", "acting", "then"})

# Country names after "of" in a title ("Prime Minister of Iraq"): the nationality keys.
COUNTRY_KEYS = frozenset(NATIONALITIES.values())


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title phrase's meaning: head noun, department words, nationality (or None)."""

    head: str
    modifiers: frozenset[str]
    nationality: str | None

    def names_same_post(self, intro: TitleKey) -> bool:
        """Can this (anaphoric) title refer to a person introduced with `intro`? Same head,
        no department word the introduction lacks, no conflicting nationality."""
        return (
            self.head == intro.head
            and self.modifiers <= intro.modifiers
            and (self.nationality is None or intro.nationality in (None, self.nationality))
        )


def _nationality_prefix(words: list[str]) -> tuple[str | None, list[str]]:
    """Split a leading nationality word (one or two words: "united states") off the words."""
    for n in (2, 1):
        key = NATIONALITIES.get(" ".join(words[:n])) if len(words) >= n else None
        if key:
            return key, words[n:]
    return None, words


def title_key(text: str) -> TitleKey | None:
    """The TitleKey of a phrase made only of title words, else None.

    "The US Secretary of Defense" and "US Defense Secretary" give the same key (head
    "secretary", modifiers {"defense"}, nationality "us"); "Mark Esper" or "the current
    President of the United States" (a country after "of") give None or a key with a
    nationality, never a person's name.
    """
    words = [w for w in normalise_name(text).split() if w not in {"former", "current", "acting"}]
    if words[:1] == ["then"]:
        words = words[1:]
    nationality, words = _nationality_prefix(words)
    head: str | None = None
    modifiers: set[str] = set()
    i = 0
    while i < len(words):
        w = words[i]
        if w in TITLE_HEAD_PREFIXES and i + 1 < len(words) and words[i + 1] in TITLE_HEADS:
            if head is not None:
                return None
            head, i = f"{w} {words[i + 1]}", i + 2
            continue
        if w in TITLE_HEADS:
            if head is not None:
                return None
            head = w
        elif w == "of" and head is not None:
            rest = " ".join(x for x in words[i + 1 :] if x != "the")
            country = NATIONALITIES.get(rest) or (rest if rest in COUNTRY_KEYS else None)
            if country:  # "President of the United States", "Prime Minister of Iraq"
                if nationality not in (None, country):
                    return None
                nationality = country
                break
        elif w in TITLE_MODIFIERS:
            modifiers.add(w)
        elif w not in TITLE_FILLERS:
            return None
        i += 1
    if head is None:
        return None
    return TitleKey(
        head, frozenset(m.replace("defence", "defense") for m in modifiers), nationality
    )


# Organisation head nouns whose "X of Y" and "Y X" forms name the same body ("Ministry of
# Defense" / "Defense Ministry", "Department of State" / "State Department").
ORG_REORDER_HEADS = frozenset({"ministry", "department", "office", "directorate", "secretariat"})
_ORG_OF = re.compile(r"\b(" + "|".join(sorted(ORG_REORDER_HEADS)) + r") of (?:the )?(.+)$")


def org_normal_form(norm: str) -> str:
    """Word-order normal form of a normalised organisation name: "X of (the) Y" -> "Y X" for
    ministry-like heads, "affairs" dropped before the head ("ministry of foreign affairs" ->
    "foreign ministry"). A leading nationality stays in front, so "iraqi ministry of defense"
    -> "iraqi defense ministry" and the Russian one keeps its own key."""
    hit = _ORG_OF.search(norm)
    if hit:
        norm = f"{norm[: hit.start()]}{hit.group(2)} {hit.group(1)}".strip()
    return re.sub(r"\baffairs (" + "|".join(sorted(ORG_REORDER_HEADS)) + r")\b", r"\1", norm)


# ORG_ALIASES under the word-order normal form, so "ministry of defense" forms of an alias
# find it too. Built once from constants; never changed.
_ORG_ALIASES_NORMAL: dict[str, str] = {org_normal_form(k): v for k, v in ORG_ALIASES.items()}
