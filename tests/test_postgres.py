"""The same store on PostgreSQL: schema, services, verification, guards and concurrent appends.

Runs when ``WORKBENCH_TEST_POSTGRES`` holds a SQLAlchemy URL of a scratch database whose name
ends in ``_test`` (``.ci/run`` starts a throwaway server when PostgreSQL is installed); every
table in it is dropped.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store import Store, StoreError, open_store
from tests.conftest import AFP, ARMOUR, write_concurrently
from workbench.claims import EvidenceSpec, create_claim, set_claim_status
from workbench.errors import InvalidInput
from workbench.export import export, verify_bundle
from workbench.ingest import read_file
from workbench.integrity import verify_store
from workbench.outlets import grade_outlet
from workbench.sources import import_documents
from workbench.spans import Quote

URL = os.environ.get("WORKBENCH_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not URL, reason="WORKBENCH_TEST_POSTGRES is not set")


def _scratch(url: str) -> str:
    """The URL, if it names a database meant to be wiped: its name must end in ``_test``."""
    name = make_url(url).database or ""
    if not name.endswith("_test"):
        pytest.fail(f"refusing to drop every table of database {name!r}: its name must end in _test")
    return url


@pytest.fixture
def pg() -> Iterator[Store]:
    assert URL
    engine = create_engine(_scratch(URL))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        connection.execute(text("DROP FUNCTION IF EXISTS workbench_forbid_change() CASCADE"))
    engine.dispose()
    store = open_store(URL)
    for path in (ARMOUR, AFP):
        import_documents(store=store, actor="setup", documents=read_file(path))
    yield store
    store.close()


def test_services_and_verification(pg: Store) -> None:
    claim = create_claim(
        store=pg,
        actor="ana",
        text="At least five T-72B3 tanks",
        evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))],
    )
    set_claim_status(store=pg, actor="ana", claim_id=claim.id, status="verified")
    grade_outlet(store=pg, actor="ana", name="afp", reliability="B")
    assert verify_store(store=pg).ok
    with pg.engine.begin() as connection:
        connection.execute(text("UPDATE claim SET text = 'At least six' WHERE id = 1"))
    assert verify_store(store=pg).first_problem == "claim 1: text not as recorded in event #4"


def test_log_is_append_only(pg: Store) -> None:
    with pytest.raises(StoreError, match="cannot be changed"), pg.write() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'x'"))


def test_concurrent_writers_keep_one_chain(pg: Store) -> None:
    """Four threads appending at once: the advisory lock serialises them."""
    write_concurrently(pg, writers=4, claims_each=10)


def test_exports_and_a_bundle_from_postgresql(pg: Store, tmp_path: Path) -> None:
    claim = create_claim(store=pg, actor="ana", text="At least five T-72B3 tanks",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    set_claim_status(store=pg, actor="ana", claim_id=claim.id, status="verified")
    out = io.StringIO()
    export(store=pg, format="json", out=out, label="pg", reviewer="ana")
    [exported] = json.loads(out.getvalue())["claims"]
    assert exported["evidence"][0]["selectors"][1] == {"type": "TextPositionSelector", "start": 197, "end": 217}
    export(store=pg, format="bundle", target=tmp_path / "b", label="pg", reviewer="ana")
    assert verify_bundle(tmp_path / "b") == []


def test_a_read_only_postgresql_store_reads_but_refuses_changes(pg: Store) -> None:
    """The server says why (SQLSTATE 25006), and the reviewer reads "read-only", not a driver message."""
    from store import StoreReadOnly
    from workbench import read
    from workbench.access import fetch
    from workbench.errors import StoreFailure

    assert URL
    url = make_url(URL).update_query_dict({"options": "-c default_transaction_read_only=on"})
    with open_store(url.render_as_string(hide_password=False)) as read_only:
        assert len(fetch(read_only, read.sources)) == 2
        with pytest.raises(StoreFailure, match="read-only") as raised:
            grade_outlet(store=read_only, actor="ana", name="AFP", reliability="B")
        assert isinstance(raised.value.__cause__, StoreReadOnly)
    assert fetch(pg, read.outlets)[0].reliability == "F"


def test_search_suggestions_and_the_index_on_postgresql(pg: Store) -> None:
    """The same retrieval on tsvector and GIN: exact spans, filters, rebuild, both kinds of suggestion."""
    from workbench import read
    from workbench.access import fetch
    from workbench.claims import NewClaim, create_claims
    from workbench.search import index
    from workbench.search.find import Filters
    from workbench.suggest import claim_sources, suggest_evidence

    text = read_file(ARMOUR)[0].text
    [found] = fetch(pg, read.search_hits, '"at least five T-72B3"')
    assert (found.source_id, found.start, found.end, found.text) == (1, 197, 217, "at least five T-72B3")
    many = fetch(pg, read.search_hits, "helicopters OR tanks", limit=50)
    assert len(many) > 5 and all(h.score > 0 for h in many)
    assert {h.source_id for h in fetch(pg, read.search_hits, "helicop*", filters=Filters(outlets=["AFP"]))} == {2}
    assert fetch(pg, read.search_hits, "helicopters NOT Camara") and not [
        h for h in fetch(pg, read.search_hits, "helicopters NOT Camara") if "Camara" in h.sentence
    ]
    with pytest.raises(InvalidInput, match="never closed"):
        fetch(pg, read.search_hits, '"unclosed')
    claim = NewClaim("Russia delivered combat helicopters to Mali", [EvidenceSpec(2, Quote("combat helicopters", 1))])
    [claim_id] = create_claims(store=pg, actor="ana", claims=[claim])
    others = claim_sources(store=pg, claim_id=claim_id)
    assert others and {s.source_id for s in others} == {1} and all(text[s.start : s.end] == s.text for s in others)
    assert any(s.claim_id == claim_id for s in suggest_evidence(store=pg, source_id=1))
    before = [(h.source_id, h.start) for h in many]
    assert index.rebuild(store=pg) == 3
    assert [(h.source_id, h.start) for h in fetch(pg, read.search_hits, "helicopters OR tanks", limit=50)] == before


#: Login roles made for the team tests (roles are the server's, not the database's: kept between runs).
ANA, BOB = "workbench_ana_test", "workbench_bob_test"


@pytest.fixture
def team(pg: Store) -> Iterator[dict[str, Store]]:
    """``pg`` made a team store with two reviewers, and a store opened as each of them."""
    from workbench.team import init_team

    assert URL
    engine = create_engine(URL)
    with engine.begin() as connection:
        for role in (ANA, BOB):
            connection.execute(
                text(
                    f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                    f"THEN CREATE ROLE {role} LOGIN; END IF; END $$"
                )
            )
    engine.dispose()
    done = init_team(store=pg, members=[ANA, BOB])
    assert {ANA, BOB} <= set(done.members) and "claim" in done.guarded
    from workbench.access import open_store as open_signing  # signs as each reviewer with a key

    stores = {
        role: open_signing(make_url(URL).set(username=role).render_as_string(hide_password=False))
        for role in (ANA, BOB)
    }
    yield stores
    for store in stores.values():
        store.close()


def test_on_a_team_store_each_reviewer_acts_as_their_role_and_no_one_else(team: dict[str, Store]) -> None:
    ana = team[ANA]
    assert ana.role == ANA
    claim = create_claim(
        store=ana, actor=ANA, text="Two helicopters", evidence=[EvidenceSpec(2, Quote("two helicopters", 1))]
    )
    assert claim.created_by == ANA
    with pytest.raises(InvalidInput, match=f"act as your database role {ANA}; you may not act as {BOB}"):
        set_claim_status(store=ana, actor=BOB, claim_id=claim.id, status="disputed")
    # behind the workbench's back, the database itself refuses an event in another's name
    with pytest.raises(StoreError, match=f"{ANA} may not act as {BOB}"), ana.write() as connection:
        from store import audit
        from store.audit import Change, EventDraft

        audit.append(connection, [EventDraft(actor=BOB, action="note", change=Change("claim", claim.id, None, None))])
    set_claim_status(store=team[BOB], actor=BOB, claim_id=claim.id, status="disputed")
    assert verify_store(store=ana).ok


def test_a_team_reviewer_cannot_change_an_audited_row_without_its_event(team: dict[str, Store]) -> None:
    ana = team[ANA]
    claim = create_claim(
        store=ana, actor=ANA, text="Two helicopters", evidence=[EvidenceSpec(2, Quote("two helicopters", 1))]
    )
    for statement in (
        f"UPDATE claim SET text = 'Nine helicopters' WHERE id = {claim.id}",
        f"DELETE FROM evidence WHERE claim_id = {claim.id}",
        "INSERT INTO outlet (name, name_key, reliability, created_at) VALUES ('Forged', 'forged', 'A', '2024')",
    ):
        with pytest.raises(StoreError, match="without an audit event naming it"), ana.write() as connection:
            connection.exec_driver_sql(statement)
    for statement in (
        "UPDATE audit_event SET actor = 'x'",
        "DELETE FROM workbench_pending",
        "DROP TRIGGER workbench_note_event ON audit_event",
    ):
        with pytest.raises(StoreError), ana.write() as connection:
            connection.exec_driver_sql(statement)
    with ana.read() as connection:
        assert connection.exec_driver_sql(f"SELECT text FROM claim WHERE id = {claim.id}").scalar() == "Two helicopters"
    assert verify_store(store=ana).ok


def test_every_kind_of_change_goes_through_on_a_team_store_as_the_reviewer(
    team: dict[str, Store], tmp_path: Path
) -> None:
    """The guard lets the workbench's own writes through, each one naming every row it changes."""
    from workbench.cases import add_case, put
    from workbench.claims import NewClaim, create_claims, link_evidence
    from workbench.corrections import merge_claims, move_evidence, retract_evidence
    from workbench.desk import add_note, assign_claim, tag_claim
    from workbench.keys import init_key
    from workbench.relations import decide_duplicate, run_match
    from workbench.settings import set_setting
    from workbench.stories import split_sources
    from workbench.syndication import run_syndication
    from workbench.undo import undo

    ana, act = team[ANA], {"store": team[ANA], "actor": ANA}
    init_key(**act)  # in the key folder the store's signer reads (WORKBENCH_SIGNING_KEYS)
    from workbench.ingest.document import Document

    report = Document(text="Two helicopters reached Bamako on Tuesday.", format="text", title="Arrival", outlet="Desk")
    [result] = import_documents(**act, documents=[report])
    one, two, four = create_claims(
        **act,
        claims=[
            NewClaim("Russia delivered two helicopters to Mali", [EvidenceSpec(2, Quote("two helicopters", 1))]),
            NewClaim("Russia delivered 2 helicopters to Mali"),
            NewClaim("Russia delivered four helicopters to Mali"),
        ],
    )
    link_evidence(**act, claim_id=two, evidence=EvidenceSpec(2, Quote("two helicopters", 2)))
    run_match(**act)
    decide_duplicate(**act, a=one, b=two, decision="duplicate")
    grade_outlet(**act, name="AFP", reliability="B")
    set_setting(**act, name="four_eyes", to="on")
    assign_claim(**act, claim_id=four, reviewer=BOB)
    tag_claim(**act, claim_id=four, tags=["helicopters"])
    add_case(**act, name="Mali")
    put(**act, name="Mali", sources=[2], claims=[one])
    add_note(**act, entity="claim", entity_id=one, note="seen in the AFP wire")
    evidence = link_evidence(**act, claim_id=four, evidence=EvidenceSpec(2, Quote("at least four helicopters")))
    move_evidence(**act, evidence_id=evidence.id, claim_id=one)
    retract_evidence(**act, evidence_id=evidence.id, note="misread")
    merge_claims(**act, from_id=two, into_id=one)
    undo(**act)
    split_sources(**act, source_ids=[result.source_id])
    run_syndication(**act)
    verified = verify_store(store=ana)
    assert verified.ok and verified.unsigned == 2  # the two imports of the fixture, by a reviewer with no key
