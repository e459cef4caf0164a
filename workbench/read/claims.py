"""Claims and their evidence as plain data: one claim, every claim, a page of them, one in full."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Connection, Integer, and_, column, func, or_, select, union
from sqlalchemy import text as sql_text

from store.vocabulary import ClaimStatus
from workbench.cases import scope
from workbench.corroboration import Corroboration, corroborate
from workbench.errors import InvalidInput
from workbench.models import (
    ClaimDetail,
    ClaimPage,
    ClaimRead,
    ClaimRow,
    EvidenceItem,
    EvidenceRead,
    FactRead,
    RelatedClaim,
)
from workbench.read.audit import audit_events
from workbench.read.relations import relations_of
from workbench.sql import (
    CLAIM,
    EVIDENCE,
    EVIDENCE_PAGE,
    FACT,
    OUTLET,
    RELATION,
    SOURCE,
    SOURCE_RELATION,
    TAG,
    one,
    rows_in,
    superseded,
    with_outlet,
)

#: What the claims table can be sorted by: columns, and grades worked out for every matching claim.
ClaimSort = Literal["id", "status", "credibility", "text", "updated", "independent", "suggested"]
SQL_SORTS = {"id": CLAIM.c.id, "status": CLAIM.c.status, "credibility": CLAIM.c.credibility,
             "text": CLAIM.c.text, "updated": CLAIM.c.updated_at}  # fmt: skip
GRADE_SORTS = ("independent", "suggested")

#: Evidence columns with ``current`` (false when a newer revision replaced the source) and ``page``.
_EVIDENCE_READ = select(EVIDENCE, ~superseded(EVIDENCE.c.source_id).label("current"), EVIDENCE_PAGE)
#: The columns of a claims-table row.
_ROW = select(CLAIM.c.id, CLAIM.c.status, CLAIM.c.credibility, CLAIM.c.text, CLAIM.c.version)


def evidence(connection: Connection, evidence_id: int) -> EvidenceRead:
    """One evidence link.

    Raises:
        NotFound: no such evidence.
    """
    row = one(connection, _EVIDENCE_READ.where(EVIDENCE.c.id == evidence_id), "evidence", evidence_id)
    return EvidenceRead.model_validate(dict(row))


def evidence_of(connection: Connection, claim_ids: Iterable[int]) -> dict[int, list[EvidenceRead]]:
    """Every evidence link of each claim, in the order they were made."""
    grouped: dict[int, list[EvidenceRead]] = defaultdict(list)
    query = _EVIDENCE_READ.order_by(EVIDENCE.c.id)
    for row in rows_in(connection, claim_ids, lambda part: query.where(EVIDENCE.c.claim_id.in_(part))):
        grouped[row.claim_id].append(EvidenceRead.model_validate(dict(row._mapping)))
    return grouped


def tags_of(connection: Connection, claim_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each claim's tags, alphabetically."""
    found: dict[int, list[str]] = defaultdict(list)
    query = select(TAG.c.claim_id, TAG.c.tag).order_by(TAG.c.tag_key)
    for claim_id, tag in rows_in(connection, claim_ids, lambda part: query.where(TAG.c.claim_id.in_(part))):
        found[claim_id].append(tag)
    return found


def _claim_read(row: Any, links: list[EvidenceRead], graded: Corroboration, tags: list[str]) -> ClaimRead:
    return ClaimRead.model_validate({**row, "evidence": links, **asdict(graded), "tags": tags})


def claim(connection: Connection, claim_id: int) -> ClaimRead:
    """One claim with all its evidence and its corroboration.

    Raises:
        NotFound: no such claim.
    """
    row = one(connection, select(CLAIM).where(CLAIM.c.id == claim_id), "claim", claim_id)
    return _claim_read(
        row,
        evidence_of(connection, [claim_id])[claim_id],
        corroborate(connection, [claim_id])[claim_id],
        tags_of(connection, [claim_id])[claim_id],
    )


