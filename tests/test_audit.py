"""The audit chain: every change is chained, and any edit made outside the workbench is caught."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Store, audit
from store.audit import GENESIS, Change, EventDraft, canonical, event_hash
from tests.conftest import write_concurrently
from workbench.claims import EvidenceSpec, create_claim, link_evidence, set_claim_status
from workbench.integrity import verify_store
from workbench.outlets import grade_outlet
from workbench.spans import Quote


@pytest.fixture
def reviewed(sample_store: Store) -> Store:
    """Samples plus one claim with two evidence links, verified, and AFP graded."""
    claim = create_claim(
        store=sample_store,
        actor="ana",
        text="At least five T-72B3 tanks were delivered to Mali",
        evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))],
    )
    link_evidence(
        store=sample_store, actor="ben", claim_id=claim.id, evidence=EvidenceSpec(2, Quote("two helicopters", 1))
    )
    set_claim_status(store=sample_store, actor="ben", claim_id=claim.id, status="verified")
    grade_outlet(store=sample_store, actor="ana", name="AFP", reliability="B")
    return sample_store


def tamper(db: Path, *statements: str) -> None:
    """Edit the file directly, as someone bypassing the workbench would (triggers dropped first)."""
    with sqlite3.connect(db) as connection:
        for trigger in ("audit_event_no_update", "audit_event_no_delete", "source_text_immutable"):
            connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in statements:
            connection.execute(statement)


def test_untouched_store_verifies(reviewed: Store) -> None:
    result = verify_store(store=reviewed)
    assert result.ok, result.problems
    assert result.events == 6  # 2 imports, create, link, status, grade


def test_hash_rule_is_the_documented_one(reviewed: Store, db_path: Path) -> None:
    """A third party can recompute the chain from the file with nothing but sha256 and JSON."""
    rows = sqlite3.connect(db_path).execute(
        "SELECT seq, at, actor, action, entity, entity_id, data, prev_hash, hash FROM audit_event ORDER BY seq"
    )
    prev = GENESIS
    for seq, at, actor, action, entity, entity_id, data, prev_hash, digest in rows:
        header = json.dumps(
            {"action": action, "actor": actor, "at": at, "entity": entity, "entity_id": entity_id, "seq": seq},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        assert prev_hash == prev
        assert hashlib.sha256(f"{prev}\n{header}\n{data}".encode()).hexdigest() == digest
        prev = digest


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE audit_event SET actor = 'mallory' WHERE seq = 4", "event #4: content does not match its hash"),
        ("UPDATE audit_event SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 2", "event #2"),
        (
            "UPDATE audit_event SET data = replace(data, '\"verified\"', '\"rejected\"') WHERE seq = 5",
            "event #5: content does not match its hash",
        ),
        ("DELETE FROM audit_event WHERE seq = 3", "event #4"),
        ("UPDATE audit_event SET hash = prev_hash WHERE seq = 1", "event #1"),
    ],
)
def test_any_change_to_a_past_event_is_detected(reviewed: Store, db_path: Path, statement: str, expected: str) -> None:
    tamper(db_path, statement)
    result = verify_store(store=reviewed)
    assert not result.ok
    assert result.first_problem is not None and result.first_problem.startswith(expected)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "UPDATE claim SET text = 'At least six T-72B3 tanks' WHERE id = 1",
            "claim 1: text not as recorded in event #5",
        ),
        ("UPDATE claim SET status = 'rejected' WHERE id = 1", "claim 1: status"),
        ("UPDATE evidence SET start = start + 1 WHERE id = 1", "evidence 1: start"),
        ("UPDATE evidence SET stance = 'refutes' WHERE id = 2", "evidence 2: stance"),
        ("UPDATE outlet SET reliability = 'A' WHERE name = 'AFP'", "outlet 1: reliability"),
        ("UPDATE source SET published_at = '2021' WHERE id = 2", "source 2: published_at"),
        (
            "UPDATE source SET text = replace(text, 'two helicopters', 'four helicopters') WHERE id = 2",
            "source 2: text",
        ),
        ("DELETE FROM evidence WHERE id = 2", "evidence 2: recorded in event #4 but missing"),
        ("DELETE FROM evidence WHERE id = 1", "evidence 1: recorded in event #"),  # a row before others, not the last
        ("DELETE FROM claim", "claim 1: recorded in event #"),  # a table left empty
        (
            "INSERT INTO claim (text, status, credibility, created_by, created_at, updated_at, version)"
            " VALUES ('planted', 'verified', 1, 'mallory', 'x', 'x', 1)",
            "claim 2: no audit event records this row",
        ),
    ],
)
def test_any_change_to_an_audited_row_is_detected(
    reviewed: Store, db_path: Path, statement: str, expected: str
) -> None:
    tamper(db_path, statement)
    result = verify_store(store=reviewed)
    assert not result.ok
    assert any(p.startswith(expected) for p in result.problems), result.problems


def test_rewriting_text_and_its_hash_together_is_still_caught(reviewed: Store, db_path: Path) -> None:
    forged = "forged text"
    digest = hashlib.sha256(forged.encode()).hexdigest()
    tamper(db_path, f"UPDATE source SET text = '{forged}', content_sha256 = '{digest}', length = 11 WHERE id = 1")
    result = verify_store(store=reviewed)
    assert any(p.startswith("source 1: content_sha256, length not as recorded") for p in result.problems)


def test_truncating_the_tail_without_undoing_its_changes_is_caught(reviewed: Store, db_path: Path) -> None:
    tamper(db_path, "DELETE FROM audit_event WHERE seq = 6")
    result = verify_store(store=reviewed)
    assert any(p.startswith("outlet 1: reliability not as recorded in event #2") for p in result.problems)


def test_a_clean_truncation_needs_an_expected_head_to_be_caught(reviewed: Store, db_path: Path) -> None:
    """Remove the last event and put its row back: the chain alone cannot tell; a recorded head can."""
    recorded_head = verify_store(store=reviewed).head
    tamper(db_path, "DELETE FROM audit_event WHERE seq = 6", "UPDATE outlet SET reliability = 'F' WHERE id = 1")
    # this machine's checkpoint is such a head: the next check starts from it and misses it
    since = verify_store(store=reviewed)
    assert since.first_problem is not None
    assert since.first_problem.startswith("the chain no longer holds event #6 as last verified")
    # the event's lines in the log's row index are left behind: from scratch too, that shows
    assert verify_store(store=reviewed, full=True).first_problem == (
        "the log's index of rows holds 11 lines where the events call for 10"
    )
    tamper(db_path, "DROP TRIGGER audit_event_row_no_delete", "DELETE FROM audit_event_row WHERE seq = 6")
    assert verify_store(store=reviewed, full=True).ok  # the documented limit, from scratch
    result = verify_store(store=reviewed, expect=recorded_head, full=True)
    assert not result.ok
    assert result.first_problem == (
        f"the chain no longer holds the expected event {recorded_head}: events were removed or rewritten"
    )


def test_an_expected_head_that_is_still_there_passes(reviewed: Store) -> None:
    earlier = verify_store(store=reviewed).head
    grade_outlet(store=reviewed, actor="ana", name="AFP", reliability="A")
    assert verify_store(store=reviewed, expect=earlier).ok


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE claim SET text = CAST(text AS BLOB) WHERE id = 1", "claim 1: unreadable value (TypeError)"),
        ("UPDATE evidence SET anchor_score = 'abc' WHERE id = 1", "evidence 1: unreadable value (ValueError)"),
        ("UPDATE evidence SET anchor_score = 9e999 WHERE id = 2", "evidence 2: unreadable value (ValueError)"),
        ("UPDATE source SET text = CAST(text AS BLOB) WHERE id = 2", "source 2: unreadable value (AttributeError)"),
        ("UPDATE audit_event SET data = CAST(data AS BLOB) WHERE seq = 3", "event #3"),
    ],
)
def test_values_of_the_wrong_type_are_reported_not_fatal(
    reviewed: Store, db_path: Path, statement: str, expected: str
) -> None:
    tamper(db_path, statement)
    result = verify_store(store=reviewed)
    assert any(p.startswith(expected) for p in result.problems), result.problems


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    events=st.lists(
        st.tuples(
            st.text(min_size=1, max_size=12),
            st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=20), st.none()), max_size=4),
        ),
        min_size=1,
        max_size=12,
    ),
    victim=st.integers(min_value=0),
)
def test_chain_of_any_events_verifies_and_any_single_edit_breaks_it(
    store: Store, events: list[tuple[str, dict[str, object]]], victim: int
) -> None:
    with store.write() as connection:
        for trigger in ("audit_event_no_update", "audit_event_no_delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        connection.exec_driver_sql("DELETE FROM audit_event")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_row_no_delete")
        connection.exec_driver_sql("DELETE FROM audit_event_row")  # the log's index goes with it
        drafts = [
            EventDraft(actor=actor, action="test", change=Change("note", 1, None, state)) for actor, state in events
        ]
        audit.append(connection, drafts)
    with store.read() as connection:
        assert audit.verify(connection).problems == []
    seq = victim % len(events) + 1
    with store.write() as connection:
        connection.exec_driver_sql(f"UPDATE audit_event SET actor = actor || '!' WHERE seq = {seq}")
    with store.read() as connection:
        problems = audit.verify(connection).problems
    assert problems and problems[0].seq == seq


def test_concurrent_writers_keep_one_chain(sample_store: Store) -> None:
    """Four threads appending at once: BEGIN IMMEDIATE serialises them."""
    write_concurrently(sample_store, writers=4, claims_each=15)


def test_event_hash_depends_on_every_field() -> None:
    base = {"prev_hash": GENESIS, "seq": 1, "at": "t", "actor": "a", "action": "x", "entity": "claim", "entity_id": 1}
    data = canonical({"after": {"text": "x"}})
    reference = event_hash(**base, data=data)  # type: ignore[arg-type]
    for key, other in [
        ("seq", 2),
        ("at", "u"),
        ("actor", "b"),
        ("action", "y"),
        ("entity", "source"),
        ("entity_id", 2),
    ]:
        assert event_hash(**{**base, key: other}, data=data) != reference  # type: ignore[arg-type]
    assert event_hash(**base, data=data + " ") != reference  # type: ignore[arg-type]


def test_a_second_check_reads_only_what_came_since_the_first(reviewed: Store, db_path: Path) -> None:
    """After a clean check, the next starts from its checkpoint: it still catches edits of what changed since."""
    first = verify_store(store=reviewed)
    assert first.ok and first.since_seq is None  # the first check on this machine reads everything
    set_claim_status(store=reviewed, actor="ana", claim_id=1, status="disputed")
    second = verify_store(store=reviewed)
    assert second.ok and second.since_seq == 6 and second.events == 7
    assert verify_store(store=reviewed).since_seq == 7  # each clean check moves the checkpoint on
    set_claim_status(store=reviewed, actor="ana", claim_id=1, status="verified")
    tamper(db_path, "UPDATE claim SET credibility = 1 WHERE id = 1")  # a row the new event changed
    assert verify_store(store=reviewed).first_problem == "claim 1: credibility not as recorded in event #8"


def test_a_check_from_the_checkpoint_catches_rows_added_or_removed_behind_the_log(
    reviewed: Store, db_path: Path
) -> None:
    assert verify_store(store=reviewed).ok
    tamper(db_path, "INSERT INTO outlet (name, name_key, reliability, created_at) VALUES ('X', 'x', 'A', 'now')")
    assert verify_store(store=reviewed).problems == [
        "outlet 2: no audit event records this row",
        "outlet: 2 rows where the log accounts for 1 (added outside the workbench)",
    ]
    assert verify_store(store=reviewed, full=True).first_problem == "outlet 2: no audit event records this row"
    trigger = "CREATE TRIGGER row_change_evidence_delete AFTER DELETE ON evidence BEGIN SELECT 1; END"
    tamper(db_path, "DELETE FROM outlet WHERE id = 2", "DROP TRIGGER row_change_evidence_delete")
    tamper(db_path, "DELETE FROM evidence WHERE id = 2", trigger)  # removed, then put back empty
    assert verify_store(store=reviewed).problems == [
        "evidence: 1 rows where the log accounts for 2 (removed outside the workbench)"
    ]  # no trigger noted the row: the count gives it away


def test_a_check_from_the_checkpoint_catches_a_rewritten_new_event(reviewed: Store, db_path: Path) -> None:
    assert verify_store(store=reviewed).ok
    set_claim_status(store=reviewed, actor="ana", claim_id=1, status="disputed")
    tamper(db_path, "UPDATE audit_event SET actor = 'eve' WHERE seq = 7")
    assert verify_store(store=reviewed).first_problem == "event #7: content does not match its hash"


def test_an_edit_in_sql_of_a_row_nothing_touched_since_is_caught_from_the_checkpoint(
    reviewed: Store, db_path: Path
) -> None:
    """The store's triggers note every changed row: the quick check re-reads it, event or no event."""
    assert verify_store(store=reviewed).ok
    tamper(db_path, "UPDATE outlet SET reliability = 'A' WHERE id = 1")
    assert verify_store(store=reviewed).first_problem == "outlet 1: reliability not as recorded in event #6"


