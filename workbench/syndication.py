"""Reprints: sources that carry the same wire copy, near-identical or lightly edited.

Texts are compared by their 5-word shingles. A pair is syndicated when at least half of the
shorter text's shingles appear in the other (its *containment*): a wire story trimmed to a few
paragraphs, or with a local paragraph added, still shares most of its wording, while two
outlets reporting the same event in their own words share almost none (measured on the
development news clusters: independent reports of one event rarely reach 5 %). Revisions of one
article are not reprints of each other. The earlier published is the original; when dates do
not tell, the one imported first.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store, audit
from store.audit import Change, EventDraft, canonical, snapshot
from store.clock import now_iso
from workbench.access import writing
from workbench.groups import Groups
from workbench.models import SyndicationRead
from workbench.read.sources import source_labels
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import SOURCE_RELATION as _RELATION

#: Words per shingle: long enough that shared shingles mean shared sentences, not phrases.
SHINGLE_WORDS = 5
#: Share of the shorter text's shingles found in the other for a pair to be reprints.
MIN_CONTAINMENT = 0.5
#: Fewest shared shingles (about a paragraph): a line or two in common is a quote or boilerplate.
MIN_SHARED = 20
#: Shingles found in more sources than this are counted only against the first source holding
#: them, not between every two: a story reprinted by hundreds of outlets is linked to its first
#: copy (and so grouped) without comparing every pair of reprints, and boilerplate (bylines,
#: cookie notices) stays far below ``MIN_SHARED`` for any pair.
MAX_POSTINGS = 50

_WORDS = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """Hashes of the text's overlapping 5-word sequences (lower case)."""
    words = _WORDS.findall(text.lower())
    return {hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _earlier(a: Any, b: Any) -> tuple[Any, Any, str]:
    """(original, reprint, basis): by publication date at the precision both share, else import order."""
    if a.published_at and b.published_at:
        width = min(len(a.published_at), len(b.published_at), 19)
        first, second = a.published_at[:width], b.published_at[:width]
        if first != second:
            return (a, b, "published") if first < second else (b, a, "published")
    return (a, b, "import order") if a.id < b.id else (b, a, "import order")


def detect(connection: Connection) -> list[tuple[int, int, float, dict[str, Any]]]:
    """(original, reprint, score 0–100, detail) for every syndicated pair among the stored sources."""
    sources = list(
        connection.execute(
            select(_SOURCE.c.id, _SOURCE.c.text, _SOURCE.c.published_at, _SOURCE.c.revision_of).order_by(_SOURCE.c.id)
        )
    )
    lineage = Groups((s.id, s.revision_of) for s in sources if s.revision_of is not None)
    sets = {s.id: shingles(s.text) for s in sources}
    postings: dict[int, list[int]] = defaultdict(list)
    for source_id, hashes in sets.items():
        for h in hashes:
            postings[h].append(source_id)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) <= 1:
            continue
        if len(ids) <= MAX_POSTINGS:
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    shared[(a, b)] += 1
        else:  # boilerplate, or a story reprinted widely: count it once per source, against the first
            for b in ids[1:]:
                shared[(ids[0], b)] += 1
    by_id = {s.id: s for s in sources}
    found = []
    for (a, b), count in shared.items():
        if count < MIN_SHARED or lineage.find(a) == lineage.find(b):
            continue
        containment = count / min(len(sets[a]), len(sets[b]))
        if containment < MIN_CONTAINMENT:
            continue
        original, reprint, basis = _earlier(by_id[a], by_id[b])
        jaccard = count / len(sets[a] | sets[b])
        detail = {
            "containment": round(containment, 3),
            "jaccard": round(jaccard, 3),
            "shared": count,
            "original_by": basis,
        }
        found.append((original.id, reprint.id, round(100 * containment, 1), detail))
    return sorted(found, key=lambda f: (f[0], f[1]))


def run_syndication(*, store: Store, actor: str) -> list[SyndicationRead]:
    """Detect reprints among all sources and store new ``syndicated`` relations (one event each).

    Pairs already on file are kept as they are. Returns every syndicated relation.
    """
    with writing(store, actor) as (connection, actor):
        known = {
            frozenset((r.a, r.b))
            for r in connection.execute(select(_RELATION.c.a, _RELATION.c.b).where(_RELATION.c.kind == "syndicated"))
        }
        now = now_iso()
        rows = [
            {"a": a, "b": b, "kind": "syndicated", "score": score, "detail": canonical(detail), "created_at": now}
            for a, b, score, detail in detect(connection)
            if frozenset((a, b)) not in known
        ]
        if rows:
            inserted = connection.execute(
                insert(_RELATION).returning(_RELATION.c.id, sort_by_parameter_order=True), rows
            )
            drafts = []
            for values, relation_id in zip(rows, [r.id for r in inserted], strict=True):
                state = snapshot("source_relation", {"id": relation_id, **values})
                change = Change("source_relation", relation_id, None, state)
                drafts.append(EventDraft(actor=actor, action="source.syndicated", change=change))
            audit.append(connection, drafts, at=now)
        return read_syndication(connection)


def read_syndication(connection: Connection) -> list[SyndicationRead]:
    """Every syndicated relation, original first, with both sources' outlet and title."""
    rows = list(
        connection.execute(
            select(_RELATION).where(_RELATION.c.kind == "syndicated").order_by(_RELATION.c.id)
        ).mappings()
    )
    labels = source_labels(connection, {r["a"] for r in rows} | {r["b"] for r in rows})
    return [
        SyndicationRead(
            id=r["id"],
            original=r["a"],
            reprint=r["b"],
            score=r["score"],
            original_outlet=labels[r["a"]][0],
            reprint_outlet=labels[r["b"]][0],
            original_title=labels[r["a"]][1],
            reprint_title=labels[r["b"]][1],
            detail=json.loads(r["detail"]) if r["detail"] else {},
        )
        for r in rows
    ]
