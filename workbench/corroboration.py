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

from sqlalchemy import Connection, or_, select

from store.vocabulary import Credibility, Reliability
from workbench.groups import Groups
from workbench.sql import (
    CREDIT,
    EVIDENCE,
    OUTLET,
    OUTLET_ALIAS,
    RELATION,
    SOURCE,
    SOURCE_RELATION,
    counted,
    name_key,
    rows_in,
)

#: Admiralty reliability grades that make one source count for more, or for less.
_RELIABLE: frozenset[Reliability] = frozenset({"A", "B"})
_UNRELIABLE: frozenset[Reliability] = frozenset({"D", "E"})
#: Above this many claims, read whole tables in one pass rather than following ids chunk by chunk.
_ALL_AT_ONCE = 5000


@dataclass(frozen=True)
class Corroboration:
    """A claim's corroboration, and the credibility it suggests with the rule that decided it."""

    independent_sources: int = 0
    outlets: list[str] = field(default_factory=list)
    contradicted: bool = False
    suggested_credibility: Credibility = 6
    credibility_rule: str = "no anchored supporting evidence on a current revision"
    duplicates: list[int] = field(default_factory=list)


def _credibility(
    independent: int, grades: list[Reliability], *, contradicted: bool, refuted: bool, lost: bool
) -> tuple[Credibility, str]:
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


#: Ids closer than this are read as one range of ids (``_runs``).
_GAP = 64
#: More ranges than this and the whole table is read in one pass instead.
_RANGES = 100


def _runs(ids: set[int]) -> list[tuple[int, int]]:
    """The ids as ranges (first, last) of ids less than ``_GAP`` apart, in order."""
    runs: list[tuple[int, int]] = []
    for claim_id in sorted(ids):
        if runs and claim_id - runs[-1][1] < _GAP:
            runs[-1] = (runs[-1][0], claim_id)
        else:
            runs.append((claim_id, claim_id))
    return runs


def _evidence(connection: Connection, claim_ids: set[int]) -> list[Any]:
    """(claim_id, source_id, stance) of the claims' anchored evidence, in as few queries as sensible.

    Many claims are read by ranges of ids (an export grades them 50,000 at a time, in order):
    reading the whole table for each such part read a million-claim store's evidence twenty
    times. Ids scattered over more than ``_RANGES`` ranges are read in one pass of the table.
    """
    columns = select(EVIDENCE.c.claim_id, EVIDENCE.c.source_id, EVIDENCE.c.stance).where(counted())
    if len(claim_ids) <= _ALL_AT_ONCE:
        return list(rows_in(connection, claim_ids, lambda part: columns.where(EVIDENCE.c.claim_id.in_(part))))
    runs = _runs(claim_ids)
    if len(runs) > _RANGES:
        return [r for r in connection.execute(columns) if r.claim_id in claim_ids]
    found: list[Any] = []
    for first, last in runs:
        rows = connection.execute(columns.where(EVIDENCE.c.claim_id.between(first, last)))
        found.extend(r for r in rows if r.claim_id in claim_ids)
    return found


@dataclass(frozen=True)
class Unit:
    """What a supporting source counts as: an outlet (or a lone group of copies), and its grade."""

    key: tuple[str, int | str]
    grade: Reliability
    outlet: str | None
    #: The source is a reprint of another's wire copy (it counts as the original's outlet).
    reprint: bool