def test_an_edit_made_with_the_triggers_removed_needs_a_full_check(reviewed: Store, db_path: Path) -> None:
    """Triggers gone: the quick check says so. Dropped and put back around an edit: only --full sees it."""
    assert verify_store(store=reviewed).ok
    tamper(db_path, "DROP TRIGGER row_change_outlet_update")
    assert verify_store(store=reviewed).first_problem == (
        "the store's change triggers are gone (row_change_outlet_update and 0 more): run `audit verify --full`"
    )
    trigger = "CREATE TRIGGER row_change_outlet_update AFTER UPDATE ON outlet BEGIN SELECT 1; END"
    tamper(db_path, "UPDATE outlet SET reliability = 'A' WHERE id = 1", trigger)
    assert verify_store(store=reviewed).ok  # the documented limit
    full = verify_store(store=reviewed, full=True)
    assert full.first_problem == "outlet 1: reliability not as recorded in event #6"


def test_a_rows_history_is_read_from_the_index_of_changed_rows(reviewed: Store, db_path: Path) -> None:
    """Every event names its rows in `audit_event_row`: changed ones, and the ones they refer to."""
    lines = set(sqlite3.connect(db_path).execute("SELECT entity, entity_id, seq, changed FROM audit_event_row"))
    assert ("claim", 1, 3, 1) in lines  # created
    assert ("evidence", 2, 4, 1) in lines and ("claim", 1, 4, 1) in lines  # a quote linked to claim 1
    assert ("source", 2, 4, 0) in lines  # ... from source 2, which the link refers to but does not change
    from workbench.read.audit import audit_events

    with reviewed.read() as connection:
        assert [e.seq for e in audit_events(connection, ("claim", 1))] == [3, 4, 5]


def test_a_line_forged_into_the_log_s_row_index_is_caught(reviewed: Store, db_path: Path) -> None:
    """A line that makes event 3 show in claim 2's history: the events no longer account for the index."""
    tamper(db_path, "INSERT INTO audit_event_row (entity, entity_id, seq, changed) VALUES ('claim', 2, 3, 1)")
    assert verify_store(store=reviewed).first_problem == (
        "the log's index of rows holds 12 lines where the events call for 11"
    )
