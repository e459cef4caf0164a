"""Read-only views for browsing a store a page at a time: what the review workbench shows.

Every function takes a connection and returns plain data models, and every list comes a page at
a time (``offset``, ``limit``) with its total, so that an interface never loads a 100,000-claim
store at once. Sorting by a derived grade (independent sources, suggested credibility) grades
every matching claim first; everything else sorts in SQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils
from sqlalchemy import Connection, and_, exists, func, or_, select, union

from store.models import Claim, ClaimRelation, Evidence, Outlet, Source, SourceRelation, table
from workbench.contradictions import pair_views
from workbench.corroboration import Independence, corroborate
from workbench.errors import InvalidInput, NotFound
from workbench.models import (
    ClaimDetail,
    ClaimPage,
    ClaimRow,
    EvidenceItem,
    MatrixRow,
    MatrixView,
    OrphanRead,
    PairRead,
    RelatedClaim,
    SourceRead,
    SourceRow,
    SourceView,
    Span,
)
from workbench.queries import audit_events, read_claim, source_labels
from workbench.relations import read_relation, relations_of

_CLAIM = table(Claim)
_EVIDENCE = table(Evidence)
_SOURCE = table(Source)
_OUTLET = table(Outlet)
_RELATION = table(ClaimRelation)
_SOURCE_RELATION = table(SourceRelation)

#: Sort keys of the claims table: SQL columns, and grades computed for every matching claim.
SQL_SORTS = {"id": _CLAIM.c.id, "status": _CLAIM.c.status, "credibility": _CLAIM.c.credibility,
             "text": _CLAIM.c.text, "updated": _CLAIM.c.updated_at}  # fmt: skip
GRADE_SORTS = ("independent", "suggested")


def lookup(
    connection: Connection, query: str, *, limit: int = 20
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Claims (by id or words of their text) and sources (by words of their title), as (id, text) pairs."""
    by_id = _CLAIM.c.id == int(query) if query.isdecimal() and len(query) < 18 else None
    where = _CLAIM.c.text.icontains(query, autoescape=True)
    claims = connection.execute(
        select(_CLAIM.c.id, _CLAIM.c.text).where(where if by_id is None else where | by_id).limit(limit)
    ).all()
    sources = connection.execute(
        select(_SOURCE.c.id, _SOURCE.c.title).where(_SOURCE.c.title.icontains(query, autoescape=True)).limit(limit)
    ).all()
    return [(r.id, r.text) for r in claims], [(r.id, r.title or "") for r in sources]


def source_count(connection: Connection) -> int:
    """How many sources the store holds."""
    return int(connection.execute(select(func.count()).select_from(_SOURCE)).scalar_one())


def source_rows(
    connection: Connection, *, offset: int = 0, limit: int = 200, ids: list[int] | None = None
) -> list[SourceRow]:
    """A page of sources in import order (or the sources ``ids``), with outlet, grade, claims, revisions, reprints."""
    newer = _SOURCE.alias("newer")
    claims = (
        select(func.count(func.distinct(_EVIDENCE.c.claim_id)))
        .where(_EVIDENCE.c.source_id == _SOURCE.c.id)
        .scalar_subquery()
    )
    syndicated = _SOURCE_RELATION.c.kind == "syndicated"
    reprint_of = (
        select(func.min(_SOURCE_RELATION.c.a)).where(syndicated, _SOURCE_RELATION.c.b == _SOURCE.c.id).scalar_subquery()
    )
    reprints = select(func.count()).where(syndicated, _SOURCE_RELATION.c.a == _SOURCE.c.id).scalar_subquery()
    statement = (
        select(
            _SOURCE.c.id,
            _SOURCE.c.title,
            _SOURCE.c.published_at,
            _SOURCE.c.revision_of,
            _OUTLET.c.name.label("outlet"),
            _OUTLET.c.reliability,
            claims.label("claims"),
            exists().where(newer.c.revision_of == _SOURCE.c.id).label("superseded"),
            reprint_of.label("reprint_of"),
            reprints.label("reprints"),
        )
        .outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
        .order_by(_SOURCE.c.id)
        .offset(offset)
        .limit(limit)
    )
    if ids is not None:
        statement = statement.where(_SOURCE.c.id.in_(ids))
    return [SourceRow.model_validate(dict(r)) for r in connection.execute(statement).mappings()]