class Independence:
    """Which sources are copies of one another, and whose reporting each counts as.

    Revisions of an article are one text; reprints of a wire story (``syndicated`` relations)
    are one text too, attributed to the outlet of the original (the source in the group that
    reprints nothing). Everything else counts as its own outlet's reporting.

    ``Independence(connection)`` reads every source, for whole-store work (exports);
    ``Independence.around(connection, ids)`` reads only the sources linked to ``ids`` by
    revisions and reprints, however far, which is all a few claims need.
    """

    def __init__(
        self, connection: Connection, sources: Iterable[Any] | None = None, reprints: Iterable[Any] = ()
    ) -> None:
        if sources is None:
            sources = connection.execute(select(SOURCE.c.id, SOURCE.c.outlet_id, SOURCE.c.revision_of))
            reprints = connection.execute(
                select(SOURCE_RELATION.c.a, SOURCE_RELATION.c.b).where(SOURCE_RELATION.c.kind == "syndicated")
            )
        self._sources = {r.id: r for r in sources}
        pairs = [(r[0], r[1]) for r in reprints]  # rows (a, b), or pairs
        #: Sources a newer revision replaced: their evidence no longer counts.
        self.superseded = {r.revision_of for r in self._sources.values() if r.revision_of is not None}
        wanted = {r.outlet_id for r in self._sources.values() if r.outlet_id is not None}
        outlets = select(OUTLET.c.id, OUTLET.c.name, OUTLET.c.reliability)
        found: Iterable[Any]
        if len(wanted) > _ALL_AT_ONCE:
            found = connection.execute(outlets)
        else:
            found = rows_in(connection, wanted, lambda part: outlets.where(OUTLET.c.id.in_(part)))
        self._outlets = {r.id: (r.name, r.reliability) for r in found}
        #: The agency each source's text credits (``workbench.wire``), for those that credit one.
        credited = select(CREDIT.c.source_id, CREDIT.c.agency).where(CREDIT.c.agency.is_not(None))
        rows: Iterable[Any]
        if len(self._sources) > _ALL_AT_ONCE:  # the whole store: one pass, not a query per chunk of ids
            rows = (r for r in connection.execute(credited) if r.source_id in self._sources)
        else:
            rows = rows_in(connection, list(self._sources), lambda part: credited.where(CREDIT.c.source_id.in_(part)))
        self._credits: dict[int, str] = {r.source_id: r.agency for r in rows}
        self._agencies = _agency_outlets(connection, set(self._credits.values()))
        revisions = ((r.id, r.revision_of) for r in self._sources.values() if r.revision_of is not None)
        self._copies: Groups[int] = Groups(revisions)
        for original, reprint in pairs:
            self._copies.join(original, reprint)
        self._reprinted = {reprint for _, reprint in pairs}
        self._originals: dict[int, int] = {}
        for original, _ in pairs:
            if original not in self._reprinted:
                root = self._copies.find(original)
                self._originals[root] = min(self._originals.get(root, original), original)

    @classmethod
    def around(cls, connection: Connection, source_ids: Iterable[int]) -> Independence:
        """The sources ``source_ids`` and every source linked to them by revisions and reprints."""
        seen: dict[int, Any] = {}
        #: Sources whose own links (revisions either way, reprints either way) have been followed:
        #: a source found as a newer revision of another must still be followed itself.
        expanded: set[int] = set()
        reprints: set[tuple[int, int]] = set()
        frontier = set(source_ids)
        columns = select(SOURCE.c.id, SOURCE.c.outlet_id, SOURCE.c.revision_of)
        links = select(SOURCE_RELATION.c.a, SOURCE_RELATION.c.b).where(SOURCE_RELATION.c.kind == "syndicated")
        while frontier:
            rows = list(
                rows_in(
                    connection,
                    frontier,
                    lambda part: columns.where(or_(SOURCE.c.id.in_(part), SOURCE.c.revision_of.in_(part))),
                )
            )
            pairs = list(
                rows_in(
                    connection,
                    frontier,
                    lambda part: links.where(or_(SOURCE_RELATION.c.a.in_(part), SOURCE_RELATION.c.b.in_(part))),
                )
            )
            seen |= {r.id: r for r in rows}
            reprints |= {(r.a, r.b) for r in pairs}
            expanded |= frontier
            linked = {r.revision_of for r in rows if r.revision_of is not None} | {i for p in pairs for i in p}
            frontier = (linked | {r.id for r in rows}) - expanded
        return cls(connection, seen.values(), sorted(reprints))

    def unit(self, source_id: int) -> Unit:
        """The independent unit a source's evidence counts for.

        A text that credits a news agency ("BAMAKO (AFP) -") is that agency's reporting: it
        counts as the agency (its outlet, if the store has one of that name), not as the
        outlet that printed it, and is a reprint unless that outlet is the agency itself.
        """
        root = self._copies.find(source_id)
        original = self._originals.get(root, source_id)
        outlet_id = self._sources[original].outlet_id if original in self._sources else None
        reprint = source_id in self._reprinted
        agency = self._credits.get(original)
        if agency is not None:
            agency_outlet = self._agencies.get(agency)
            if agency_outlet is None:
                return Unit(("agency", agency), "F", agency, True)
            reprint = reprint or outlet_id != agency_outlet[0]
            return Unit(("outlet", agency_outlet[0]), agency_outlet[2], agency_outlet[1], reprint)
        if outlet_id is None:
            return Unit(("copies", root), "F", None, reprint)
        name, grade = self._outlets[outlet_id]
        return Unit(("outlet", outlet_id), grade, name, reprint)