def claims(
    connection: Connection,
    *,
    status: ClaimStatus | None = None,
    case: str | None = None,
    tag: str | None = None,
    assigned: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[ClaimRead]:
    """Every claim (optionally of one status, case, tag or assignee) with its evidence, oldest first.

    Claims merged into another are left out: their evidence and decisions live on the survivor.
    ``offset`` and ``limit`` page them by id: a page is graded alone, whatever the store holds.

    Raises:
        NotFound: ``case`` names no case.
    """
    query = ClaimQuery(status=status, case=case, tag=tag, assigned=assigned)
    statement = select(CLAIM).where(*_claim_filter(connection, query)).order_by(CLAIM.c.id)
    rows = [dict(r) for r in connection.execute(statement.offset(offset).limit(limit)).mappings()]
    ids = [r["id"] for r in rows]
    links = evidence_of(connection, ids)
    graded = corroborate(connection, ids)
    tags = tags_of(connection, ids)
    return [_claim_read(r, links.get(r["id"], []), graded[r["id"]], tags.get(r["id"], [])) for r in rows]


def claim_texts(connection: Connection, ids: Iterable[int]) -> dict[int, str]:
    """The text of each claim, for showing pairs of claims side by side."""
    query = select(CLAIM.c.id, CLAIM.c.text)
    return {r.id: r.text for r in rows_in(connection, ids, lambda part: query.where(CLAIM.c.id.in_(part)))}


def claim_detail(connection: Connection, claim_id: int) -> ClaimDetail:
    """A claim with its evidence (and where each piece is), related claims and audit history.

    Raises:
        NotFound: no such claim.
    """
    found = claim(connection, claim_id)
    cited = {e.source_id for e in found.evidence}
    labels = {
        r.id: r
        for r in rows_in(
            connection,
            cited,
            lambda part: with_outlet(select(SOURCE.c.id, SOURCE.c.title, OUTLET.c.name, OUTLET.c.reliability)).where(
                SOURCE.c.id.in_(part)
            ),
        )
    }
    syndicated = SOURCE_RELATION.c.kind == "syndicated"
    reprinted = {
        r.b
        for r in rows_in(
            connection, cited, lambda part: select(SOURCE_RELATION.c.b).where(syndicated, SOURCE_RELATION.c.b.in_(part))
        )
    }
    items = []
    for e in found.evidence:
        label = labels.get(e.source_id)
        items.append(
            EvidenceItem.model_validate(
                {
                    **e.model_dump(),
                    "outlet": label.name if label else None,
                    "title": label.title if label else None,
                    "reliability": label.reliability if label else None,
                    "reprint": e.source_id in reprinted,
                    "facts": fact_reads(e.exact),
                }
            )
        )
    relations = [r for r in relations_of(connection, claim_id) if r.status != "dismissed" or r.kind == "contradiction"]
    texts = claim_texts(connection, {r.b if r.a == claim_id else r.a for r in relations})
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
    facts = stored_fact_reads(connection, claim_id, found.version)
    return ClaimDetail(
        claim=found,
        facts=fact_reads(found.text) if facts is None else facts,
        evidence=items,
        related=related,
        history=history,
    )


def stored_fact_reads(connection: Connection, claim_id: int, version: int) -> list[FactRead] | None:
    """A claim's figures as ``match`` stored them for this version of its text, or ``None`` if it has not yet.

    What matching read, dates and all, without reading the text again: the extractors and their
    dictionaries load in a third of a second, and a claim's detail is asked for on every move of
    the reader's cursor.
    """
    from workbench.facts.align import shown
    from workbench.facts.model import RULES, Fact

    current = (FACT.c.claim_id == claim_id) & (FACT.c.claim_version == version) & (FACT.c.rules == RULES)
    stored = connection.execute(select(FACT.c.facts).where(current)).scalar_one_or_none()
    if stored is None:
        return None
    return [FactRead.model_validate(shown(Fact.from_json(f))) for f in json.loads(stored)["facts"]]


def fact_reads(text: str, published: str | None = None) -> list[FactRead]:
    """The figures of a text as matching reads them: each with its value, what it counts and its event."""
    from workbench.facts.align import shown  # deferred: the units library loads on first use
    from workbench.facts.extract import facts

    return [FactRead.model_validate(shown(f)) for f in facts(text, published)]


@dataclass(frozen=True)
class ClaimQuery:
    """What the claims table asks for: a search, filters and a sort."""

    search: str = ""
    status: ClaimStatus | None = None
    #: Only the claims of this case, with this tag, assigned to this reviewer.
    case: str | None = None
    tag: str | None = None
    assigned: str | None = None
    contradicted_only: bool = False
    single_source_only: bool = False
    sort: ClaimSort = "id"
    descending: bool = False


def _claim_filter(connection: Connection, query: ClaimQuery) -> list[Any]:
    conditions: list[Any] = [CLAIM.c.merged_into.is_(None)]
    if query.case is not None:
        conditions.append(scope(connection, query.case).claims())
    if query.tag is not None:
        key = " ".join(query.tag.split()).casefold()
        conditions.append(CLAIM.c.id.in_(select(TAG.c.claim_id).where(TAG.c.tag_key == key)))
    if query.assigned is not None:
        conditions.append(CLAIM.c.assigned_to == query.assigned.strip())
    text = query.search.strip()
    if text:
        needle = and_(*_indexed(connection, text), CLAIM.c.text.icontains(text, autoescape=True))
        conditions.append(or_(needle, CLAIM.c.id == int(text)) if text.isdecimal() and len(text) < 18 else needle)
    if query.status:
        conditions.append(CLAIM.c.status == query.status)
    if query.contradicted_only:
        open_ = and_(RELATION.c.kind == "contradiction", RELATION.c.status == "confirmed")
        sides = union(select(RELATION.c.a).where(open_), select(RELATION.c.b).where(open_))
        conditions.append(CLAIM.c.id.in_(sides))
    return conditions


def _indexed(connection: Connection, text: str) -> list[Any]:
    """The claims whose indexed text has each complete word of ``text`` (none such: no condition).

    What makes a search as you type cost the same in a store of a million claims: the index
    narrows the claims to those with every word already typed in full, and the substring test
    then keeps the ones that hold the text as typed. The word still being typed (the last, when
    no space follows it) and figures are left to the substring test: the index holds stems
    ("killing" is "kill"), which a half-typed word ("killin") is not a prefix of.
    """
    from workbench.search.terms import informative

    complete = text if text[-1:].isspace() else text.rsplit(None, 1)[0] if len(text.split()) > 1 else ""
    wanted = [w for w in informative(complete) if w.isalpha()]
    if not wanted:
        return []
    if connection.dialect.name == "sqlite":
        match = "text : (" + " AND ".join(f'"{w}"' for w in wanted) + ")"
        hits = sql_text("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :match").bindparams(match=match)
        return [CLAIM.c.id.in_(hits.columns(column("rowid", Integer)))]
    query = " & ".join(f"{w}:A" for w in wanted)  # weight A: the claim's own text
    # a query of stop words only is empty (numnode 0): then it narrows nothing
    statement = "SELECT claim_id FROM claim_tsv, to_tsquery('english', :query) AS q WHERE numnode(q) = 0 OR tsv @@ q"
    hits = sql_text(statement).bindparams(query=query)
    return [CLAIM.c.id.in_(hits.columns(column("claim_id", Integer)))]


def _row(row: Any, graded: Corroboration) -> ClaimRow:
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


def claims_page(connection: Connection, query: ClaimQuery, *, offset: int = 0, limit: int = 100) -> ClaimPage:
    """One page of the claims that match ``query``, graded, and how many match in all.

    Sorting or filtering by a grade grades every matching claim first; everything else sorts
    and pages in SQL.

    Raises:
        InvalidInput: an unknown sort key.
    """
    if query.sort not in SQL_SORTS and query.sort not in GRADE_SORTS:
        raise InvalidInput(f"cannot sort claims by {query.sort!r}")
    conditions = _claim_filter(connection, query)
    if query.sort in SQL_SORTS and not query.single_source_only:
        total = connection.execute(select(func.count()).select_from(CLAIM).where(*conditions)).scalar_one()
        key = SQL_SORTS[query.sort]
        order = [key.desc() if query.descending else key, CLAIM.c.id]
        rows = list(connection.execute(_ROW.where(*conditions).order_by(*order).offset(offset).limit(limit)))
        graded = corroborate(connection, [r.id for r in rows])
        return ClaimPage(rows=[_row(r, graded[r.id]) for r in rows], total=total)
    ids = [r.id for r in connection.execute(select(CLAIM.c.id).where(*conditions).order_by(CLAIM.c.id))]
    graded = corroborate(connection, ids)
    if query.single_source_only:
        ids = [i for i in ids if graded[i].independent_sources <= 1]
    if query.sort == "independent":
        ids.sort(key=lambda i: graded[i].independent_sources, reverse=query.descending)
    elif query.sort == "suggested":
        ids.sort(key=lambda i: graded[i].suggested_credibility, reverse=query.descending)
    else:
        keys = dict(connection.execute(select(CLAIM.c.id, SQL_SORTS[query.sort])).all())
        ids.sort(key=lambda i: (keys[i], i), reverse=query.descending)
    page = ids[offset : offset + limit]
    found = {r.id: r for r in connection.execute(_ROW.where(CLAIM.c.id.in_(page)))}
    return ClaimPage(rows=[_row(found[i], graded[i]) for i in page], total=len(ids))


#: Candidates from the claim index per claim the link picker shows.
CANDIDATES = 20


def similar_claims(connection: Connection, text: str, *, limit: int = 30) -> list[tuple[ClaimRow, float]]:
    """Claims most alike ``text`` (a selection to link), best first, with their similarity 0–100.

    Wording finds the candidates; figures order them: a claim whose figures agree with the
    selection's ("3,700 kilometers" for "3,700 km") comes before one that states none of its
    kind, and both before one whose figures differ ("2,700 km"), whatever the wording says.
    """
    from rapidfuzz import fuzz, process, utils  # deferred: only the link picker ranks claims

    from workbench.search.find import claims_like
    from workbench.search.terms import informative

    live = CLAIM.c.merged_into.is_(None)  # evidence goes to the claim a merged one lives on in
    # the claim index gives the candidates (those sharing the most, and rarest, words): a
    # selection is ranked against a few hundred claims, never against every claim on file
    near = [claim_id for claim_id, _ in claims_like(connection, informative(text), limit=limit * CANDIDATES)]
    statement = select(CLAIM.c.id, CLAIM.c.text).where(live)
    choices = {r.id: r.text for r in rows_in(connection, near, lambda part: statement.where(CLAIM.c.id.in_(part)))}
    if not choices or not text.strip():
        return []
    pool = process.extract(text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=limit * 4)
    mine = _figures(text)
    found = sorted(pool, key=lambda hit: (-_figures_agree(mine, _figures(hit[0])), -hit[1]))[:limit]
    ids = [key for _, _, key in found]
    rows = {r.id: r for r in connection.execute(_ROW.where(CLAIM.c.id.in_(ids)))}
    graded = corroborate(connection, ids)
    return [(_row(rows[key], graded[key]), round(score, 1)) for _, score, key in found]


@lru_cache(maxsize=4096)
def _figures(text: str) -> list[Any]:
    from workbench.facts.extract import facts  # deferred: only the link picker compares figures
    from workbench.languages import reading

    return facts(text, language=reading(text))


def _figures_agree(mine: list[Any], theirs: list[Any]) -> int:
    """How a claim's figures bear on a selection's: 2 agree, 1 none comparable, 0 one differs.

    Figures are compared when they are of one kind and dimension (a distance with a distance).
    """
    from workbench.facts.align import compare_values, dimension

    compared = agreed = 0
    for fact in mine:
        alike = [o for o in theirs if o.kind == fact.kind and dimension(o)[0] == dimension(fact)[0]]
        if alike:
            compared += 1
            agreed += any(compare_values(fact, o)[0] for o in alike)
    if not compared:
        return 1
    return 2 if agreed == compared else 0


def lookup(
    connection: Connection, query: str, *, limit: int = 20
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Claims (by id or words of their text) and sources (by words of their title), as (id, text) pairs."""
    by_id = CLAIM.c.id == int(query) if query.isdecimal() and len(query) < 18 else None
    where = CLAIM.c.text.icontains(query, autoescape=True)
    found = connection.execute(
        select(CLAIM.c.id, CLAIM.c.text).where(where if by_id is None else where | by_id).limit(limit)
    ).all()
    titled = connection.execute(
        select(SOURCE.c.id, SOURCE.c.title).where(SOURCE.c.title.icontains(query, autoescape=True)).limit(limit)
    ).all()
    return [(r.id, r.text) for r in found], [(r.id, r.title or "") for r in titled]
