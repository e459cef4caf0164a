"""How well a claim is corroborated: independent sources, open contradictions, a suggested credibility.

**Independent sources.** The claim's supporting evidence — anchored, on current revisions, and
including the evidence of claims confirmed as its duplicates — is grouped so that copies count
once: revisions of one article are one source; reprints of one wire story (``syndicated``
relations) are one source, attributed to the outlet of the original; and several articles from
one outlet are that outlet's reporting, once. The count is the number of distinct outlets left
(each group of unknown outlet counts on its own).

**Suggested credibility** on the Admiralty scale, the first rule that applies:

====  ===========================================================================================
 6    no anchored supporting evidence on a current revision (cannot be judged)
 5    a contradiction about it was resolved in favour of the other claim (improbable)
 4    an open (confirmed) contradiction, a source refuting it, or its only independent source
      graded D or E (doubtful)
 1    three or more independent sources, or two with one graded A or B (confirmed)
 2    two independent sources, or one graded A or B (probably true)
 3    one independent source graded C or F (possibly true)
====  ===========================================================================================

It is a suggestion: the reviewer sets the credibility.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from store.models import ClaimRelation, Evidence, Outlet, Source, SourceRelation, table
from workbench.groups import Groups

_SOURCE = table(Source)
_OUTLET = table(Outlet)
_EVIDENCE = table(Evidence)
_CLAIM_RELATION = table(ClaimRelation)
_SOURCE_RELATION = table(SourceRelation)

#: Admiralty reliability grades, best first; F (cannot be judged) ranks with C for credibility.
_RELIABLE = frozenset("AB")
_UNRELIABLE = frozenset("DE")
#: Above this many claims, read all evidence in one pass rather than by chunks of ids.
_ALL_AT_ONCE = 5000


@dataclass(frozen=True)
class Corroboration:
    """A claim's corroboration, and the credibility it suggests with the rule that decided it."""

    independent_sources: int = 0
    outlets: list[str] = field(default_factory=list)
    contradicted: bool = False
    suggested_credibility: int = 6
    credibility_rule: str = "no anchored supporting evidence on a current revision"
    duplicates: list[int] = field(default_factory=list)


def _credibility(
    independent: int, grades: list[str], *, contradicted: bool, refuted: bool, lost: bool
) -> tuple[int, str]:
    """The first rule of the table in the module docstring that applies, and its wording."""
    if independent == 0:
        return 6, "no anchored supporting evidence on a current revision"
    if lost:
        return 5, "a contradiction was resolved in favour of the other claim"
    if contradicted:
        return 4, "an open contradiction"
    if refuted:
        return 4, "a source refutes it"
    best = grades[0]  # grades sort best first: A … F
    if independent == 1 and best in _UNRELIABLE:
        return 4, f"one independent source, graded {best}"
    reliable = best in _RELIABLE
    if independent >= 3:
        return 1, f"{independent} independent sources"
    if independent == 2:
        return (1, "2 independent sources, one graded A or B") if reliable else (2, "2 independent sources")
    return (2, f"one independent source, graded {best}") if reliable else (3, f"one independent source, graded {best}")


def _evidence(connection: Connection, claim_ids: set[int]) -> list[Any]:
    """(claim_id, source_id, stance) of the claims' anchored evidence, in as few queries as sensible."""
    columns = select(_EVIDENCE.c.claim_id, _EVIDENCE.c.source_id, _EVIDENCE.c.stance).where(
        _EVIDENCE.c.anchor_status != "orphaned"
    )
    if len(claim_ids) > _ALL_AT_ONCE:
        return [r for r in connection.execute(columns) if r.claim_id in claim_ids]
    ids = sorted(claim_ids)
    rows: list[Any] = []
    for chunk in range(0, len(ids), 500):  # well under SQLite's limit of bound parameters
        rows += connection.execute(columns.where(_EVIDENCE.c.claim_id.in_(ids[chunk : chunk + 500])))
    return rows


@dataclass(frozen=True)
class Unit:
    """What a supporting source counts as: an outlet (or a lone group of copies), and its grade."""

    key: tuple[str, int]
    grade: str
    outlet: str | None
    #: The source is a reprint of another's wire copy (it counts as the original's outlet).
    reprint: bool