def _agency_outlets(connection: Connection, agencies: set[str]) -> dict[str, tuple[int, str, Reliability]]:
    """The outlet on file for each agency, by any of its names or an outlet's alias: (id, name, grade)."""
    from workbench.wire import AGENCIES

    found: dict[str, tuple[int, str, Reliability]] = {}
    for agency in sorted(agencies):
        keys = [name_key(n) for n in AGENCIES.get(agency, (agency,))]
        aliased = select(OUTLET_ALIAS.c.outlet_id).where(
            OUTLET_ALIAS.c.kind == "name", OUTLET_ALIAS.c.alias_key.in_(keys)
        )
        row = connection.execute(
            select(OUTLET.c.id, OUTLET.c.name, OUTLET.c.reliability)
            .where(or_(OUTLET.c.name_key.in_(keys), OUTLET.c.id.in_(aliased)))
            .order_by(OUTLET.c.id)
            .limit(1)
        ).first()
        if row is not None:
            found[agency] = (row.id, row.name, row.reliability)
    return found


def _decided(connection: Connection, claim_ids: set[int]) -> list[Any]:
    """Decided relations (suggestions do not grade) of the claims and, transitively, their duplicates."""
    columns = select(RELATION.c.a, RELATION.c.b, RELATION.c.kind, RELATION.c.status, RELATION.c.winner).where(
        RELATION.c.status.in_(["confirmed", "resolved"])
    )
    if len(claim_ids) > _ALL_AT_ONCE:
        return list(connection.execute(columns))
    found: set[Any] = set()
    seen: set[int] = set()
    frontier = set(claim_ids)
    while frontier:
        seen |= frontier
        rows = set(
            rows_in(
                connection, frontier, lambda part: columns.where(or_(RELATION.c.a.in_(part), RELATION.c.b.in_(part)))
            )
        )
        found |= rows
        same = {i for r in rows if r.kind == "duplicate" and r.status == "confirmed" for i in (r.a, r.b)}
        frontier = same - seen
    return list(found)


def corroborate(
    connection: Connection, claim_ids: Iterable[int], independence: Independence | None = None
) -> dict[int, Corroboration]:
    """The corroboration of each claim (see the module docstring for the rules).

    Without ``independence``, only the rows that bear on these claims are read: their
    relations, their evidence and that of their confirmed duplicates, and the sources cited
    with their revisions and reprints.
    """
    wanted = set(claim_ids)
    if not wanted:
        return {}
    relations = _decided(connection, wanted)
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
    evidence = _evidence(connection, every)
    if independence is None:
        cited = {row.source_id for row in evidence}
        independence = Independence(connection) if len(cited) > _ALL_AT_ONCE else Independence.around(connection, cited)
    superseded = independence.superseded
    support: dict[int, set[int]] = defaultdict(set)
    refute: dict[int, set[int]] = defaultdict(set)
    for row in evidence:
        if row.source_id in superseded:
            continue
        if row.stance == "supports":
            support[row.claim_id].add(row.source_id)
        elif row.stance == "refutes":
            refute[row.claim_id].add(row.source_id)

    result = {}
    for claim_id, members in families.items():
        units: dict[tuple[str, int | str], Reliability] = {}
        names: set[str] = set()
        cited_here = support.get(claim_id, set()) if len(members) == 1 else {s for m in members for s in support[m]}
        for source_id in cited_here:
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
