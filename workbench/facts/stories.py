"""Stories: the sources about one event, found from their words and their dates.

Two sources are about one story when their headlines and opening paragraphs share at least
``SHARED`` of their ``TOP`` most distinctive words (tf × idf over the store: a word every source
uses says nothing) and they were published within ``WINDOW_DAYS`` of each other (undated
sources are not held to the window, and neither are two that share half their words: dates
on news pages are often a crawl date). A word distinctive for more than ``TOPICAL`` sources
names a topic that recurs all year: it links each of them only to its ``NEAR`` neighbours in
time, which keeps the grouping linear in the store (a chain of neighbours still makes one
story of a long-running event). Stories are the connected groups of that relation, and
a source left alone, or two linked only to each other, join the story whose common words they
share (``_adopt``); a
reviewer can move, split and merge them (``workbench.stories``), and what they decide stands
over the grouping (``resolve``). Matching stays inside a story unless asked to go across
(``--across-stories``): two figures from different events are two facts, whatever they count.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from workbench.facts.lexicon import STOPWORDS
from workbench.ingest.document import opens_with
from workbench.sql import SOURCE, STORY

#: How many of a source's most distinctive words are compared.
TOP = 20
#: How many of them two sources must share to be about one story.
SHARED = 4
#: Most days between two sources of one story: follow-ups of one event come within a season.
WINDOW_DAYS = 90
#: How many of a story's common words a source that no other links to must share to join it.
JOIN = 3
#: Most sources a group linked only among themselves may hold and still join a larger story (``_adopt``).
SMALL = 2
#: Two sources sharing half their distinctive words are one story whatever their dates say: a
#: page's publication date is often its crawl date or a later update.
CERTAIN = TOP // 2
#: Most sources a word may be distinctive for and still link each of them to every other: a word
#: among the distinctive words of more sources than this names a topic ("election", "ukraine")
#: rather than one event, and linking by it every pair would cost the square of its sources.
TOPICAL = 100
#: How many sources on each side in time a topic's word links a source to: the reports of one
#: event come close together, a topic recurs all year.
NEAR = 10
#: How much of the text, besides the title, is read: the opening paragraphs say what a story is.
LEAD = 4000
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class Lead:
    """What the grouping reads of a source."""

    id: int
    title: str | None
    text: str
    published: str | None


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def _read(source: Lead) -> str:
    """The title and the opening of the text, the title once: a text that starts with its headline has it already."""
    opening = source.text[: LEAD + len(source.title or "")]
    if not source.title or opens_with(opening, source.title):
        return opening
    return f"{source.title} {source.text[:LEAD]}"


def group(sources: Sequence[Lead]) -> dict[int, int]:
    """Each source's story: the smallest source id of its group."""
    # counted and ranked at C speed where it can be (a store's every source is read each run):
    # words counted by ``Counter`` over a list, stopwords taken out after, each word's idf worked
    # out once, and the ranking a sort of plain tuples rather than a key function per word
    counts = [Counter(map(str.lower, _WORD.findall(_read(s)))) for s in sources]
    for c in counts:
        for w in STOPWORDS.intersection(c):
            del c[w]
    frequency: Counter[str] = Counter()
    for c in counts:
        frequency.update(c.keys())
    total = len(sources)
    idf = {w: math.log(total / n) for w, n in frequency.items() if n > 1}
    # tf × idf over words some other source uses too: a word no other source has links nothing
    tops = [{w for _, w in sorted([(-n * idf[w], w) for w, n in c.items() if w in idf])[:TOP]} for c in counts]
    days = [_day(s.published) for s in sources]
    postings = _postings(tops, days)
    parent = list(range(total))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, top in enumerate(tops):
        shared: Counter[int] = Counter(j for w in top for j in postings[w].near(i) if j > i)
        for j, count in shared.items():
            if count < SHARED:
                continue
            first, second = days[i], days[j]
            apart = first is not None and second is not None and abs(first - second) > WINDOW_DAYS
            if apart and count < CERTAIN:
                continue  # a page's date is often wrong: only words shared this widely outweigh it
            parent[find(i)] = find(j)
    _adopt(tops, days, parent, find)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(total):
        members[find(i)].append(sources[i].id)
    story_of: dict[int, int] = {}
    for ids in members.values():
        story_of.update(dict.fromkeys(ids, min(ids)))
    return story_of


