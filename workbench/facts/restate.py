"""Restatements across wordings and languages: the encoder finds them, the figures decide.

Two texts the sentence encoder puts close together (similarity at least ``CLOSE``) are about
the same thing in some way; whether they state the same fact is for their figures to say, since
"five tanks" and "fifty tanks" embed almost alike. What the wording rules of ``judge`` would
align by counted word and event ("chars" / "tanks", "livrés" / "delivered") is aligned here by
the closeness of the whole sentences, and figures are paired by kind and dimension alone:

- **a restatement** (``duplicate``): every figure of each text has one of the same kind and
  dimension in the other with a compatible value (``align.compare_values``), and where they name
  equipment designators both, they name one at least in common (T-72B3 = Т-72Б3, transliterated
  by the extractor, or a name spelt two ways with one number: "Chandrayaan-3" / «Чандраян-3»);
  two or more figures of one kind are paired by what each counts (a designator, else the pairing
  of counted words the encoder finds most alike), since values alone cannot tell "5 tanks and 7
  helicopters" from "7 chars et 5 hélicoptères", and by value only when every figure counts the
  same thing ("194 of the 460 seats"); a name or model given to the counted thing must be spelt
  alike on both sides ("six Kinzhal missiles" / «шесть ракет «Циркон»», "40 A350" / "40 A330neo");
- **a contradiction**: once the figures that agree are paired, one figure of a kind is left on
  each side, with values that cannot both be true ("au moins cinq chars" / "at least fifty
  tanks"; "12 BTR-80A in a single shipment" / "vingt véhicules … en une seule livraison");
- **nothing** otherwise: other designators ("T-90" against "T-72B3") or systems named in
  capitals ("18 HIMARS" / "18 lance-roquettes M270"), figures of other kinds, a
  text without figures, numbers no rule read that are not the same in both ("2-0" / "4-0"). The
  similarity alone never says anything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from itertools import permutations
from typing import Literal

import numpy as np
from rapidfuzz.distance import Indel

from workbench.extract import items
from workbench.facts.align import compare_values, describe, dimension
from workbench.facts.judge import ClaimFacts, aspect_of, span_of
from workbench.facts.lexicon import STOPWORDS, STOPWORDS_BY_LANGUAGE
from workbench.facts.model import Fact
from workbench.matching.rules import Verdict

#: Cosine similarity (multilingual-e5-small, ``query:`` on both sides) from which two texts are
#: taken to be about the same thing. Unrelated sentences of one story sit at 0.70–0.80 with
#: this model; restatements, in one language or across two, at 0.88 and above.
CLOSE = 0.86
#: Similarity from which two texts without figures are taken to say the same thing: nothing else
#: can check them, so the bar is where the similarity alone is right four times in five on MRPC
#: (train: precision 0.79 at 0.93; its non-paraphrases are near-paraphrases of one story).
SAME = 0.93


def _key(fact: Fact) -> tuple[str, str]:
    return fact.kind, dimension(fact)[0]


def _shown(a: Fact, b: Fact) -> str:
    return f"{describe(a)} / {describe(b)}"


def _compatible(fact: Fact, others: list[Fact]) -> tuple[Fact, str] | None:
    """The first of ``others`` whose value agrees with ``fact``'s, and the rule that says so."""
    for other in others:
        compatible, _, why = compare_values(fact, other)
        if compatible:
            return other, why
    return None


def _by_values(
    first: list[Fact], second: list[Fact]
) -> tuple[list[tuple[Fact, Fact, str]], tuple[list[Fact], list[Fact]]]:
    """Each figure of ``first`` with the first of ``second`` left whose value agrees; and those left unpaired."""
    left = list(second)
    agreed, alone = [], []
    for fact in first:
        match = _compatible(fact, left)
        if match is None:
            alone.append(fact)
            continue
        agreed.append((fact, *match))
        left.remove(match[0])
    return agreed, (alone, left)


