"""Restatements across wordings and languages: the encoder finds them, the figures decide.

Two texts the sentence encoder puts close together (similarity at least ``CLOSE``) are about
the same thing in some way; whether they state the same fact is for their figures to say, since
"five tanks" and "fifty tanks" embed almost alike. What the wording rules of ``judge`` would
align by counted word and event ("chars" / "tanks", "livrés" / "delivered") is aligned here by
the closeness of the whole sentences, and figures are paired by kind and dimension alone:

- **a restatement** (``duplicate``): every figure of each text has one of the same kind and
  dimension in the other with a compatible value (``align.compare_values``), and where they name
  equipment designators both, they name one at least in common (T-72B3 = Т-72Б3, transliterated
  by the extractor); two or more figures of one kind are paired only when each counts a thing
  both name alike (a designator), since values alone cannot tell "5 tanks and 7 helicopters"
  from "7 chars et 5 hélicoptères";
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

import numpy as np

from workbench.extract import items
from workbench.facts.align import compare_values, describe, dimension
from workbench.facts.judge import ClaimFacts, aspect_of, span_of
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


def _by_things(first: list[Fact], second: list[Fact], alike: Alike | None) -> list[tuple[Fact, Fact]] | None:
    """Each figure with the other text's figure counting the most alike thing, if that pairs them one to one."""
    if alike is None or len(first) != len(second):
        return None
    paired = []
    for fact in first:
        scores = [alike(fact, other) for other in second]
        paired.append((fact, second[scores.index(max(scores))]))
    if len({id(other) for _, other in paired}) < len(paired):
        return None  # two figures most like one: no pairing to trust
    return paired


def _named_alike(first: list[Fact], second: list[Fact]) -> bool:
    """Whether two texts' figures of one kind each count a thing both name the same way (T-72B3, MI-17)."""
    mine, theirs = [f.lemma for f in first], [f.lemma for f in second]
    return len(set(mine)) == len(mine) and None not in mine and sorted(mine, key=str) == sorted(theirs, key=str)


def designators(text: str) -> set[str]:
    """The equipment a text names, by normalised key (T-72B3 and Т-72Б3 alike)."""
    return {d.key for d in items.find(text) if d.equipment}


def restatement(a: ClaimFacts, b: ClaimFacts, similarity: float, alike: Alike | None = None) -> Verdict | None:
    """What two close texts are to each other by their figures, or ``None`` when the figures do not say.

    ``alike`` says how alike two figures' counted things are (``things_alike``), to pair several
    figures of one kind.
    """
    if similarity < CLOSE or not a.facts or not b.facts:
        return None
    mine, theirs = designators(a.text), designators(b.text)
    if mine and theirs and not mine & theirs:
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
            for fact, other in paired:
                compatible, _, why = compare_values(fact, other)
                if compatible:
                    agreed.append((fact, other, why))
                else:
                    disputed.append((fact, other))
            continue
        left = list(second)
        alone = []
        for fact in first:
            match = _compatible(fact, left)
            if match is None:
                alone.append(fact)
                continue
            agreed.append((fact, *match))
            left.remove(match[0])
        if len(alone) == 1 and len(left) == 1:
            disputed.append((alone[0], left[0]))  # the one figure of this kind each states besides: in dispute
        elif alone or left:
            unpaired = True  # a figure the other does not state: more, or other, facts than a restatement
    if disputed:
        return _contradiction(*disputed[0], similarity)
    if unpaired or not agreed or _unread(a) != _unread(b):
        return None  # a figure only one states, or numbers no rule read that differ ("2-0" / "4-0")
    if any(_unnamed(x, b) or _unnamed(y, a) for x, y, _ in agreed):
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