class Independence:
    """Which sources are copies of one another, and whose reporting each counts as.

    Revisions of an article are one text; reprints of a wire story (``syndicated`` relations)
    are one text too, attributed to the outlet of the original (the source in the group that
    reprints nothing). Everything else counts as its own outlet's reporting.
    """

    def __init__(self, connection: Connection) -> None:
        columns = select(_SOURCE.c.id, _SOURCE.c.outlet_id, _SOURCE.c.revision_of)
        self._sources = {r.id: r for r in connection.execute(columns)}
        #: Sources a newer revision replaced: their evidence no longer counts.
        self.superseded = {r.revision_of for r in self._sources.values() if r.revision_of is not None}
        self._outlets = {
            r.id: (r.name, r.reliability)
            for r in connection.execute(select(_OUTLET.c.id, _OUTLET.c.name, _OUTLET.c.reliability))
        }
        revisions = ((r.id, r.revision_of) for r in self._sources.values() if r.revision_of is not None)
        self._copies: Groups[int] = Groups(revisions)
        syndicated = _SOURCE_RELATION.c.kind == "syndicated"
        reprints = list(connection.execute(select(_SOURCE_RELATION.c.a, _SOURCE_RELATION.c.b).where(syndicated)))
        for original, reprint in reprints:
            self._copies.join(original, reprint)
        self._reprinted = {reprint for _, reprint in reprints}
        self._originals: dict[int, int] = {}
        for original, _ in reprints:
            if original not in self._reprinted:
                root = self._copies.find(original)
                self._originals[root] = min(self._originals.get(root, original), original)

    def unit(self, source_id: int) -> Unit:
        """The independent unit a source's evidence counts for."""
        root = self._copies.find(source_id)
        original = self._originals.get(root, source_id)
        outlet_id = self._sources[original].outlet_id if original in self._sources else None
        reprint = source_id in self._reprinted
        if outlet_id is None:
            return Unit(("copies", root), "F", None, reprint)
        name, grade = self._outlets[outlet_id]
        return Unit(("outlet", outlet_id), grade, name, reprint)


def corroborate(
    connection: Connection, claim_ids: Iterable[int], independence: Independence | None = None
) -> dict[int, Corroboration]:
    """The corroboration of each claim (see the module docstring for the rules)."""
    wanted = set(claim_ids)
    if not wanted:
        return {}
    independence = independence or Independence(connection)
    superseded = independence.superseded

    decided = _CLAIM_RELATION.c.status.in_(["confirmed", "resolved"])  # suggestions do not grade
    relations = list(
        connection.execute(
            select(
                _CLAIM_RELATION.c.a,
                _CLAIM_RELATION.c.b,
                _CLAIM_RELATION.c.kind,
                _CLAIM_RELATION.c.status,
                _CLAIM_RELATION.c.winner,
            ).where(decided)
        )
    )
    same = Groups((r.a, r.b) for r in relations if r.kind == "duplicate" and r.status == "confirmed")
    groups = same.members()
    open_sides: set[int] = set()
    losers: set[int] = set()
    for r in relations:
        if r.kind == "contradiction" and r.status == "confirmed":
            open_sides |= {r.a, r.b}
        elif r.kind == "contradiction" and r.status == "resolved" and r.winner in {"a", "b"}:
            losers.add(r.b if r.winner == "a" else r.a)

    families = {claim_id: set(groups.get(same.find(claim_id), ())) | {claim_id} for claim_id in wanted}
    every = set().union(*families.values()) if families else set()
    support: dict[int, set[int]] = defaultdict(set)
    refute: dict[int, set[int]] = defaultdict(set)
    for row in _evidence(connection, every):
        if row.source_id in superseded:
            continue
        if row.stance == "supports":
            support[row.claim_id].add(row.source_id)
        elif row.stance == "refutes":
            refute[row.claim_id].add(row.source_id)

    result = {}
    for claim_id, members in families.items():
        units: dict[tuple[str, int], str] = {}
        names: set[str] = set()
        cited = support.get(claim_id, set()) if len(members) == 1 else {s for m in members for s in support[m]}
        for source_id in cited:
            unit = independence.unit(source_id)
            units[unit.key] = unit.grade
            if unit.outlet is not None:
                names.add(unit.outlet)
        contradicted = bool(members & open_sides)
        credibility, rule = _credibility(
            len(units),
            sorted(units.values()),
            contradicted=contradicted,
            refuted=bool(refute.get(claim_id)) if len(members) == 1 else any(refute[m] for m in members),
            lost=bool(members & losers),
        )
        result[claim_id] = Corroboration(
            independent_sources=len(units),
            outlets=sorted(names),
            contradicted=contradicted,
            suggested_credibility=credibility,
            credibility_rule=rule,
            duplicates=sorted(members - {claim_id}),
        )
    return result