def _contradiction(a: Fact, b: Fact, similarity: float) -> Verdict:
    _, conflict, why = compare_values(a, b)
    rule = why.format(shown=_shown(a, b))
    detail = {"rule": rule, "a_fact": span_of(a), "b_fact": span_of(b), "similarity": round(similarity, 3)}
    detail["conflict"] = conflict
    reason = f"{conflict} contradiction: {rule} (restated in other words, similarity {similarity:.2f})"
    return Verdict("contradiction", reason, aspect=aspect_of(a), detail=detail)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _unread(claim: ClaimFacts) -> list[str]:
    """The numbers of a text no fact and no designator holds ("2-0", "Mach 2.8" where unread), as digits."""
    held = [(f.start, f.end) for f in claim.facts]
    held += [(d.start, d.end) for d in items.find(claim.text, all_shapes=True)]
    return sorted(
        m.group().replace(",", ".")
        for m in _NUMBER.finditer(claim.text)
        if not any(start <= m.start() < end for start, end in held)
    )


#: A system named in capitals ("HIMARS", "ATACMS", "NASAMS"): the same in every language's press.
_SYSTEM = re.compile(r"\b[A-Z]{3,}\b")


def _unnamed(fact: Fact, other: ClaimFacts) -> str | None:
    """A system named in capitals in what ``fact`` counts ("18 HIMARS") that ``other`` does not give.

    Such names are written alike in English, French and Russian reports, so a restatement gives
    it or leaves the thing unnamed; "18 lance-roquettes M270" names another. Names in ordinary
    capitals ("French soldiers", "Kinzhal") change from one language to another and are not compared.
    """
    if fact.kind != "count":
        return None
    for name in _SYSTEM.findall(fact.text):
        if name not in other.text:
            return str(name)
    return None


#: Words that end the look for a counted thing's name after its figure, in any language read.
_FUNCTION_WORDS = STOPWORDS.union(*STOPWORDS_BY_LANGUAGE.values())
_WORD_OR_STOP = re.compile(r"[«»“”\"'’]*[^\W_][\w'’-]*[«»“”\"'’]*|[^\w\s«»“”\"'’]")
#: Words after a figure that may still name what it counts: "six missiles hypersoniques Kinjal".
NAME_WINDOW = 3


def _names(fact: Fact, text: str) -> set[str]:
    """Names given to what a count counts, in Latin capitals: "six Kinzhal missiles", "ракет «Кинжал»".

    Capitalised words (no digits: designators are compared on their own) in the figure's phrase
    past its first word, and in the few words after it up to punctuation or a function word.
    """
    if fact.kind != "count":
        return set()
    words = [m.group() for m in _WORD_OR_STOP.finditer(text, fact.start, fact.end)][1:]
    for count, match in enumerate(_WORD_OR_STOP.finditer(text, fact.end)):
        word = match.group()
        if count >= NAME_WINDOW or not any(c.isalnum() for c in word) or word.lower() in _FUNCTION_WORDS:
            break
        words.append(word)
    names = set()
    for word in words:
        bare = word.strip("«»“”\"'’")
        if len(bare) >= 3 and bare[0].isupper() and not any(c.isdigit() for c in bare):
            names.add(items.latin(bare.upper()))
    return names


def _other_names(a: Fact, a_text: str, b: Fact, b_text: str) -> bool:
    """Whether two paired counts name what they count, and by names not spelt alike ("Kinzhal" / «Циркон»).

    Names are compared in Latin letters and loosely, since transliterations differ ("Kinzhal",
    "Kinjal", «Кинжал»); a count whose thing is unnamed on either side is not compared.
    """
    mine, theirs = _names(a, a_text), _names(b, b_text)
    if not mine or not theirs:
        return False
    return not any(Indel.normalized_similarity(x, y) >= 0.7 for x in mine for y in theirs)


_MODEL = re.compile(r"[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[\w.-]*")


def _other_models(a: Fact, b: Fact) -> bool:
    """Whether two paired counts count models named differently: "40 A350" / "40 A330neo", "54 K9" / "54 K9A1".

    The designator rule sees only the shapes it knows; here any word of letters and digits in
    what is counted is a model's name, compared as designators are (``_one_item``).
    """
    if a.kind != "count" or b.kind != "count":
        return False
    mine = {items.normalise(m.group()) for m in _MODEL.finditer(a.counted or "")}
    theirs = {items.normalise(m.group()) for m in _MODEL.finditer(b.counted or "")}
    return bool(mine and theirs) and not any(_one_item(x, y) for x in mine for y in theirs)


