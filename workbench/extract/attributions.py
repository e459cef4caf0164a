"""Who asserts what: "France says", "an AFP journalist saw", "two military sources told AFP", "according to ...".

Three shapes, each with the speaker in ``who``:

- a speaker before a reporting verb ("Colonel Camara said", "two military sources told AFP");
- a reporting verb after a quotation, speaker after it (“…,” said the minister);
- "according to" and the speaker up to the next punctuation.

A phrase counts as a speaker when its last word names one: a proper name, a pronoun, or a
noun that reports (journalist, sources, official, ministry, army...). "The year saw a rise"
is not an attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.extract import languages

if TYPE_CHECKING:
    from workbench.extract.grammar import Speech

VERBS = (
    "said|says|say|told|tells|tell|saw|sees|reported|reports|claimed|claims|stated|states|announced|"
    "announces|added|adds|confirmed|confirms|denied|denies|insisted|insists|explained|explains|wrote|writes|"
    "noted|notes|warned|warns|alleged|alleges|estimated|estimates|acknowledged|acknowledges|testified|"
    "described|describes|quoted|cited|cites|believes|believed|accused|accuses"
)
#: Nouns that name someone who reports or asserts.
SPEAKERS = frozenset(
    [
        "journalist",
        "journalists",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "source",
        "sources",
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "minister",
        "ministers",
        "ministry",
        "army",
        "military",
        "government",
        "police",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "diplomat",
        "diplomats",
        "officer",
        "officers",
        "commander",
        "commanders",
        "agency",
        "agencies",
        "report",
        "reports",
        "statement",
        "statements",
        "website",
        "media",
        "newspaper",
        "newspapers",
        "president",
        "authorities",
        "authority",
        "organisation",
        "organization",
        "group",
        "groups",
        "observers",
        "monitors",
        "monitor",
        "junta",
        "leader",
        "leaders",
        "spokesmen",
        "investigators",
        "investigator",
        "prosecutors",
        "prosecutor",
        "court",
        "documents",
        "document",
        "researchers",
        "researcher",
        "study",
        "survey",
        "footage",
        "images",
        "photos",
        "videos",
        "channel",
        "outlet",
        "outlets",
    ]
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
#: Words that cannot be a speaker on their own ("The report, which ... said").
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
#: Verb forms that are also plural nouns ("Sahel states", "press reports"): after them the
#: speaker must be a reporting noun or a pronoun, not just a capitalised word.
NOUN_LIKE_VERBS = frozenset({"states", "reports", "notes", "claims", "estimates", "cites"})

_VERB = re.compile(rf"\b(?P<verb>{VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<who>[^,.;:()\[\]“”\"\n]{2,90}?)(?=\s*[,.;:()\[\]“”\"\n]|$)")
_INVERTED = re.compile(
    # after a closing quotation mark only ("…,” said the minister); "X, chief designer, told Y" is not one
    r"[”\"’],?\s*(?P<verb>said|says|added|adds|wrote|explained|noted|warned)\s+"
    r"(?P<who>(?:the\s+|a\s+|an\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?)(?=\s*[,.;:“”\"\n]|$)"
)
_CLAUSE_START = re.compile(rf"[,;:()\[\]“”\"\n.!?—–]|\b(?:that|which|who|and|but|while|as|when|because|if|{VERBS})\b")
_WORD = re.compile(r"[\w’'.-]+")
#: Words a speaker phrase never starts with, dropped from its front.
_LEADING = frozenset({"then", "also", "later", "earlier", "now", "has", "had", "have", "was", "were", "is", "are"})
MAX_SPEAKER_WORDS = 6
#: Whom someone told: capitalised words; a full stop only inside an abbreviation ("U.S."), never
#: at a sentence end ("told AFP. Mali denied it").
_NAME = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'-]*)"
_TOLD = re.compile(rf"\s+(?:the\s+)?({_NAME}(?:\s+{_NAME}){{0,3}})")


@dataclass(frozen=True, slots=True)
class Attribution:
    """An attribution: the speaker (``who``), the reporting verb, and whom they told, if said."""

    start: int
    end: int
    text: str
    who: str
    verb: str
    to: str | None = None


def _speaker(phrase: str, *, strict: bool = False) -> bool:
    """Whether a phrase names a speaker; ``strict`` refuses a bare capitalised word."""
    words = phrase.split()
    if not words:
        return False
    head = words[-1].strip("’'.").lower()
    return head in PRONOUNS or head in SPEAKERS or (not strict and words[-1][0].isupper())


def _subject_before(text: str, verb_start: int, *, strict: bool = False) -> tuple[int, str] | None:
    """The speaker phrase ending right before a verb: (start offset, phrase)."""
    window_start = max(0, verb_start - 120)
    window = text[window_start:verb_start]
    clause = 0
    for match in _CLAUSE_START.finditer(window):
        clause = match.end()
    words = list(_WORD.finditer(window, clause))[-MAX_SPEAKER_WORDS:]
    while words and words[0].group().lower() in _LEADING:
        words.pop(0)
    pronouns = [i for i, w in enumerate(words) if w.group().lower() in PRONOUNS]
    if pronouns:
        words = words[pronouns[-1] :]  # "witnesses told AFP they saw": the speaker is "they"
    if all(w.group().lower() in _ARTICLES for w in words):
        return None
    if not words or window[words[-1].end() :].strip():
        return None
    phrase = window[words[0].start() : words[-1].end()]
    if not _speaker(phrase, strict=strict):
        return None
    return window_start + words[0].start(), phrase


def find(text: str, *, language: str | None = None) -> list[Attribution]:
    """Every attribution in ``text``, in order, without overlaps.

    ``language`` (see ``languages.resolve``) picks the words: French and Russian are read from
    their ``Speech`` tables; a language without tables gives no attributions.
    """
    code = languages.resolve(language, text)
    if code != languages.ENGLISH:
        grammar = languages.grammar(code)
        return _without_overlaps(_by_grammar(text, grammar.speech)) if grammar is not None else []
    found: list[Attribution] = []
    for match in _ACCORDING.finditer(text):
        who = " ".join(match["who"].split())
        found.append(Attribution(match.start(), match.end(), text[match.start() : match.end()], who, "according to"))
    for match in _INVERTED.finditer(text):
        who = " ".join(match["who"].split())
        if _speaker(who) or who.split()[0].lower() in {"the", "a", "an"}:
            start = match.start("verb")
            found.append(Attribution(start, match.end("who"), text[start : match.end("who")], who, match["verb"]))
    for match in _VERB.finditer(text):
        subject = _subject_before(text, match.start(), strict=match["verb"] in NOUN_LIKE_VERBS)
        if subject is None:
            continue
        start, who = subject
        end, to = match.end(), None
        if match["verb"] in {"told", "tells", "tell"}:
            told = _TOLD.match(text[end : end + 60])
            if told:
                to, end = told.group(1), end + told.end()
        found.append(Attribution(start, end, text[start:end], " ".join(who.split()), match["verb"], to))
    return _without_overlaps(found)


def _without_overlaps(found: list[Attribution]) -> list[Attribution]:
    """The attributions in order of position; of two that overlap, the one starting first (the longer on a tie)."""
    found.sort(key=lambda a: (a.start, -a.end))
    kept: list[Attribution] = []
    for attribution in found:
        if kept and attribution.start < kept[-1].end:
            continue
        kept.append(attribution)
    return kept


#: A sentence, a quotation or an aside ends before this: in French the speaker may follow the verb.
_INVERTING = (",", "”", '"', "»", "—", "–", "’")


def _by_grammar(text: str, speech: Speech) -> list[Attribution]:
    """Attributions in French or Russian: "selon X", "по данным X", and a speaker before or after a verb.

    "Le ministère a indiqué", "Песков заявил": the speaker before the verb; "», a indiqué le
    ministère", "сообщает ТАСС", "Об этом сообщило Минобороны": after it, when none is before.
    """
    found = [
        Attribution(m.start(), m.end(), m.group(), " ".join(m["who"].split()), " ".join(m["verb"].lower().split()))
        for m in speech.according.finditer(text)
    ]
    for match in speech.verbs.finditer(text):
        verb = " ".join(match["verb"].split())
        subject = _local_subject(text, match.start(), speech)
        if subject is not None:
            start, who = subject
            end, to = match.end(), None
            told = speech.told.match(text, end, end + 60)
            if told:
                to, end = told.group(1), told.end()
            found.append(Attribution(start, end, text[start:end], who, verb, to))
            continue
        inverted = speech.speaker_after_anywhere or text[: match.start()].rstrip().endswith(_INVERTING)
        after = _local_speaker_after(text, match.end(), speech) if inverted else None
        if after is not None:
            end, who = after
            found.append(Attribution(match.start(), end, text[match.start() : end], who, verb))
    return found


def _local_speaker(words: list[str], speech: Speech) -> bool:
    """Whether words name a speaker: one of them a reporting noun or pronoun, or a capitalised name."""
    for word in words:
        bare = re.sub(r"^[A-Za-z]['’]", "", word)  # "l'AFP", "d'Etat"
        lowered = bare.lower()
        if lowered in speech.leading or lowered in speech.articles:
            continue
        if lowered in speech.pronouns or speech.speakers.match(lowered) or bare[:1].isupper():
            return True
    return False


def _local_subject(text: str, verb_start: int, speech: Speech) -> tuple[int, str] | None:
    """The speaker phrase ending right before a verb, in its clause: (start offset, phrase)."""
    window_start = max(0, verb_start - 120)
    window = text[window_start:verb_start]
    clause = 0
    for match in speech.clause.finditer(window):
        clause = match.end()
    words = list(_WORD.finditer(window, clause))[-MAX_SPEAKER_WORDS:]
    while words and (words[0].group().lower() in speech.leading or not words[0].group()[0].isalpha()):
        words.pop(0)  # "Об этом", or the minutes of "в 14:30 представитель"
    if not words or window[words[-1].end() :].strip():
        return None
    if not _local_speaker([w.group() for w in words], speech):
        return None
    return window_start + words[0].start(), " ".join(window[words[0].start() : words[-1].end()].split())


def _local_speaker_after(text: str, at: int, speech: Speech) -> tuple[int, str] | None:
    """The speaker phrase right after a verb, up to punctuation: (end offset, phrase)."""
    window = text[at : at + 120]
    stop = _SPEAKER_END.search(window)
    words = list(_WORD.finditer(window, 0, stop.start() if stop else len(window)))[:MAX_SPEAKER_WORDS]
    if not words or window[: words[0].start()].strip() or not _local_speaker([w.group() for w in words], speech):
        return None
    return at + words[-1].end(), " ".join(window[words[0].start() : words[-1].end()].split())


_SPEAKER_END = re.compile(r"[,;:()\[\]“”\"«»\n!?—–]|\.(?=\s|$)")
