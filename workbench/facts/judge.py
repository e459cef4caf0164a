"""Two claims compared by their facts: duplicate, contradiction, or nothing to suggest.

Every pair of facts of the two claims is aligned (``workbench.facts.align``). A figure both
claims state is matched, and not also held in dispute with another figure of the other claim;
a contradiction found among the rest wins over an agreement, since one disputed figure is what
a reviewer must see.
Two claims that one source states are held in dispute only when their figures count one thing
in one event of one named party ("two combat helicopters" delivered to Mali by Russia, "four"):
one writer giving two figures of one kind is far more often naming two things (two rockets'
thrust, two players' runs).
These rules read the whole sentences, because what makes two figures one fact or two is often
said outside their clauses:

- **different names** (held against a contradiction only): each sentence names people or
  places the other does not, as many as the two share or more (unless the two figures are one
  growing toll, a ``revised`` contradiction: the names beside a running count say who else the
  sentence speaks of), or each figure's clause names someone the other sentence never mentions
  ("kills 49 people in Orlando" / "killed 59 people in Las Vegas"): two events;
- **one clock time in two zones**: both claims give one local time, and in UTC they differ
  ("11:36 a.m. (0336 GMT)" / "11:36 a.m. PST", 19:36 GMT): a ``unit`` contradiction;
- **the parts added up**: two exact counts one sentence gives of one event, of different
  severities or things ("4 seriously injured while 20 others slightly hurt"), are compared as
  their sum (24) with the other's figures ("25 people were injured");
- **a figure agreed on joins the others**: when the two sentences agree on one figure ("at the
  end of 2016"), it counts as a word they share for their other figures' alignment, and the
  names each gives besides no longer part them ("four hours into the 11-hour flight", said on
  Twitter, / "four hours into an 11-and-a-half hour journey" from Los Angeles to Tokyo);
- **different times** (likewise): besides the figures compared, the sentences are dated to
  different years, or one is dated a year or more before it was published while the other is
  not dated at all: background ("In November 2009, ... killing 13 people") against today's news;
- **bare tolls** (likewise): two counts joined by their event word alone, in sentences sharing
  no other word or name ("Twelve people and 70 wounded." / "... were injured in Las Vegas");
- **one event dated two ways**: each sentence states one year and nothing else, and both name
  exactly the same people and places ("Harambe ... to the Cincinnati Zoo in 2014" / "Harambe
  came to Cincinnati in 2015 from the Gladys Porter Zoo ...").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from store.vocabulary import Aspect
from workbench.facts.align import Alignment, align, compare_values, describe, dimension
from workbench.facts.model import Fact
from workbench.figures import figure
from workbench.matching.rules import Verdict

_DATE_KINDS = frozenset({"year", "date", "time"})


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the matcher needs of a claim: its facts, the names it gives, when and where it was said."""

    id: int
    text: str
    facts: tuple[Fact, ...]
    names: frozenset[str] = frozenset()
    #: Publication year of its earliest dated source, if known.
    year: int | None = None
    sources: frozenset[int] = frozenset()
    stories: frozenset[int] = frozenset()
    boilerplate: bool = False
    #: What is worked out once per claim while judging (its ``frame``, its words); not part of what
    #: it is. A copy with other facts or names (``dataclasses.replace``) must be given a new one.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def _years(claim: ClaimFacts, besides: Fact, *, stated: bool = False, since: bool = False) -> set[int]:
    """The years a claim's sentence is dated to, leaving out the fact compared (and relative dates if ``stated``).

    A year a running count starts from ("since 2009") dates a comparison, not the news, unless
    ``since`` asks only whether the sentence names a year at all.
    """
    found: set[int] = set()
    for fact in claim.facts:
        if fact is besides or fact.low is None or fact.high is None or (fact.total and not since):
            continue  # "the lowest level since Nov. 13" dates a comparison, not the news
        if stated and fact.relative:
            continue
        if fact.kind == "year":
            found.add(int(fact.low))
        elif fact.kind == "date":
            found.update({date.fromordinal(int(fact.low)).year, date.fromordinal(int(fact.high)).year})
    return found


def _different_times(a: ClaimFacts, b: ClaimFacts, pair: Alignment) -> str | None:
    years_a, years_b = _years(a, pair.a), _years(b, pair.b)
    if years_a and years_b and not years_a & years_b:
        return f"different times: {', '.join(map(str, sorted(years_a)))} / {', '.join(map(str, sorted(years_b)))}"
    # "since 2009" in the other sentence is no undated news: it speaks of the same years
    named_a, named_b = _years(a, pair.a, since=True), _years(b, pair.b, since=True)
    for dated, years, others in ((a, years_a, named_b), (b, years_b, named_a)):
        if years and not others and dated.year and max(years) < dated.year:
            return f"one is about {max(years)}, the other undated news"
    return None