def source_view(connection: Connection, source_id: int) -> SourceView:
    """A source with its text and the anchored evidence spans on it, by position.

    Raises:
        NotFound: no such source.
    """
    columns = [c for c in _SOURCE.c if c.name not in {"title_key", "raw_sha256", "outlet_id"}]
    row = (
        connection.execute(
            select(*columns, _OUTLET.c.name.label("outlet"), _OUTLET.c.reliability.label("outlet_reliability"))
            .outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
            .where(_SOURCE.c.id == source_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no source with id {source_id}")
    spans = connection.execute(
        select(
            _EVIDENCE.c.id.label("evidence_id"),
            _EVIDENCE.c.claim_id,
            _EVIDENCE.c.start,
            _EVIDENCE.c.end,
            _EVIDENCE.c.stance,
            _CLAIM.c.status,
            _CLAIM.c.text.label("claim_text"),
        )
        .join(_CLAIM, _CLAIM.c.id == _EVIDENCE.c.claim_id)
        .where(_EVIDENCE.c.source_id == source_id, _EVIDENCE.c.start.is_not(None))
        .order_by(_EVIDENCE.c.start, _EVIDENCE.c.id)
    ).mappings()
    fields = dict(row)
    text = fields.pop("text")
    return SourceView(source=SourceRead.model_validate(fields), text=text, spans=[Span(**s) for s in spans])


def claim_detail(connection: Connection, claim_id: int) -> ClaimDetail:
    """A claim with its evidence (and where each piece is), related claims and audit history.

    Raises:
        NotFound: no such claim.
    """
    claim = read_claim(connection, claim_id)
    labels = source_labels(connection, {e.source_id for e in claim.evidence})
    reliability = dict(
        connection.execute(
            select(_SOURCE.c.id, _OUTLET.c.reliability)
            .join(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
            .where(_SOURCE.c.id.in_([e.source_id for e in claim.evidence]))
        ).all()
    )
    reprinted = {
        b for (b,) in connection.execute(select(_SOURCE_RELATION.c.b).where(_SOURCE_RELATION.c.kind == "syndicated"))
    }
    evidence = [
        EvidenceItem.model_validate(
            {
                **e.model_dump(),
                "outlet": labels.get(e.source_id, (None, None))[0],
                "title": labels.get(e.source_id, (None, None))[1],
                "reliability": reliability.get(e.source_id),
                "reprint": e.source_id in reprinted,
            }
        )
        for e in claim.evidence
    ]
    relations = [r for r in relations_of(connection, claim_id) if r.status != "dismissed" or r.kind == "contradiction"]
    others = {r.b if r.a == claim_id else r.a for r in relations}
    texts = dict(connection.execute(select(_CLAIM.c.id, _CLAIM.c.text).where(_CLAIM.c.id.in_(others))).all())
    related = [
        RelatedClaim(
            relation_id=r.id,
            kind=r.kind,
            status=r.status,
            aspect=r.aspect,
            winner=r.winner,
            other_id=(other := r.b if r.a == claim_id else r.a),
            other_text=texts.get(other, ""),
            score=r.score,
            reason=r.reason,
        )
        for r in relations
    ]
    history = audit_events(connection, ("claim", claim_id), newest_first=True, limit=50)
    for relation_id in {r.relation_id for r in related}:  # decisions about its duplicates and contradictions
        history += audit_events(connection, ("claim_relation", relation_id), newest_first=True, limit=10)
    history.sort(key=lambda e: e.seq, reverse=True)
    return ClaimDetail(claim=claim, evidence=evidence, related=related, history=history)


@dataclass(frozen=True)
class ClaimQuery:
    """What the claims table asks for: a search, filters and a sort."""

    search: str = ""
    status: str | None = None
    contradicted_only: bool = False
    single_source_only: bool = False
    sort: str = "id"
    descending: bool = False


def _claim_filter(query: ClaimQuery) -> list[Any]:
    conditions: list[Any] = []
    text = query.search.strip()
    if text:
        needle = _CLAIM.c.text.icontains(text, autoescape=True)
        conditions.append(or_(needle, _CLAIM.c.id == int(text)) if text.isdecimal() and len(text) < 18 else needle)
    if query.status:
        conditions.append(_CLAIM.c.status == query.status)
    if query.contradicted_only:
        open_ = and_(_RELATION.c.kind == "contradiction", _RELATION.c.status == "confirmed")
        sides = union(select(_RELATION.c.a).where(open_), select(_RELATION.c.b).where(open_))
        conditions.append(_CLAIM.c.id.in_(sides))
    return conditions


def claims_page(connection: Connection, query: ClaimQuery, *, offset: int = 0, limit: int = 100) -> ClaimPage:
    """One page of the claims that match ``query``, graded, and how many match in all.

    Raises:
        InvalidInput: an unknown sort key.
    """
    if query.sort not in SQL_SORTS and query.sort not in GRADE_SORTS:
        raise InvalidInput(f"cannot sort claims by {query.sort!r}")
    conditions = _claim_filter(query)
    columns = select(_CLAIM.c.id, _CLAIM.c.status, _CLAIM.c.credibility, _CLAIM.c.text, _CLAIM.c.version)
    if query.sort in SQL_SORTS and not query.single_source_only:
        total = connection.execute(select(func.count()).select_from(_CLAIM).where(*conditions)).scalar_one()
        key = SQL_SORTS[query.sort]
        order = [key.desc() if query.descending else key, _CLAIM.c.id]
        rows = list(connection.execute(columns.where(*conditions).order_by(*order).offset(offset).limit(limit)))
        graded = corroborate(connection, [r.id for r in rows])
        return ClaimPage(rows=[_row(r, graded[r.id]) for r in rows], total=total)
    # a grade is wanted for sorting or filtering: grade every matching claim, then page
    ids = [r.id for r in connection.execute(select(_CLAIM.c.id).where(*conditions).order_by(_CLAIM.c.id))]
    graded = corroborate(connection, ids)
    if query.single_source_only:
        ids = [i for i in ids if graded[i].independent_sources <= 1]
    if query.sort in GRADE_SORTS:
        field = "independent_sources" if query.sort == "independent" else "suggested_credibility"
        ids.sort(key=lambda i: getattr(graded[i], field), reverse=query.descending)
    else:
        ids = _sql_sorted(connection, ids, query)
    page = ids[offset : offset + limit]
    found = {r.id: r for r in connection.execute(columns.where(_CLAIM.c.id.in_(page)))}
    return ClaimPage(rows=[_row(found[i], graded[i]) for i in page], total=len(ids))


def _sql_sorted(connection: Connection, ids: list[int], query: ClaimQuery) -> list[int]:
    key = SQL_SORTS[query.sort]
    keys = dict(connection.execute(select(_CLAIM.c.id, key)).all())
    wanted = set(ids)
    return sorted((i for i in keys if i in wanted), key=lambda i: (keys[i], i), reverse=query.descending)


def _row(row: Any, graded: Any) -> ClaimRow:
    return ClaimRow(
        id=row.id,
        status=row.status,
        credibility=row.credibility,
        text=row.text,
        version=row.version,
        suggested_credibility=graded.suggested_credibility,
        independent_sources=graded.independent_sources,
        contradicted=graded.contradicted,
    )


def rank_claims(connection: Connection, text: str, *, limit: int = 30) -> list[tuple[ClaimRow, float]]:
    """Claims most alike ``text`` (a selection to link), best first, with their similarity 0–100."""
    choices = dict(connection.execute(select(_CLAIM.c.id, _CLAIM.c.text)).all())
    if not choices or not text.strip():
        return []
    found = process.extract(text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=limit)
    ids = [key for _, _, key in found]
    columns = select(_CLAIM.c.id, _CLAIM.c.status, _CLAIM.c.credibility, _CLAIM.c.text, _CLAIM.c.version)
    rows = {r.id: r for r in connection.execute(columns.where(_CLAIM.c.id.in_(ids)))}
    graded = corroborate(connection, ids)
    return [(_row(rows[key], graded[key]), round(score, 1)) for _, score, key in found]


def duplicate_queue(connection: Connection) -> list[PairRead]:
    """Duplicate suggestions awaiting a decision, best score first, both claims laid out."""
    rows = connection.execute(
        select(_RELATION.c.id)
        .where(_RELATION.c.kind == "duplicate", _RELATION.c.status == "suggested")
        .order_by(_RELATION.c.score.desc(), _RELATION.c.id)
    )
    return _pairs(connection, [r.id for r in rows])


def contradiction_queue(connection: Connection) -> list[PairRead]:
    """Suggested and confirmed contradictions (confirmed first: they need resolving), both sides laid out."""
    rows = connection.execute(
        select(_RELATION.c.id)
        .where(_RELATION.c.kind == "contradiction", _RELATION.c.status.in_(["confirmed", "suggested"]))
        .order_by(_RELATION.c.status, _RELATION.c.score.desc(), _RELATION.c.id)
    )
    return _pairs(connection, [r.id for r in rows])


def _pairs(connection: Connection, ids: list[int]) -> list[PairRead]:
    return pair_views(connection, [read_relation(connection, i) for i in ids])


def orphan_queue(connection: Connection) -> list[OrphanRead]:
    """Orphaned evidence on current revisions: its text is gone, the claim needs re-verifying."""
    newer = _SOURCE.alias("newer")
    rows = connection.execute(
        select(
            _EVIDENCE.c.id.label("evidence_id"),
            _EVIDENCE.c.claim_id,
            _CLAIM.c.text.label("claim_text"),
            _CLAIM.c.status.label("claim_status"),
            _EVIDENCE.c.source_id,
            _SOURCE.c.title.label("source_title"),
            _OUTLET.c.name.label("outlet"),
            _EVIDENCE.c.exact,
        )
        .join(_CLAIM, _CLAIM.c.id == _EVIDENCE.c.claim_id)
        .join(_SOURCE, _SOURCE.c.id == _EVIDENCE.c.source_id)
        .outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
        .where(
            _EVIDENCE.c.anchor_status == "orphaned",
            ~exists().where(newer.c.revision_of == _EVIDENCE.c.source_id),
        )
        .order_by(_EVIDENCE.c.id)
    ).mappings()
    return [OrphanRead.model_validate(dict(r)) for r in rows]


def matrix(connection: Connection, *, offset: int = 0, limit: int = 100, columns: int = 12) -> MatrixView:
    """Claims (with evidence) as rows, outlets as columns: who supports, refutes or mentions each.

    Reprints count for the outlet of their original and are flagged, so that a claim resting on
    one wire story shows one column however many outlets carried it. The columns are the
    ``columns`` outlets with most claims.
    """
    independence = Independence(connection)
    with_evidence = select(_EVIDENCE.c.claim_id).where(_EVIDENCE.c.anchor_status != "orphaned").distinct()
    total = connection.execute(select(func.count()).select_from(with_evidence.subquery())).scalar_one()
    page = [
        r.claim_id for r in connection.execute(with_evidence.order_by(_EVIDENCE.c.claim_id).offset(offset).limit(limit))
    ]
    evidence = connection.execute(
        select(_EVIDENCE.c.claim_id, _EVIDENCE.c.source_id, _EVIDENCE.c.stance).where(
            _EVIDENCE.c.claim_id.in_(page), _EVIDENCE.c.anchor_status != "orphaned"
        )
    )
    cells: dict[int, dict[str, str]] = defaultdict(dict)
    direct: dict[int, set[str]] = defaultdict(set)
    rank = {"supports": 3, "refutes": 2, "mentions": 1}
    for row in evidence:
        if row.source_id in independence.superseded:
            continue
        unit = independence.unit(row.source_id)
        name = unit.outlet or f"source {row.source_id}"
        current = cells[row.claim_id].get(name)
        if current is None or rank[row.stance] > rank[current]:
            cells[row.claim_id][name] = row.stance
        if not unit.reprint:
            direct[row.claim_id].add(name)
    popularity = Counter(name for found in cells.values() for name in found)
    outlets = [name for name, _ in popularity.most_common(columns)]
    claims = {
        r.id: r
        for r in connection.execute(select(_CLAIM.c.id, _CLAIM.c.text, _CLAIM.c.status).where(_CLAIM.c.id.in_(page)))
    }
    graded = corroborate(connection, page, independence)
    rows = [
        MatrixRow(
            claim_id=claim_id,
            text=claims[claim_id].text,
            status=claims[claim_id].status,
            independent_sources=graded[claim_id].independent_sources,
            cells=cells[claim_id],
            via_reprint=sorted(set(cells[claim_id]) - direct[claim_id]),
        )
        for claim_id in page
    ]
    return MatrixView(outlets=outlets, rows=rows, total=total)
