"""Core services: each change is one transaction with exactly one audit event; a failure writes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store import Store
from tests.conftest import AFP, dump
from workbench import read
from workbench.access import fetch
from workbench.claims import (
    EvidenceSpec,
    NewClaim,
    create_claim,
    create_claims,
    link_evidence,
    set_claim_status,
    set_credibility,
)
from workbench.errors import Conflict, InvalidInput, NotFound, WorkbenchError
from workbench.ingest import read_file
from workbench.outlets import grade_outlet
from workbench.sources import import_source
from workbench.spans import Offsets, Quote

TANKS = "At least five T-72B3 tanks were delivered to Mali"


def new_claim(store: Store, text: str = TANKS, quote: str = "at least five T-72B3", source: int = 1) -> int:
    return create_claim(store=store, actor="ana", text=text, evidence=[EvidenceSpec(source, Quote(quote))]).id


def last_event(store: Store) -> Any:
    return fetch(store, read.audit_events)[-1]


def count(store: Store) -> int:
    return len(fetch(store, read.audit_events))


def test_create_claim_records_claim_and_evidence_in_one_event(sample_store: Store) -> None:
    before = count(sample_store)
    claim = create_claim(
        store=sample_store,
        actor="ana",
        text=f"  {TANKS}  ",
        evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))],
        credibility=3,
    )
    assert (claim.text, claim.status, claim.credibility, claim.version) == (TANKS, "in_review", 3, 1)
    assert count(sample_store) == before + 1
    event = last_event(sample_store)
    assert (event.action, event.entity, event.entity_id, event.actor) == ("claim.create", "claim", claim.id, "ana")
    assert event.data["before"] is None and event.data["after"]["text"] == TANKS
    [evidence] = event.data["related"]
    assert evidence["entity"] == "evidence" and evidence["after"]["exact"] == "at least five T-72B3"


def test_claim_without_evidence_is_a_draft_until_linked(sample_store: Store) -> None:
    claim = create_claim(store=sample_store, actor="ana", text=TANKS)
    assert claim.status == "draft" and claim.evidence == []
    link_evidence(store=sample_store, actor="ben", claim_id=claim.id, evidence=EvidenceSpec(1, Quote("T-72B3")))
    assert fetch(sample_store, read.claim, claim.id).status == "in_review"


def test_link_evidence_is_one_event_and_bumps_the_claim_version(sample_store: Store) -> None:
    claim_id = new_claim(sample_store)
    before = count(sample_store)
    evidence = link_evidence(
        store=sample_store,
        actor="ben",
        claim_id=claim_id,
        evidence=EvidenceSpec(2, Quote("at least five transport trucks"), stance="mentions"),
    )
    assert count(sample_store) == before + 1
    event = last_event(sample_store)
    assert (event.action, event.entity, event.entity_id) == ("evidence.link", "evidence", evidence.id)
    [claim_change] = event.data["related"]
    assert claim_change["before"]["version"] == 1 and claim_change["after"]["version"] == 2
    assert fetch(sample_store, read.claim, claim_id).version == 2


@pytest.mark.parametrize(
    ("service", "kwargs", "field", "old", "new"),
    [
        (set_claim_status, {"status": "disputed"}, "status", "in_review", "disputed"),
        (set_credibility, {"credibility": 2}, "credibility", 6, 2),
    ],
)
def test_setters_record_before_and_after(
    sample_store: Store, service: Callable[..., Any], kwargs: dict[str, Any], field: str, old: Any, new: Any
) -> None:
    claim_id = new_claim(sample_store)
    before = count(sample_store)
    claim = service(store=sample_store, actor="ben", claim_id=claim_id, note="checked the footage", **kwargs)
    assert getattr(claim, field) == new and claim.version == 2
    assert count(sample_store) == before + 1
    event = last_event(sample_store)
    assert event.data["before"][field] == old and event.data["after"][field] == new
    assert event.data["note"] == "checked the footage" and event.actor == "ben"


def test_setting_the_same_value_records_nothing(sample_store: Store) -> None:
    claim_id = new_claim(sample_store)
    before = count(sample_store)
    set_claim_status(store=sample_store, actor="ben", claim_id=claim_id, status="in_review")
    set_credibility(store=sample_store, actor="ben", claim_id=claim_id, credibility=6)
    grade_outlet(store=sample_store, actor="ben", name="AFP", reliability="F")
    assert count(sample_store) == before


def test_grade_outlet_is_one_event_and_case_insensitive(sample_store: Store) -> None:
    before = count(sample_store)
    outlet = grade_outlet(store=sample_store, actor="ana", name="afp", reliability="b")
    assert (outlet.name, outlet.reliability, outlet.sources) == ("AFP", "B", 1)
    assert count(sample_store) == before + 1
    assert last_event(sample_store).data["before"]["reliability"] == "F"


def test_import_source_is_one_event_including_a_new_outlet(store: Store) -> None:
    [document] = read_file(AFP)
    result = import_source(store=store, actor="ana", document=document)
    [event] = fetch(store, read.audit_events)
    assert (event.action, event.entity, event.entity_id) == ("source.import", "source", result.source_id)
    assert "text" not in event.data["after"]  # the text is covered by content_sha256
    assert event.data["after"]["content_sha256"] == hashlib.sha256(document.text.encode()).hexdigest()
    [outlet] = event.data["related"]
    assert outlet["entity"] == "outlet" and outlet["after"]["name"] == "AFP"


def test_verified_needs_supporting_evidence(sample_store: Store) -> None:
    claim = create_claim(store=sample_store, actor="ana", text=TANKS)
    with pytest.raises(InvalidInput, match="no supporting, anchored evidence"):
        set_claim_status(store=sample_store, actor="ana", claim_id=claim.id, status="verified")
    link_evidence(
        store=sample_store, actor="ana", claim_id=claim.id, evidence=EvidenceSpec(1, Quote("T-72B3"), "mentions")
    )
    with pytest.raises(InvalidInput):
        set_claim_status(store=sample_store, actor="ana", claim_id=claim.id, status="verified")
    link_evidence(store=sample_store, actor="ana", claim_id=claim.id, evidence=EvidenceSpec(1, Quote("at least five")))
    assert set_claim_status(store=sample_store, actor="ana", claim_id=claim.id, status="verified").status == "verified"


def test_outdated_version_is_a_conflict_not_an_overwrite(sample_store: Store) -> None:
    claim_id = new_claim(sample_store)
    seen = fetch(sample_store, read.claim, claim_id)
    set_claim_status(
        store=sample_store, actor="ana", claim_id=claim_id, status="disputed", expected_version=seen.version
    )
    with pytest.raises(Conflict, match="changed meanwhile"):
        set_claim_status(
            store=sample_store, actor="ben", claim_id=claim_id, status="rejected", expected_version=seen.version
        )
    assert fetch(sample_store, read.claim, claim_id).status == "disputed"


FAILURES: list[tuple[str, Callable[[Store], Any], type[WorkbenchError], str]] = [
    ("absent quote", lambda s: new_claim(s, quote="seven T-90 tanks"), InvalidInput, "not found"),
    ("ambiguous quote", lambda s: new_claim(s, quote="helicopters", source=2), InvalidInput, "occurs 5 times"),
    (
        "occurrence too high",
        lambda s: create_claim(
            store=s, actor="a", text="x", evidence=[EvidenceSpec(2, Quote("two helicopters", occurrence=3))]
        ),
        InvalidInput,
        "occurs 2 time",
    ),
    (
        "span out of range",
        lambda s: create_claim(store=s, actor="a", text="x", evidence=[EvidenceSpec(1, Offsets(10, 99_999))]),
        InvalidInput,
        "out of range",
    ),
    (
        "reversed span",
        lambda s: create_claim(store=s, actor="a", text="x", evidence=[EvidenceSpec(1, Offsets(40, 10))]),
        InvalidInput,
        "out of range",
    ),
    ("credibility 0", lambda s: create_claim(store=s, actor="a", text="x", credibility=0), InvalidInput, "1–6"),
    ("credibility 7", lambda s: create_claim(store=s, actor="a", text="x", credibility=7), InvalidInput, "1–6"),
    ("empty text", lambda s: create_claim(store=s, actor="a", text="   "), InvalidInput, "empty"),
    ("no reviewer", lambda s: create_claim(store=s, actor=" ", text="x"), InvalidInput, "reviewer"),
    ("unknown source", lambda s: new_claim(s, source=99), NotFound, "no source with id 99"),
    (
        "unknown claim",
        lambda s: set_claim_status(store=s, actor="a", claim_id=99, status="verified"),
        NotFound,
        "no claim with id 99",
    ),
    ("bad status", lambda s: set_claim_status(store=s, actor="a", claim_id=1, status="true"), InvalidInput, "status"),
    (
        "bad stance",
        lambda s: link_evidence(
            store=s, actor="a", claim_id=1, evidence=EvidenceSpec(1, Quote("Wagner PMC"), "agrees")
        ),
        InvalidInput,
        "stance",
    ),
    (
        "duplicate link",
        lambda s: link_evidence(
            store=s, actor="a", claim_id=1, evidence=EvidenceSpec(1, Quote("at least five T-72B3"))
        ),
        InvalidInput,
        "already linked",
    ),
    (
        "stale version",
        lambda s: set_credibility(store=s, actor="a", claim_id=1, credibility=2, expected_version=0),
        Conflict,
        "changed meanwhile",
    ),
    (
        "unknown outlet",
        lambda s: grade_outlet(store=s, actor="a", name="AFPP", reliability="A"),
        NotFound,
        "did you mean AFP",
    ),
    ("bad grade", lambda s: grade_outlet(store=s, actor="a", name="AFP", reliability="G"), InvalidInput, "A, B"),
    (
        "bad item in a batch",
        lambda s: create_claims(store=s, actor="a", claims=[NewClaim("fine"), NewClaim("bad", credibility=9)]),
        InvalidInput,
        "claim 2:",
    ),
]


@pytest.mark.parametrize(("name", "action", "error", "message"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failing_service_leaves_the_store_exactly_as_it_was(
    sample_store: Store,
    db_path: Path,
    name: str,
    action: Callable[[Store], Any],
    error: type[WorkbenchError],
    message: str,
) -> None:
    new_claim(sample_store)  # claim 1, for the cases that change a claim
    before = dump(db_path)
    with pytest.raises(error, match=message):
        action(sample_store)
    assert dump(db_path) == before


def test_quotes_are_typographically_forgiving_but_store_the_source_text(sample_store: Store) -> None:
    claim = create_claim(
        store=sample_store,
        actor="ana",
        text="Anti-drone protection on the turrets",
        evidence=[EvidenceSpec(1, Quote("the tanks' turrets"))],
    )
    assert claim.evidence[0].exact == "the tanks’ turrets"


def test_bulk_create_keeps_order_and_writes_one_event_per_claim(sample_store: Store) -> None:
    before = count(sample_store)
    items = [NewClaim(f"claim {i}", [EvidenceSpec(1 + i % 2, Quote("Mali", occurrence=1))]) for i in range(50)]
    ids = create_claims(store=sample_store, actor="bulk", claims=items)
    assert ids == sorted(ids) and len(ids) == 50
    assert count(sample_store) == before + 50
    assert fetch(sample_store, read.claim, ids[7]).text == "claim 7"
    events = fetch(sample_store, read.audit_events)[before:]
    assert [e.entity_id for e in events] == ids
    assert json.dumps(events[0].data["related"][0]["after"]["source_id"]) == "1"
