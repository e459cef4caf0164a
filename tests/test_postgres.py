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
    from workbench.errors import InvalidInput
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