#: ``alike(a, b)``: how alike two facts' counted things are, -1 to 1 ("chars" / "tanks" high).
Alike = Callable[[Fact, Fact], float]


def things_alike(embed: Callable[[list[str]], np.ndarray] | None) -> Alike | None:
    """``Alike`` by the cosine of the counted words' embeddings (each word embedded once); none without ``embed``."""
    if embed is None:
        return None
    seen: dict[str, np.ndarray] = {}

    def vector(fact: Fact) -> np.ndarray:
        thing = fact.counted or fact.text
        if thing not in seen:
            seen[thing] = embed([thing])[0]
        return seen[thing]

    return lambda a, b: float(vector(a) @ vector(b))


#: How much more alike, summed over the pairs, one pairing of figures by counted thing must be
#: than any other to be taken: below it, the counted words do not tell the figures apart.
MARGIN = 0.05


def _thing(fact: Fact) -> str | None:
    """What a figure counts, as written: its counted words, else the words of its text ("147 morts")."""
    if fact.counted:
        return fact.counted
    words = " ".join(w for w in fact.text.split() if not any(c.isdigit() for c in w))
    return words or None


def _by_things(
    first: list[Fact], second: list[Fact], alike: Alike | None
) -> list[tuple[Fact, Fact]] | Literal["same"] | None:
    """The pairing of two texts' figures (one kind, as many each) that pairs the most alike things.

    ``"same"`` when every figure counts much the same thing (all pairings within ``MARGIN``: "194
    of the 460 seats"), so that only the values can pair them; ``None`` when no pairing stands
    out from another, or there is no ``alike``.
    """
    if alike is None or len(first) != len(second) or len(first) > 6:
        return None
    scores = [[alike(a, b) if _thing(a) and _thing(b) else None for b in second] for a in first]
    if any(score is None for row in scores for score in row):
        return None  # a figure that names no thing: nothing to pair it by
    ranked = sorted(
        ((sum(scores[i][j] or 0.0 for i, j in enumerate(order)), order) for order in permutations(range(len(second)))),
        reverse=True,
    )
    (best, order), (runner_up, _) = ranked[0], ranked[1]
    if best - ranked[-1][0] < MARGIN:
        return "same"
    if best - runner_up < MARGIN:
        return None
    return [(first[i], second[j]) for i, j in enumerate(order)]


def _named_alike(first: list[Fact], second: list[Fact]) -> bool:
    """Whether two texts' figures of one kind each count a thing both name the same way (T-72B3, MI-17)."""
    mine, theirs = [f.lemma for f in first], [f.lemma for f in second]
    return len(set(mine)) == len(mine) and None not in mine and sorted(mine, key=str) == sorted(theirs, key=str)


def designators(text: str) -> set[str]:
    """The equipment a text names, by normalised key (T-72B3 and Т-72Б3 alike)."""
    return {d.key for d in items.find(text) if d.equipment}


_PREFIX = re.compile(r"[^\W\d_]*")


def _one_item(first: str, second: str) -> bool:
    """Whether two designator keys name one item: the same key, or a name spelt two ways with one number.

    Names transliterated from another alphabet are spelt several ways ("Chandrayaan-3",
    "Чандраян-3" read as CHANDRAYAN-3), but keep their number: the numbers must be the same
    and the names (four letters or more) nearly so. "Su-24" / "Su-25" stay two items.
    """
    if first == second:
        return True
    a, b = _PREFIX.match(first), _PREFIX.match(second)
    assert a is not None and b is not None  # the pattern matches the empty string
    if len(a.group()) < 4 or len(b.group()) < 4 or first[a.end() :] != second[b.end() :]:
        return False
    return Indel.normalized_similarity(a.group(), b.group()) >= 0.8


def same_equipment(mine: set[str], theirs: set[str]) -> bool:
    """Whether two texts' designators leave them about the same equipment: one at least in common, or none on a side."""
    return not mine or not theirs or any(_one_item(a, b) for a in mine for b in theirs)


