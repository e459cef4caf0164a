"""Corrected articles: evidence follows the text it quotes, or is orphaned and its claim reviewed again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from store import Store
from tests.conftest import ARMOUR, Cli
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim, link_evidence, set_claim_status
from workbench.cli.app import Exit
from workbench.errors import InvalidInput, NotFound
from workbench.ingest import Document, read_file
from workbench.integrity import verify_store
from workbench.revisions import reanchor_source
from workbench.sources import import_documents
from workbench.spans import Offsets, Quote

INSERTED = "Satellite images released this week confirm the convoy. "
TYPO_BEFORE, TYPO_AFTER = "a single Sukhou Su-25 Frogfoot", "a single Sukhoi Su-25 Frogfoot"
DELETED = "Some of the Spartak mine resistant ambush protected vehicles had 57 mm S-60 AA guns mounted on them.\n"


def corrected(tmp_path: Path) -> Path:
    """The first sample as its publisher might correct it: one sentence inserted, a typo fixed, one deleted."""
    text = ARMOUR.read_text(encoding="utf-8")
    text = text.replace("Photos and videos were published", INSERTED + "Photos and videos were published")
    text = text.replace(TYPO_BEFORE, TYPO_AFTER).replace(DELETED, "")
    path = tmp_path / "armour-corrected.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def three_claims(sample_store: Store) -> list[int]:
    quotes = ["at least five T-72B3", TYPO_BEFORE, "had 57 mm S-60 AA guns mounted on them"]
    ids = []
    for text, quote in zip(
        ["Five T-72B3 delivered", "One Su-25 delivered", "S-60 guns on Spartaks"], quotes, strict=True
    ):
        claim = create_claim(store=sample_store, actor="ana", text=text, evidence=[EvidenceSpec(1, Quote(quote))])
        set_claim_status(store=sample_store, actor="ana", claim_id=claim.id, status="verified")
        ids.append(claim.id)
    return ids


def test_done_when_a_corrected_sample_is_imported(sample_store: Store, three_claims: list[int], tmp_path: Path) -> None:
    [document] = read_file(corrected(tmp_path))
    [result] = import_documents(store=sample_store, actor="ben", documents=[document], revision_of=1)
    assert (result.status, result.revision_of, result.reanchored, result.orphaned) == ("revision", 1, 2, 1)

    anchors = {a.claim_id: a for a in fetch(sample_store, read.anchors, result.source_id)}
    tanks, sukhoi, guns = (anchors[i] for i in three_claims)
    assert (tanks.status, tanks.method, tanks.old_start, tanks.start) == (
        "reanchored",
        "exact",
        197,
        197 + len(INSERTED),
    )
    assert document.text[tanks.start : tanks.end] == "at least five T-72B3"  # type: ignore[misc]
    assert (sukhoi.status, sukhoi.method) == ("reanchored", "fuzzy") and sukhoi.exact == TYPO_AFTER
    assert sukhoi.score is not None and 80 <= sukhoi.score < 100 and sukhoi.old_exact == TYPO_BEFORE
    assert (guns.status, guns.start, guns.end, guns.exact) == (
        "orphaned",
        None,
        None,
        "had 57 mm S-60 AA guns mounted on them",
    )

    statuses = [fetch(sample_store, read.claim, i).status for i in three_claims]
    assert statuses == ["verified", "verified", "in_review"]
    actions = [(e.action, e.entity) for e in fetch(sample_store, read.audit_events)][-5:]
    assert actions == [
        ("source.revise", "source"),
        ("evidence.reanchor", "evidence"),
        ("evidence.reanchor", "evidence"),
        ("evidence.reanchor", "evidence"),
        ("claim.status", "claim"),
    ]
    assert "orphaned" in fetch(sample_store, read.audit_events)[-1].data["note"]
    assert verify_store(store=sample_store).ok


def test_the_old_revision_keeps_its_evidence(sample_store: Store, three_claims: list[int], tmp_path: Path) -> None:
    [document] = read_file(corrected(tmp_path))
    import_documents(store=sample_store, actor="ben", documents=[document], revision_of=1)
    old = fetch(sample_store, read.anchors, 1)
    assert [a.status for a in old] == ["anchored", "anchored", "anchored"]


def test_verifying_needs_support_on_the_current_revision(
    sample_store: Store, three_claims: list[int], tmp_path: Path
) -> None:
    [document] = read_file(corrected(tmp_path))
    import_documents(store=sample_store, actor="ben", documents=[document], revision_of=1)
    with pytest.raises(InvalidInput, match="no supporting, anchored evidence"):
        set_claim_status(store=sample_store, actor="ana", claim_id=three_claims[2], status="verified")


def test_revisions_by_identity_carry_evidence_without_being_told(store: Store, tmp_path: Path) -> None:
    url = "https://example.com/mali"
    old = tmp_path / "old.txt"
    old.write_text("Mali received two helicopters late Wednesday, officials said.\n")
    new = tmp_path / "new.txt"
    new.write_text("UPDATE: corrected.\nMali received two helicopters late Wednesday, officials said.\n")
    from workbench.ingest import Overrides

    import_documents(store=store, actor="a", documents=read_file(old, overrides=Overrides(url=url)))
    claim = create_claim(
        store=store, actor="a", text="Two helicopters", evidence=[EvidenceSpec(1, Quote("two helicopters"))]
    )
    [result] = import_documents(store=store, actor="a", documents=read_file(new, overrides=Overrides(url=url)))
    assert (result.status, result.reanchored, result.orphaned) == ("revision", 1, 0)
    assert [e.source_id for e in fetch(store, read.claim, claim.id).evidence] == [1, 2]


def test_reanchor_by_hand_is_idempotent_and_needs_a_revision(
    sample_store: Store, three_claims: list[int], tmp_path: Path
) -> None:
    [document] = read_file(corrected(tmp_path))
    [result] = import_documents(store=sample_store, actor="ben", documents=[document], revision_of=1)
    events = len(fetch(sample_store, read.audit_events))
    again = reanchor_source(store=sample_store, actor="ana", old_id=1, new_id=result.source_id)
    assert len(again) == 3 and len(fetch(sample_store, read.audit_events)) == events  # nothing new to carry
    with pytest.raises(InvalidInput, match="not a revision of source 1"):
        reanchor_source(store=sample_store, actor="ana", old_id=1, new_id=2)
    forced = reanchor_source(store=sample_store, actor="ana", old_id=1, new_id=2, force=True)
    assert {a.status for a in forced} == {"orphaned"}  # the AFP story states none of it


def test_links_added_later_to_the_old_revision_can_be_carried(
    sample_store: Store, three_claims: list[int], tmp_path: Path
) -> None:
    [document] = read_file(corrected(tmp_path))
    [result] = import_documents(store=sample_store, actor="ben", documents=[document], revision_of=1)
    link_evidence(
        store=sample_store, actor="ana", claim_id=three_claims[0], evidence=EvidenceSpec(1, Quote("BMD IFVs"))
    )
    carried = reanchor_source(store=sample_store, actor="ana", old_id=1, new_id=result.source_id)
    assert len(carried) == 4 and any(a.exact == "BMD IFVs" for a in carried)


@pytest.mark.parametrize(
    ("revision_of", "error", "message"),
    [(99, NotFound, "no source with id 99"), (1, InvalidInput, "already has a newer revision")],
)
def test_bad_revision_of(
    sample_store: Store, tmp_path: Path, revision_of: int, error: type[Exception], message: str
) -> None:
    [document] = read_file(corrected(tmp_path))
    if revision_of == 1:
        import_documents(store=sample_store, actor="a", documents=[document], revision_of=1)
        document = replace(document, text=document.text + "\nA further correction.")
    with pytest.raises(error, match=message):
        import_documents(store=sample_store, actor="a", documents=[document], revision_of=revision_of)


def test_cli_anchors_and_reanchor(sample_cli: Cli, tmp_path: Path) -> None:
    sample_cli.ok("claim", "add", "Five T-72B3", "--source", "1", "--quote", "at least five T-72B3")
    sample_cli.ok("claim", "add", "Spartak guns", "--source", "1", "--quote", "had 57 mm S-60 AA guns mounted on them")
    run = sample_cli("import", str(corrected(tmp_path)), "--revision-of", "1")
    assert run.code == Exit.ok and run.stdout == "revision 3 of 1\n"
    assert "1 re-anchored, 1 orphaned" in run.stderr
    rows = json.loads(sample_cli.ok("anchors", "3", "--json"))
    assert [(r["status"], r["old_source_id"], r["old_start"]) for r in rows] == [
        ("reanchored", 1, 197),
        ("orphaned", 1, 535),
    ]
    text = sample_cli.ok("anchors", "3")
    assert "1:197–217" in text and "orphaned" in text
    assert json.loads(sample_cli.ok("reanchor", "1", "3", "--json")) == rows
    assert sample_cli("reanchor", "1", "1").stderr.startswith("error: a source cannot be re-anchored on itself")
    unrelated = sample_cli("reanchor", "1", "2")
    assert unrelated.code == Exit.refused and "pass --force" in unrelated.stderr
    assert sample_cli("import", str(ARMOUR), str(tmp_path), "--revision-of", "1").code == Exit.usage


def _versions(store: Store, *texts: str) -> list[int]:
    """Import successive versions of one article (same URL); return their source ids."""
    ids = []
    for text in texts:
        document = Document(text=text, format="txt", url="https://example.com/convoy")
        [result] = import_documents(store=store, actor="a", documents=[document])
        ids.append(result.source_id)
    return ids


SENTENCE = "Officials counted five tanks in the convoy near the airport. "
V1 = "The convoy reached Gao on Monday. " + SENTENCE + "The army declined to comment.\n"


def test_an_orphaned_link_is_found_again_when_its_text_returns(store: Store) -> None:
    [v1] = _versions(store, V1)
    claim = create_claim(store=store, actor="a", text="Five tanks", evidence=[EvidenceSpec(v1, Quote("five tanks"))])
    v2, v3 = _versions(store, V1.replace(SENTENCE, ""), V1.replace("Monday", "Tuesday"))
    assert [a.status for a in fetch(store, read.anchors, v2)] == ["orphaned"]
    [back] = fetch(store, read.anchors, v3)
    assert back.status == "reanchored" and back.exact == "five tanks"
    assert [e.current for e in fetch(store, read.claim, claim.id).evidence] == [False, False, True]


def test_two_links_landing_on_one_span_do_not_break_the_import(store: Store) -> None:
    paragraph = "An AFP journalist saw two helicopters at the base.\n"
    [v1] = _versions(store, "Intro.\n" + paragraph + paragraph + "End.\n")
    second = len("Intro.\n" + paragraph)
    claim = create_claim(
        store=store,
        actor="a",
        text="Two helicopters",
        evidence=[
            EvidenceSpec(v1, Quote("two helicopters", occurrence=1)),
            EvidenceSpec(v1, Offsets(second + paragraph.index("two"), second + paragraph.index("two") + 15)),
        ],
    )
    [v2] = _versions(store, "Intro.\n" + paragraph + "End.\n")  # the duplicated paragraph removed
    statuses = sorted(a.status for a in fetch(store, read.anchors, v2))
    assert statuses == ["orphaned", "reanchored"]
    assert len(fetch(store, read.claim, claim.id).evidence) == 4