def _dated_apart(a: ClaimFacts, b: ClaimFacts, pair: Alignment) -> bool:
    """Both sentences are dated, by dates they state outright, and to different years."""
    years_a, years_b = _years(a, pair.a, stated=True), _years(b, pair.b, stated=True)
    return bool(years_a and years_b and not years_a & years_b)


def _unmatched(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """The claim states a figure besides a year that the other claim gives nowhere: what happened."""
    return any(
        f.kind != "year" and not any(g.kind == f.kind and g.value == f.value for g in other.facts) for f in claim.facts
    )


def _telling(agreements: list[Alignment], a: ClaimFacts, b: ClaimFacts) -> list[Alignment]:
    """The agreements that make two claims one: not a common figure of two different happenings.

    - **dated apart**: a figure that is not precise ("3 Igla launchers"), said in sentences dated
      to different years ("in October 2022" / "on 10 April 2019"), is two deliveries; a precise
      one ("$284.46") is one fact however the sentences are dated;
    - **only the year**: two sentences that agree on nothing but a year, each stating another
      figure the other does not ("140 jammers ... in 2015" / "313 soldiers ... in 2015"), tell
      of two things that happened that year;
    - **named apart, outside a story**: a story gathers reports of one event, which outlets name
      each in their own way; two claims in no story together that name different people or
      places ("12 militants at the Rukelé air base" / "12 militants in Toumoko") are two events
      unless the figure they share is precise.
    """
    kept = [p for p in agreements if (p.a.specific and p.b.specific) or not _dated_apart(a, b, p)]
    if not (a.stories & b.stories) and _different_names(a, b):
        kept = [p for p in kept if p.a.specific and p.b.specific]
    if kept and all(p.a.kind == "year" for p in kept) and _unmatched(a, b) and _unmatched(b, a):
        return []
    return kept


_PUNCTUATION = re.compile(r"[^\w<>]+")


def frame(claim: ClaimFacts) -> str:
    """What a claim says around its figures: its words, lower case, each figure put as its kind and what it counts.

    "A drone strike hit 9 BTR-82A carriers in 2017" → "a drone strike hit <count carrier> in <year>".
    What a figure counts is often inside its span ("264 trucks"): left out, "264 trucks were
    unloaded at Gao" and "106 helicopters were unloaded at Gao" would read as one statement.
    """
    cached = claim.extra.get("frame")
    if cached is None:
        parts, at = [], 0
        for fact in sorted(claim.facts, key=lambda f: f.start):
            if fact.start >= at:
                counted = f" {fact.lemma}" if fact.lemma else ""
                parts += [claim.text[at : fact.start], f" <{fact.kind}{counted}> "]
                at = fact.end
        parts.append(claim.text[at:])
        cached = claim.extra["frame"] = " ".join(_PUNCTUATION.sub(" ", "".join(parts).lower()).split())
    return str(cached)


def _reworded(a: ClaimFacts, b: ClaimFacts) -> list[Alignment]:
    """Figures two claims state in the very same words, where the figures differ.

    "An explosion damaged 12 ageing BTR-82A carriers at Vitouvi airport in 2023, the 94th Group
    said" / "... damaged 29 ageing ...": one statement told with two figures, whatever its verb
    (most event words are in no lexicon) — a copy of one report updated, or two reports of one
    thing. Each figure is set against the one in its place. A sentence written again for
    another time ("40 million tonnes in 2019" / "45 million tonnes in 2021") is two years'
    figures, not one in dispute: the dates in their places must agree.
    """
    if len(a.facts) != len(b.facts) or not a.facts or a.text == b.text or frame(a) != frame(b):
        return []
    found = []
    for fa, fb in zip(sorted(a.facts, key=lambda f: f.start), sorted(b.facts, key=lambda f: f.start), strict=True):
        if fa.kind != fb.kind or dimension(fa)[0] != dimension(fb)[0]:
            return []
        compatible, conflict, why = compare_values(fa, fb)
        if compatible:
            continue
        if fa.kind in _DATE_KINDS:
            return []  # then and now
        found.append(Alignment("contradiction", why + " (the same words around them)", fa, fb, conflict))
    return found


#: Fewest names two sentences must both give, and nothing else, to be one event dated two ways.
SAME_NAMES = 3


def _redated(a: ClaimFacts, b: ClaimFacts) -> list[Alignment]:
    """One event, the very same people and places, dated to two years.

    "Harambe was born at the Gladys Porter Zoo in Brownsville, Texas, and was transported to the
    Cincinnati Zoo in 2014" / "Harambe came to Cincinnati in 2015 from the Gladys Porter Zoo in
    Brownsville, Texas": each sentence states one year and nothing else, and they name the same
    ``SAME_NAMES`` or more and no other; most event words are in no lexicon, and sentences that
    name exactly the same parties and one year each tell one event (a sentence naming another
    place or person besides is left alone: born there, moved here).
    """
    if len(a.facts) != 1 or len(b.facts) != 1 or a.names != b.names or len(a.names) < SAME_NAMES:
        return []
    if frame(a) == frame(b):
        return []  # the very same sentence for another year: a recurring event ("won Wimbledon in 2007")
    [fa], [fb] = a.facts, b.facts
    if fa.kind != "year" or fb.kind != "year" or fa.relative or fb.relative or fa.total or fb.total:
        return []
    compatible, conflict, why = compare_values(fa, fb)
    if compatible:
        return []
    said = ", ".join(sorted(a.names)[:3])
    return [Alignment("contradiction", why + f" (one event: the same names, {said})", fa, fb, conflict)]


def _bare(pair: Alignment, a: ClaimFacts, b: ClaimFacts) -> bool:
    """Two counts joined by their event alone, in sentences that share no other word or name.

    "Twelve people and 70 wounded." (a line of a list of past shootings) / "more than 500 were
    injured ... in Las Vegas": an event word is said of too many events to make two bare tolls
    one; a word or name the sentences share besides ("left at least 50 dead ... music
    festival" / "at least 59 are dead ... at a music festival") does.
    """
    fa, fb = pair.a, pair.b
    if fa.kind != "count" or (fa.lemma and fb.lemma):
        return False  # a sum, a share or a length in dispute is rarer than a toll: its event suffices
    if set(fa.context) & set(fb.context) or set(fa.entities) & set(fb.entities):
        return False
    return not _words(a) & _words(b)


def _words(claim: ClaimFacts) -> frozenset[str]:
    """The names and the clause words of a claim's figures: what its sentence says besides figures."""
    cached = claim.extra.get("words")
    if cached is None:
        cached = claim.extra["words"] = frozenset({*claim.names, *(w for f in claim.facts for w in f.context)})
    return frozenset(cached)


def _names_apart(pair: Alignment, a: ClaimFacts, b: ClaimFacts) -> bool:
    """Each figure's clause names someone or somewhere the other sentence never mentions."""
    mine, theirs = set(pair.a.entities), set(pair.b.entities)
    return bool(mine and theirs and not mine & b.names and not theirs & a.names)


def _one_event(pair: Alignment, a: ClaimFacts, b: ClaimFacts) -> bool:
    """One event of one thing of a party both sentences name: what a source's own two figures need."""
    fa, fb = pair.a, pair.b
    same_thing = bool(fa.lemma and fb.lemma and (fa.lemma == fb.lemma))
    return bool(fa.predicate and fa.predicate == fb.predicate and same_thing and a.names & b.names)


def _different_names(a: ClaimFacts, b: ClaimFacts) -> str | None:
    only_a, only_b = a.names - b.names, b.names - a.names
    if only_a and only_b and len(a.names & b.names) <= min(len(only_a), len(only_b)):
        return f"different names: {', '.join(sorted(a.names)[:3])} / {', '.join(sorted(b.names)[:3])}"
    return None


def _names_part(pair: Alignment, a: ClaimFacts, b: ClaimFacts) -> bool:
    """The sentences' names part two figures, unless the two are one growing toll told at two moments.

    A toll that grows, of one thing and one event ("more than 2,000 people signed a petition",
    "almost 300,000 people have signed"), is one running count: the names each sentence gives
    besides ("on Change.org", "for justice for Harambe") say who else it speaks of, not that
    there were two petitions. The toll must be of one thing, or the sentences share a name: a
    list of past shootings ("Sandy Hook: 26 killed") gives other events' tolls. A toll of another
    event is parted still when its own clause names it ("killed 49 people in Orlando",
    ``_names_apart``) or dates it (``_different_times``).
    """
    if _different_names(a, b) is None:
        return False
    if pair.conflict != "revised":
        return True
    # a toll told of nothing both name ("Virginia Tech: 32 killed" / "at least 59 are dead ...
    # in Las Vegas") is another event's toll, not this one's grown
    return not (a.names & b.names or (pair.a.lemma and pair.a.lemma == pair.b.lemma))


def aspect_of(fact: Fact) -> Aspect:
    """What a contradiction over this fact is about: a date (years, dates, times) or a quantity."""
    return "date" if fact.kind in _DATE_KINDS else "quantity"


def span_of(fact: Fact) -> dict[str, Any]:
    """A fact as a suggestion's detail names it: where it is in its claim, as written and as read."""
    return {"start": fact.start, "end": fact.end, "text": fact.text, "value": describe(fact), "kind": fact.kind}


def _in_utc(local: Fact, claim: ClaimFacts) -> Fact | None:
    """The UTC reading of a local time.

    Of the time itself ("11:36 a.m. PST"), or given right after it ("11:36 a.m. (0336 GMT)").
    """
    for fact in claim.facts:
        if fact.kind == "time" and fact.unit == "UTC" and 0 <= fact.start - local.start <= local.end - local.start + 3:
            return fact
    return None


def _zones_apart(a: ClaimFacts, b: ClaimFacts, agreements: list[Alignment]) -> list[Alignment]:
    """One clock time both claims give, put in different zones.

    "11:36 a.m. (0336 GMT)" and "11:36 a.m. PST" (19:36 GMT): each agreed local time is compared
    in UTC as each sentence gives it for that very time, never with another time of the sentence.
    """
    found = []
    for pair in agreements:
        if not (pair.a.kind == "time" and pair.a.unit == "local") or "range" in (pair.a.qualifier, pair.b.qualifier):
            continue  # a stretch of the day holds many times: no one time to set against another
        fa, fb = _in_utc(pair.a, a), _in_utc(pair.b, b)
        if fa is not None and fb is not None and fa.value != fb.value:
            found.append(Alignment("contradiction", "one local time both give, in UTC apart: {shown}", fa, fb, "unit"))
    return found


def _sums(claim: ClaimFacts) -> tuple[Fact, ...]:
    """The parts a sentence gives of one event, added up.

    "Four people were taken to hospital with serious injuries while 20 others were slightly
    hurt" says 24 were injured: the total another report gives ("25 people were injured") is
    compared with it. Two exact counts of one event, of different severities or different things.
    Worked out once per claim: a claim is judged against many.
    """
    cached = claim.extra.get("sums")
    if cached is None:
        cached = claim.extra["sums"] = tuple(_summed(claim))
    return tuple(cached)


def _summed(claim: ClaimFacts) -> list[Fact]:
    counts = [
        f
        for f in claim.facts
        if f.kind == "count" and f.predicate and f.qualifier == "exact" and f.value and not (f.total or f.part)
    ]
    found = []
    for i, x in enumerate(counts):
        for y in counts[i + 1 : i + 2]:  # neighbours only: "4 seriously ... 20 slightly"
            apart = x.severity != y.severity or (x.lemma and y.lemma and x.lemma != y.lemma)
            if x.predicate != y.predicate or not apart or x.value is None or y.value is None:
                continue
            total = x.value + y.value
            found.append(
                replace(
                    x,
                    end=y.end,
                    text=claim.text[x.start : y.end],
                    value=total,
                    low=total,
                    high=total,
                    severity=None,
                    counted=f"in all ({figure(x.value)} + {figure(y.value)})",
                    lemma=x.lemma if x.lemma == y.lemma else None,
                    context=tuple(sorted({*x.context, *y.context})),
                    entities=tuple(sorted({*x.entities, *y.entities})),
                )
            )
    return found


def _labels(claim: ClaimFacts) -> Mapping[str, AbstractSet[str]]:
    """The things a claim numbers ("batch 12"), by what they are: names with a space (``extract.labels``)."""
    cached = claim.extra.get("labels")
    if cached is None:
        found: dict[str, set[str]] = {}
        for name in claim.names:
            kind, _, number = name.partition(" ")
            if number:
                found.setdefault(kind, set()).add(number)
        cached = claim.extra["labels"] = {kind: frozenset(numbers) for kind, numbers in found.items()}
    return cast("Mapping[str, AbstractSet[str]]", cached)


def _other_labels(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Both claims number the same kind of thing, and no one of them in common: "batch 12" / "batch 40"."""
    mine, theirs = _labels(a), _labels(b)
    return any(kind in theirs and not numbers & theirs[kind] for kind, numbers in mine.items())


def verdict(a: ClaimFacts, b: ClaimFacts) -> Verdict | None:
    """The suggestion for two claims, or ``None`` when their facts say nothing of each other.

    Claims about two things numbered apart ("in batch 12" / "in batch 40") say nothing of each
    other, however alike their figures and words.
    """
    if (a.names or b.names) and _other_labels(a, b):
        return None
    pairs = [
        p
        for fa in a.facts
        for fb in b.facts
        if fa.kind == fb.kind  # figures of two kinds are never one fact: no need to ask
        if (p := align(fa, fb)) is not None and p.outcome != "distinct"
    ]
    # a sentence's parts added up, against the other's figures (not against its parts)
    summed = [(total, fb) for total in _sums(a) for fb in b.facts] + [
        (fa, total) for total in _sums(b) for fa in a.facts
    ]
    pairs += [
        p
        for fa, fb in summed
        if fa.severity is None and fb.severity is None
        if (p := align(fa, fb)) is not None and p.outcome != "distinct"
    ]
    agreements = [p for p in pairs if p.outcome == "agreement"]
    kept = _telling(agreements, a, b)
    if len(kept) < len(agreements):  # an agreement that tells nothing joins no other figures either
        pairs = [p for p in pairs if p.outcome != "agreement"] + kept
        agreements = kept
    if agreements:
        # the sentences agree on a figure ("at the end of 2016"): that joins their other figures
        # as a word in common would ("$32.6 billion" / "$31.2 billion" of foreign earnings)
        aligned = {(id(p.a), id(p.b)) for p in pairs}
        matched_now = {id(f) for p in agreements for f in (p.a, p.b)}
        pairs += [
            p
            for fa in a.facts
            if id(fa) not in matched_now
            for fb in b.facts
            if id(fb) not in matched_now and (id(fa), id(fb)) not in aligned
            if (p := align(fa, fb, support=1)) is not None and p.outcome == "contradiction"
        ]
    # a figure the other claim states too is matched: it is not also in dispute with another of its figures
    # ("15.5 percent for cash and 8 percent for other assets", said twice, is no 15.5 / 8 contradiction)
    matched = {id(f) for p in agreements for f in (p.a, p.b)}
    # one source giving two figures mostly names two things ("2.9 million pounds of thrust" for one
    # rocket, "5.1 million" for another): it is held to dispute itself only on one event of one
    # thing of one named party
    own = bool(a.sources & b.sources)
    contradictions = [
        p
        for p in pairs
        if (not own or _one_event(p, a, b))
        if p.outcome == "contradiction"
        and id(p.a) not in matched
        and id(p.b) not in matched
        and not (_names_apart(p, a, b) or (not agreements and _names_part(p, a, b)) or _different_times(a, b, p))
        and not _bare(p, a, b)
    ]  # two events, or then and now: not one fact in dispute
    if not own:  # one source giving one time in two zones is read in the source itself
        contradictions += _zones_apart(a, b, agreements)
    # the same words around two figures: in dispute whatever the verb (after the rules that say
    # why), unless a figure is matched or the times differ; one source's own repeated sentence
    # with other figures is more often a table of years or places than a dispute
    said = {(id(p.a), id(p.b)) for p in contradictions}
    contradictions += [
        p
        for p in ([] if own else _reworded(a, b) + _redated(a, b))
        if (id(p.a), id(p.b)) not in said
        and id(p.a) not in matched
        and id(p.b) not in matched
        and not _different_times(a, b, p)
    ]
    best = contradictions[0] if contradictions else agreements[0] if agreements else None
    if best is None:
        return None
    detail: dict[str, Any] = {"rule": best.reason, "a_fact": span_of(best.a), "b_fact": span_of(best.b)}
    same_kind = contradictions if best.outcome == "contradiction" else agreements
    others = [p for p in same_kind[1:] if p.a.start != best.a.start or p.b.start != best.b.start]
    if others:  # every figure the two dispute (or agree on), not only the one shown
        detail["also"] = [
            {"a_fact": span_of(p.a), "b_fact": span_of(p.b), "rule": p.reason}
            | ({"conflict": p.conflict} if p.outcome == "contradiction" else {})
            for p in others
        ]
    if best.outcome == "contradiction":
        detail["conflict"] = best.conflict
        reason = f"{best.conflict} contradiction: {best.reason}"
        return Verdict("contradiction", reason, aspect_of(best.a), detail)
    return Verdict("duplicate", f"agree: {best.reason}", detail=detail)


def explain(a: ClaimFacts, b: ClaimFacts) -> list[Alignment]:
    """Every aligned pair of facts of two claims, distinct ones included: what ``verdict`` weighed."""
    return [pair for fa in a.facts for fb in b.facts if (pair := align(fa, fb)) is not None]