@dataclass(slots=True)
class _Posting:
    """The sources holding one word among their distinctive ones; for a topic's word, its dated ones by date."""

    sources: list[int]
    position: dict[int, int]
    topical: bool

    def near(self, source: int) -> list[int]:
        """The sources the word links ``source`` to: all of them, or for a topic its neighbours in time.

        An undated source has no neighbours in time: a topic's word links it to nothing (its
        other words still may).
        """
        if not self.topical:
            return self.sources
        at = self.position.get(source)
        return [] if at is None else self.sources[max(0, at - NEAR) : at + NEAR + 1]


def _postings(tops: list[set[str]], days: list[int | None]) -> dict[str, _Posting]:
    """Each word's sources; a topic's dated ones in order of date, so that its word links neighbours in time."""
    held: dict[str, list[int]] = defaultdict(list)
    for i, top in enumerate(tops):
        for w in top:
            held[w].append(i)
    postings = {}
    for word, sources in held.items():
        if len(sources) <= TOPICAL:
            postings[word] = _Posting(sources, {}, False)
            continue
        dated = sorted((i for i in sources if days[i] is not None), key=lambda i: (days[i], i))
        postings[word] = _Posting(dated, {source: p for p, source in enumerate(dated)}, True)
    return postings


def _adopt(tops: list[set[str]], days: list[int | None], parent: list[int], find: Callable[[int], int]) -> None:
    """A source no other links to, or a group of ``SMALL`` at most, joins the larger story it shares common words with.

    A story's common words are those two or more of its sources hold among their distinctive
    ones: what the story is about, whichever source tells it. A lone source that says ``JOIN``
    of them (a short report, an opinion piece on the event) belongs with them, and so do two
    sources linked only to each other when each says ``JOIN`` of them: two late reports of one
    event may share an angle of their own besides the story's words, and are no story of their own
    for that.
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(tops)):
        groups[find(i)].append(i)
    held_by: dict[str, list[int]] = defaultdict(list)
    for root, members in groups.items():
        if len(members) > 1:
            held = Counter(w for i in members for w in tops[i])
            for word, count in held.items():
                if count > 1:
                    held_by[word].append(root)
    common = {word: roots for word, roots in held_by.items() if len(roots) <= TOPICAL}  # topics, not events
    dated: dict[int, list[int]] = {}  # a story's dates, in order, read when a source may join it
    for root, members in list(groups.items()):
        if len(members) > SMALL:
            continue
        shared = _shared(members, tops, common, groups)
        for story, count in sorted(shared.items(), key=lambda found: (-found[1], found[0])):  # ties: the oldest
            if count < JOIN:
                break
            if story not in dated:
                dated[story] = sorted(d for i in groups[story] if (d := days[i]) is not None)
            if all(_near(days[m], dated[story]) for m in members):
                parent[root] = story
                break


def _shared(
    members: list[int], tops: list[set[str]], common: dict[str, list[int]], groups: dict[int, list[int]]
) -> Counter[int]:
    """How many of each larger story's common words every one of ``members`` holds (the fewest of them)."""
    each = [
        Counter(story for w in tops[m] for story in common.get(w, ()) if len(groups[story]) > len(members))
        for m in members
    ]
    return Counter({story: min(counts[story] for counts in each) for story in each[0]})


def _near(day: int | None, dated: list[int]) -> bool:
    """Within ``WINDOW_DAYS`` of a story's dated sources (in order), or undated on either side."""
    if day is None or not dated:
        return True
    at = bisect_left(dated, day)  # the nearest dates are the two either side of it
    return any(abs(day - d) <= WINDOW_DAYS for d in dated[max(0, at - 1) : at + 1])


def resolve(connection: Connection, leads: Sequence[Lead] | None = None) -> dict[int, int]:
    """Each source's story in the store: the automatic grouping, with reviewers' assignments over it.

    An assigned source leaves its automatic story and joins its anchor's (a source anchored to
    itself starts a story of its own, labelled by its id); the other sources are grouped as
    ``group`` groups them, among themselves. ``leads`` are every source's, when the caller has
    read them already (the texts are the store's largest read).
    """
    if leads is None:
        columns = select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.text, SOURCE.c.published_at)
        leads = [Lead(r.id, r.title, r.text, r.published_at) for r in connection.execute(columns)]
    anchors = {row.source_id: row.anchor for row in connection.execute(select(STORY.c.source_id, STORY.c.anchor))}
    automatic = group([lead for lead in leads if lead.id not in anchors])

    def story(source: int) -> int:
        seen: set[int] = set()
        while source in anchors and anchors[source] != source and source not in seen:
            seen.add(source)
            source = anchors[source]
        return source if source in anchors else automatic.get(source, source)

    return {lead.id: story(lead.id) for lead in leads}
