"""Grading a few claims reads only their neighbourhood, and grades exactly as the whole store would.

Random stores of sources (revision chains, reprints of reprints, sources without an outlet),
evidence of every stance and anchor status, and decided and undecided relations between
claims: ``corroborate`` of one claim must equal the whole-store computation for every claim.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Connection, create_engine, text

from workbench.corroboration import Independence, corroborate

_TABLES = (
    "CREATE TABLE outlet (id INTEGER PRIMARY KEY, name TEXT, reliability TEXT, name_key TEXT)",
    "CREATE TABLE outlet_alias (id INTEGER PRIMARY KEY, outlet_id INT, kind TEXT, alias_key TEXT)",
    "CREATE TABLE source_credit (source_id INTEGER PRIMARY KEY, agency TEXT, evidence TEXT)",
    "CREATE TABLE source (id INTEGER PRIMARY KEY, outlet_id INT, revision_of INT)",
    "CREATE TABLE source_relation (id INTEGER PRIMARY KEY, a INT, b INT, kind TEXT)",
    "CREATE TABLE evidence (id INTEGER PRIMARY KEY, claim_id INT, source_id INT, stance TEXT, anchor_status TEXT,"
    " retracted_at TEXT)",
    "CREATE TABLE claim_relation (id INTEGER PRIMARY KEY, a INT, b INT, kind TEXT, status TEXT, winner TEXT)",
)


def random_store(rng: random.Random, sources: int, claims: int) -> Connection:
    """The columns grading reads, filled at random within the store's own rules."""
    connection = create_engine("sqlite://").connect()
    for statement in _TABLES:
        connection.exec_driver_sql(statement)
    insert = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
    for outlet, name in enumerate(["outlet 1", "outlet 2", "AFP"], 1):
        insert("INSERT INTO outlet VALUES (:i, :n, :r, :k)", i=outlet, n=name, r=rng.choice("ABCDEF"), k=name.lower())
    revised: set[int] = set()
    for source in range(1, sources + 1):
        older = rng.randrange(1, source) if source > 1 and rng.random() < 0.3 else None
        if older in revised:
            older = None  # a source has one newer revision at most
        if older is not None:
            revised.add(older)
        insert("INSERT INTO source VALUES (:i, :o, :r)", i=source, o=rng.choice([None, 1, 2, 3]), r=older)
        agency = rng.choice([None, None, None, "AFP", "Reuters"])  # wire copy, of an agency on file or not
        insert("INSERT INTO source_credit VALUES (:i, :a, :e)", i=source, a=agency, e=agency and f"({agency}) -")
    reprinted: set[int] = set()
    for _ in range(rng.randrange(0, sources)):
        a, b = sorted(rng.sample(range(1, sources + 1), 2))
        if b not in reprinted:
            reprinted.add(b)
            insert("INSERT INTO source_relation (a, b, kind) VALUES (:a, :b, 'syndicated')", a=a, b=b)
    for claim in range(1, claims + 1):
        for _ in range(rng.randrange(0, 3)):
            stance = rng.choice(["supports", "supports", "refutes", "mentions"])
            anchor = rng.choice(["anchored", "anchored", "orphaned", "reanchored"])
            retracted = rng.choice([None, None, None, "2026-01-01T00:00:00Z"])
            insert("INSERT INTO evidence (claim_id, source_id, stance, anchor_status, retracted_at) "
                   "VALUES (:c, :s, :t, :a, :r)",
                   c=claim, s=rng.randrange(1, sources + 1), t=stance, a=anchor, r=retracted)  # fmt: skip
    for _ in range(rng.randrange(0, claims)):
        a, b = sorted(rng.sample(range(1, claims + 1), 2))
        status = rng.choice(["suggested", "confirmed", "dismissed", "resolved"])
        winner = rng.choice([None, "a", "b", "neither"]) if status == "resolved" else None
        insert("INSERT INTO claim_relation (a, b, kind, status, winner) VALUES (:a, :b, :k, :s, :w)",
               a=a, b=b, k=rng.choice(["duplicate", "contradiction", "refines"]), s=status, w=winner)  # fmt: skip
    return connection


@pytest.mark.parametrize("seed", range(4))
def test_one_claim_is_graded_as_the_whole_store_grades_it(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        claims = rng.randrange(2, 7)
        connection = random_store(rng, rng.randrange(2, 9), claims)
        whole = corroborate(connection, range(1, claims + 1), Independence(connection))
        for claim in range(1, claims + 1):
            assert corroborate(connection, [claim])[claim] == whole[claim]
        connection.close()


@pytest.mark.parametrize("seed", range(3))
def test_many_claims_are_graded_alike_read_by_ranges_of_ids_or_in_one_pass(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export grades claims by the thousand: by ranges of ids, or the whole table, the grades are the same."""
    from workbench import corroboration

    rng = random.Random(seed)
    for _ in range(60):
        claims = rng.randrange(2, 40)
        connection = random_store(rng, rng.randrange(2, 9), claims)
        wanted = sorted(rng.sample(range(1, claims + 1), rng.randrange(1, claims + 1)))
        by_ids = corroborate(connection, wanted, Independence(connection))
        monkeypatch.setattr(corroboration, "_ALL_AT_ONCE", 0)
        monkeypatch.setattr(corroboration, "_GAP", rng.choice([1, 2, 5]))
        for ranges in (1, 3, 100):  # one pass of the table, or a query per range
            monkeypatch.setattr(corroboration, "_RANGES", ranges)
            assert corroborate(connection, wanted, Independence(connection)) == by_ids
        monkeypatch.undo()
        connection.close()


def test_a_reprint_linked_through_a_later_revision_still_counts_as_its_original() -> None:
    """Revisions 1 ← 2 ← 3 of an article with no outlet; 2 reprints source 4, a wire story graded A."""
    connection = random_store(random.Random(0), 1, 1)
    for table in ("source", "source_relation", "evidence", "claim_relation", "source_credit"):
        connection.execute(text(f"DELETE FROM {table}"))
    connection.execute(text("INSERT INTO outlet VALUES (9, 'Wire', 'A', 'wire')"))
    for source, outlet, older in ((1, None, None), (2, None, 1), (3, None, 2), (4, 9, None)):
        connection.execute(text("INSERT INTO source VALUES (:i, :o, :r)"), {"i": source, "o": outlet, "r": older})
    connection.execute(text("INSERT INTO source_relation (a, b, kind) VALUES (4, 2, 'syndicated')"))
    for source in (1, 3):
        connection.execute(text("INSERT INTO evidence (claim_id, source_id, stance, anchor_status) "
                                "VALUES (1, :s, 'supports', 'anchored')"), {"s": source})  # fmt: skip
    graded = corroborate(connection, [1])[1]
    assert (graded.outlets, graded.suggested_credibility) == (["Wire"], 2)
    assert graded == corroborate(connection, [1], Independence(connection))[1]