def restatement(a: ClaimFacts, b: ClaimFacts, similarity: float, alike: Alike | None = None) -> Verdict | None:
    """What two close texts are to each other by their figures, or ``None`` when the figures do not say.

    ``alike`` says how alike two figures' counted things are (``things_alike``), to pair several
    figures of one kind.
    """
    if similarity < CLOSE or not a.facts or not b.facts:
        return None
    if not same_equipment(designators(a.text), designators(b.text)):
        return None  # other equipment: "cinq chars T-90" is not "five T-72B3"
    by_kind: dict[tuple[str, str], tuple[list[Fact], list[Fact]]] = defaultdict(lambda: ([], []))
    for fact in a.facts:
        by_kind[_key(fact)][0].append(fact)
    for fact in b.facts:
        by_kind[_key(fact)][1].append(fact)
    agreed: list[tuple[Fact, Fact, str]] = []
    disputed: list[tuple[Fact, Fact]] = []
    unpaired = False
    for first, second in by_kind.values():
        if (len(first) > 1 or len(second) > 1) and not _named_alike(first, second):
            # "5 tanks and 7 helicopters" / "7 chars et 5 hélicoptères": values alone cannot say
            # which figure is which; what each counts can (by ``alike``), or a designator
            paired = _by_things(first, second, alike)
            if paired is None:
                return None
            if paired == "same":  # one thing counted by every figure: the values pair them
                pairs, unmatched = _by_values(first, second)
                agreed += pairs
                if len(unmatched[0]) == 1 and len(unmatched[1]) == 1:
                    disputed.append((unmatched[0][0], unmatched[1][0]))
                elif unmatched[0] or unmatched[1]:
                    return None
                continue
            for fact, other in paired:
                compatible, _, why = compare_values(fact, other)
                if compatible:
                    agreed.append((fact, other, why))
                else:
                    disputed.append((fact, other))
            continue
        pairs, (alone, left) = _by_values(first, second)
        agreed += pairs
        if len(alone) == 1 and len(left) == 1:
            disputed.append((alone[0], left[0]))  # the one figure of this kind each states besides: in dispute
        elif alone or left:
            unpaired = True  # a figure the other does not state: more, or other, facts than a restatement
    if disputed:
        return _contradiction(*disputed[0], similarity)
    if unpaired or not agreed or _unread(a) != _unread(b):
        return None  # a figure only one states, or numbers no rule read that differ ("2-0" / "4-0")
    if any(
        _unnamed(x, b) or _unnamed(y, a) or _other_names(x, a.text, y, b.text) or _other_models(x, y)
        for x, y, _ in agreed
    ):
        return None  # "18 HIMARS" / "18 lance-roquettes M270": the same figure of another thing
    fact, other, why = agreed[0]
    rule = why.format(shown=_shown(fact, other))
    return Verdict(
        "duplicate",
        f"restates: {rule} (similarity {similarity:.2f})",
        detail={"rule": rule, "a_fact": span_of(fact), "b_fact": span_of(other), "similarity": round(similarity, 3)},
    )


_DIGIT = re.compile(r"\d")


def unchecked(a: str, b: str) -> bool:
    """Whether two texts give nothing the figures could check: no figure read, and no digit either.

    A digit no rule read ("Mach 2.8" / "Mach 8,2") may be the very figure in dispute: two such
    texts are never called the same on their closeness alone.
    """
    return not (_DIGIT.search(a) or _DIGIT.search(b))


def decide(by_words: Verdict | None, by_meaning: Verdict | None, *, across: bool) -> Verdict | None:
    """Two close texts' verdict from the wording rules' (``judge.verdict``) and the restatement's.

    In one language the wording rules go first: they align figures by what is counted and the
    event, and the restatement speaks only where they say nothing. Across languages they cannot
    align by words ("ударных" is not "Mi-24P"): an agreement of theirs on one figure may leave
    the others unaligned ("в марте 2022 года ... четыре" / "two ... in March 2022"), so the
    restatement decides, and the wording rules add only a dispute they found.
    """
    if not across:
        return by_words or by_meaning
    if by_meaning is not None:
        return by_meaning
    return by_words if by_words is not None and by_words.kind == "contradiction" else None
