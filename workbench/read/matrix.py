"""Claims as rows, outlets as columns: who supports, refutes or mentions each claim."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection, func, select

from store.vocabulary import Stance
from workbench.cases import scope
from workbench.corroboration import Independence, corroborate
from workbench.models import MatrixRow, MatrixView
from workbench.sql import CLAIM, EVIDENCE, counted

#: Which stance a cell shows when an outlet's sources disagree: support over refutation over mention.
_RANK: dict[Stance, int] = {"supports": 3, "refutes": 2, "mentions": 1}


def matrix(
    connection: Connection, *, offset: int = 0, limit: int = 100, columns: int = 12, case: str | None = None
) -> MatrixView:
    """A page of claims (those with evidence) by outlet.

    Reprints count for the outlet of their original and are flagged, so that a claim resting on
    one wire story shows one column however many outlets carried it. The columns are the
    ``columns`` outlets with most claims on the page.
    """
    held = [] if case is None else [scope(connection, case).claims(EVIDENCE.c.claim_id)]
    merged = select(CLAIM.c.id).where(CLAIM.c.merged_into.is_not(None))
    with_evidence = select(EVIDENCE.c.claim_id).where(counted(), EVIDENCE.c.claim_id.not_in(merged), *held).distinct()
    total = connection.execute(select(func.count()).select_from(with_evidence.subquery())).scalar_one()
    page = [
        r.claim_id for r in connection.execute(with_evidence.order_by(EVIDENCE.c.claim_id).offset(offset).limit(limit))
    ]
    evidence = list(
        connection.execute(
            select(EVIDENCE.c.claim_id, EVIDENCE.c.source_id, EVIDENCE.c.stance).where(
                EVIDENCE.c.claim_id.in_(page), counted()
            )
        )
    )
    independence = Independence.around(connection, {row.source_id for row in evidence})
    cells: dict[int, dict[str, Stance]] = defaultdict(dict)
    direct: dict[int, set[str]] = defaultdict(set)
    for row in evidence:
        if row.source_id in independence.superseded:
            continue
        unit = independence.unit(row.source_id)
        name = unit.outlet or f"source {row.source_id}"
        current = cells[row.claim_id].get(name)
        if current is None or _RANK[row.stance] > _RANK[current]:
            cells[row.claim_id][name] = row.stance
        if not unit.reprint:
            direct[row.claim_id].add(name)
    popularity = Counter(name for found in cells.values() for name in found)
    outlets = [name for name, _ in popularity.most_common(columns)]
    claims = {
        r.id: r
        for r in connection.execute(select(CLAIM.c.id, CLAIM.c.text, CLAIM.c.status).where(CLAIM.c.id.in_(page)))
    }
    graded = corroborate(connection, page)  # its own scope: duplicates bring their sources too
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
