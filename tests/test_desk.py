"""The review desk from the command line: retract, move, merge, undo, notes, assignment, tags, cases, four eyes.

Every change is one audited event; the chain still verifies after each; a refusal is one line
and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARMOUR, Cli


def claim(cli: Cli, claim_id: int) -> dict[str, Any]:
    return json.loads(cli.ok("show", "claim", str(claim_id), "--json"))  # type: ignore[no-any-return]


def events(cli: Cli) -> list[dict[str, Any]]:
    return json.loads(cli.ok("audit", "log", "--json"))  # type: ignore[no-any-return]


def refused(cli: Cli, *args: str, reviewer: str | None = None) -> str:
    """Run a command that must be refused: one line, non-zero, nothing recorded."""
    before = cli.ok("audit", "log", "--json")
    run = cli(*args, reviewer=reviewer)
    assert run.code != 0 and run.stderr.count("\n") == 1, run.stderr
    assert cli.ok("audit", "log", "--json") == before
    return run.stderr


@pytest.fixture
def desk(sample_cli: Cli) -> Cli:
    """Claim 1 (tanks, source 1), claim 2 (two helicopters, source 2), claim 3 (helicopters, twice worded)."""
    sample_cli.ok("claim", "add", "At least five T-72B3 tanks were delivered to Mali", "--source", "1",
                  "--quote", "at least five T-72B3")  # fmt: skip
    sample_cli.ok("claim", "add", "Russia delivered two helicopters to Mali", "--source", "2",
                  "--quote", "two helicopters", "--occurrence", "1")  # fmt: skip
    sample_cli.ok("claim", "add", "Mali received two helicopters from Russia", "--source", "2",
                  "--quote", "received two helicopters")  # fmt: skip
    return sample_cli


def test_a_retracted_link_stays_on_record_and_no_longer_supports(desk: Cli) -> None:
    desk.ok("claim", "set", "1", "--status", "verified")
    assert "say why" in refused(desk, "claim", "unlink", "1", "--note", "  ")
    assert desk.ok("claim", "unlink", "1", "--note", "the quote is about the 2021 delivery").strip() == (
        "evidence 1 on claim 1: retracted"
    )
    found = claim(desk, 1)
    [evidence] = found["evidence"]
    assert evidence["retracted_by"] == "ana" and evidence["retraction_note"] == "the quote is about the 2021 delivery"
    # verified on nothing is not verified: back in review, in the same event, and no longer approved
    assert found["status"] == "in_review" and found["approved_by"] is None and found["independent_sources"] == 0
    assert "RETRACTED by ana: the quote is about the 2021 delivery" in desk.ok("show", "claim", "1")
    assert "cannot be verified" in refused(desk, "claim", "set", "1", "--status", "verified")
    assert "already retracted" in refused(desk, "claim", "unlink", "1", "--note", "again")
    exported = json.loads(desk.ok("export", "--status", "all", "--format", "json"))
    [record] = [c for c in exported["claims"] if c["id"] == 1]
    assert record["evidence"][0]["retracted"]["note"] == "the quote is about the 2021 delivery"
    assert "Retracted:** by ana" in desk.ok("report", "claim", "1")
    assert desk.ok("audit", "verify").startswith("chain ok")


def test_evidence_moves_to_the_claim_it_belongs_to(desk: Cli) -> None:
    desk.ok("claim", "move", "3", "2", "--note", "the same statement")
    assert [e["id"] for e in claim(desk, 2)["evidence"]] == [2, 3]
    assert claim(desk, 3)["evidence"] == []
    [event] = [e for e in events(desk) if e["action"] == "evidence.move"]
    assert event["data"]["before"]["claim_id"] == 3 and event["data"]["after"]["claim_id"] == 2
    assert "already on claim 2" in refused(desk, "claim", "move", "3", "2")
    assert "no evidence with id 9" in refused(desk, "claim", "move", "9", "2")


def test_a_merged_claim_points_to_the_survivor_which_takes_its_evidence_tags_cases_and_history(desk: Cli) -> None:
    desk.ok("claim", "tag", "3", "helicopters")
    desk.ok("case", "add", "Mali deliveries")
    desk.ok("case", "put", "Mali deliveries", "--claim", "3")
    desk.ok("claim", "merge", "3", "2", "--note", "one delivery, worded twice")
    gone, kept = claim(desk, 3), claim(desk, 2)
    assert gone["merged_into"] == 2 and gone["status"] == "rejected" and gone["evidence"] == []
    assert [e["id"] for e in kept["evidence"]] == [2, 3] and kept["tags"] == ["helicopters"]
    listed = json.loads(desk.ok("claims", "--json"))
    assert [c["id"] for c in listed] == [1, 2]  # a merged claim is no longer a claim to review
    assert [c["id"] for c in json.loads(desk.ok("claims", "--case", "Mali deliveries", "--json"))] == [2]
    dossier = desk.ok("report", "claim", "2")
    assert "Merged into it:** claim 3" in dossier and "one delivery, worded twice" in dossier
    assert "Mali received two helicopters from Russia" in dossier  # the merged claim's creation, in its history
    assert "was merged into claim 2" in refused(desk, "claim", "merge", "3", "1")
    assert "merged into itself" in refused(desk, "claim", "merge", "2", "2")
    assert desk.ok("audit", "verify").startswith("chain ok")


def test_merging_carries_decisions_and_refuses_over_a_confirmed_contradiction(desk: Cli) -> None:
    desk.ok("contradiction", "add", "1", "3")
    desk.ok("contradiction", "add", "2", "3")
    assert "contradict each other" in refused(desk, "claim", "merge", "3", "2")
    desk.ok("contradiction", "dismiss", "2")
    desk.ok("claim", "merge", "3", "2")
    relations = claim(desk, 2)
    contradictions = json.loads(desk.ok("contradictions", "--json"))
    assert [(r["a"], r["b"]) for r in contradictions if r["status"] == "confirmed"] == [(1, 2)]
    assert relations["contradicted"] is True


def test_undo_takes_back_my_last_action_by_a_new_event_and_refuses_over_someone_else_s_change(desk: Cli) -> None:
    desk.ok("claim", "set", "1", "--status", "verified")
    desk.ok("claim", "set", "1", "--status", "disputed")
    count = len(events(desk))
    assert desk.ok("undo").startswith(f"event #{count + 1} undoes #{count} claim.status")
    assert claim(desk, 1)["status"] == "verified" and claim(desk, 1)["approved_by"] == "ana"
    assert len(events(desk)) == count + 1  # nothing deleted: one more event
    desk.ok("undo")  # again: the action before
    assert claim(desk, 1)["status"] == "in_review"
    desk.ok("claim", "set", "2", "--credibility", "2")
    desk.ok("claim", "set", "2", "--credibility", "3", reviewer="bob")
    assert "changed since by bob" in refused(desk, "undo")
    assert "undoes" in desk.ok("undo", reviewer="bob") and claim(desk, 2)["credibility"] == 2
    assert desk.ok("audit", "verify").startswith("chain ok")


def test_undo_of_a_link_a_merge_and_a_new_claim_puts_every_row_back(desk: Cli) -> None:
    desk.ok("claim", "merge", "3", "2")
    desk.ok("undo")
    assert claim(desk, 3)["merged_into"] is None and [e["id"] for e in claim(desk, 3)["evidence"]] == [3]
    assert [e["id"] for e in claim(desk, 2)["evidence"]] == [2]
    desk.ok("claim", "link", "1", "--source", "2", "--quote", "at least four helicopters")
    desk.ok("undo")
    # a link or a claim the undone action created is withdrawn, never deleted: its id is on record
    [kept, undone] = claim(desk, 1)["evidence"]
    assert kept["retracted_at"] is None and undone["retraction_note"].startswith("undone: #")
    assert claim(desk, 1)["independent_sources"] == 1
    desk.ok("claim", "add", "A stray claim", "--source", "1", "--quote", "T-72B3", "--occurrence", "1")
    desk.ok("undo")
    stray = claim(desk, 4)
    assert stray["status"] == "rejected" and stray["evidence"][0]["retracted_at"] is not None
    assert desk.ok("claim", "add", "Another claim", "--source", "1", "--quote", "main battle tanks").strip() == "5"
    assert desk.ok("audit", "verify").startswith("chain ok")
    assert "nothing to undo" in refused(desk, "undo", reviewer="carol")
    desk.ok("import", "--help")
    desk.ok("config", "four_eyes", "on")
    desk.ok("undo")
    assert "four_eyes = off" in desk.ok("config")


def test_a_note_is_about_my_last_decision_and_shows_in_the_trail_and_the_dossier(desk: Cli) -> None:
    desk.ok("claim", "set", "1", "--status", "disputed")
    decided = len(events(desk))
    out = desk.ok("note", "claim", "1", "the video is from 2021")
    assert out.strip() == f"event #{decided + 1}: note on claim 1 about #{decided}"
    assert f"about event #{decided}" in desk.ok("report", "claim", "1")
    assert "the video is from 2021" in desk.ok("report", "audit")
    assert "notes go on" in refused(desk, "note", "outlet_alias", "1", "x")
    assert "no claim with id 9" in refused(desk, "note", "claim", "9", "x")


def test_assignment_gives_each_reviewer_a_queue_and_tags_filter_claims(desk: Cli) -> None:
    desk.ok("claim", "assign", "2", "bob", "--note", "you read Russian")
    desk.ok("claim", "assign", "3", "bob")
    assert [c["id"] for c in json.loads(desk.ok("claims", "--mine", "--json", reviewer="bob"))] == [2, 3]
    assert json.loads(desk.ok("claims", "--mine", "--json")) == []
    desk.ok("claim", "assign", "3", "--nobody")
    assert [c["id"] for c in json.loads(desk.ok("claims", "--assigned", "bob", "--json"))] == [2]
    desk.ok("claim", "tag", "1", "Armour", "needs translation")
    desk.ok("claim", "tag", "1", "armour")  # the same tag in another case: no change
    assert claim(desk, 1)["tags"] == ["Armour", "needs translation"]
    assert [c["id"] for c in json.loads(desk.ok("claims", "--tag", "ARMOUR", "--json"))] == [1]
    desk.ok("claim", "untag", "1", "needs translation")
    assert claim(desk, 1)["tags"] == ["Armour"]
    assert "comma" in refused(desk, "claim", "tag", "1", "a,b")


def test_cases_narrow_listings_search_matching_exports_and_the_audit_report(desk: Cli) -> None:
    desk.ok("case", "add", "Helicopters")
    assert "already a case" in refused(desk, "case", "add", "helicopters")
    desk.ok("case", "put", "helicopters", "--source", "2", "--claim", "2", "--claim", "3")
    assert "no source with id 9" in refused(desk, "case", "put", "Helicopters", "--source", "9")
    [case] = json.loads(desk.ok("cases", "--json"))
    assert (case["name"], case["sources"], case["claims"]) == ("Helicopters", 1, 2)
    assert [s["id"] for s in json.loads(desk.ok("sources", "--case", "Helicopters", "--json"))] == [2]
    hits = json.loads(desk.ok("search", "helicopters", "--case", "Helicopters", "--json"))
    assert hits and {h["source_id"] for h in hits} == {2}
    assert json.loads(desk.ok("search", "T-72B3", "--case", "Helicopters", "--json")) == []
    matched = json.loads(desk.ok("match", "--case", "Helicopters", "--json"))
    assert all({m["a"], m["b"]} <= {2, 3} for m in matched)
    report = desk.ok("report", "audit", "--case", "Helicopters")
    assert "Mali received two helicopters" in report and "T-72B3 tanks were delivered" not in report
    exported = json.loads(desk.ok("export", "--status", "all", "--case", "Helicopters", "--format", "json"))
    assert [c["id"] for c in exported["claims"]] == [2, 3]
    desk.ok("case", "drop", "Helicopters", "--claim", "3")
    assert [c["id"] for c in json.loads(desk.ok("claims", "--case", "Helicopters", "--json"))] == [2]
    assert "no case named 'Tanks'; the cases are: Helicopters" in refused(desk, "claims", "--case", "Tanks")


def test_with_four_eyes_on_a_reviewer_cannot_verify_their_own_claim_and_the_sign_off_is_recorded(
    desk: Cli, tmp_path: Path
) -> None:
    assert "four_eyes = off (default)" in desk.ok("config")
    desk.ok("config", "four_eyes", "on", "--note", "desk policy")
    assert "four_eyes = on (set by ana" in desk.ok("config")
    assert "another reviewer must verify" in refused(desk, "claim", "set", "1", "--status", "verified")
    desk.ok("claim", "edit", "2", "--text", "Russia delivered two combat helicopters to Mali", reviewer="bob")
    # bob last worded claim 2: neither ana (its creator) nor bob may sign it off
    for who in ("ana", "bob"):
        assert "another reviewer must verify" in refused(
            desk, "claim", "set", "2", "--status", "verified", reviewer=who
        )
    desk.ok("claim", "set", "1", "--status", "verified", reviewer="bob")
    signed = claim(desk, 1)
    assert (signed["approved_by"], signed["created_by"]) == ("bob", "ana")
    exported = json.loads(desk.ok("export", "--format", "json"))
    [record] = exported["claims"]
    assert (record["reviewed_by"], record["approved_by"]) == ("ana", "bob")
    assert "**Reviewed by:** ana; **approved by** bob" in desk.ok("report", "claim", "1")
    claims_csv = tmp_path / "verified.csv"
    claims_csv.write_text("text,source,quote,status\nFive tanks,1,T-72B3,verified\n", encoding="utf-8")
    assert "cannot start verified" in desk("claim", "import", str(claims_csv)).stderr
    assert "must be on or off" in refused(desk, "config", "four_eyes", "maybe")
    assert "no setting 'five_eyes'" in refused(desk, "config", "five_eyes", "on")


def test_a_retracted_link_is_not_carried_to_a_revision_and_can_be_linked_again(desk: Cli, tmp_path: Path) -> None:
    desk.ok("claim", "set", "1", "--status", "verified")
    desk.ok("claim", "unlink", "1", "--note", "not about this delivery")
    revised = tmp_path / "armour-v2.md"
    revised.write_text(ARMOUR.read_text(encoding="utf-8").replace("Photos and videos", "Footage"), encoding="utf-8")
    desk.ok("import", str(revised), "--revision-of", "1")
    assert [e["source_id"] for e in claim(desk, 1)["evidence"]] == [1]  # the withdrawn link stayed where it was
    assert "cannot be verified" in refused(desk, "claim", "set", "1", "--status", "verified")
    desk.ok("claim", "link", "2", "--source", "2", "--quote", "received two helicopters")
    desk.ok("claim", "unlink", "4", "--note", "wrong claim")
    desk.ok("claim", "link", "2", "--source", "2", "--quote", "received two helicopters", "--stance", "mentions")
    [again] = [e for e in claim(desk, 2)["evidence"] if e["id"] == 4]  # the same row stands again
    assert again["retracted_at"] is None and again["stance"] == "mentions"
    assert desk.ok("audit", "verify").startswith("chain ok")


def test_a_merged_claim_takes_no_more_changes_and_is_offered_nowhere(desk: Cli) -> None:
    desk.ok("claim", "merge", "3", "2")
    for args in (
        ["claim", "set", "3", "--status", "verified"],
        ["claim", "edit", "3", "--text", "Mali got helicopters"],
        ["claim", "link", "3", "--source", "1", "--quote", "T-72B3", "--occurrence", "1"],
        ["claim", "assign", "3", "bob"],
        ["claim", "tag", "3", "x"],
    ):
        assert "was merged into claim 2" in refused(desk, *args)
    assert all(s["claim_id"] != 3 for s in json.loads(desk.ok("suggest", "2", "--json")))
    assert all(3 not in (m["a"], m["b"]) for m in json.loads(desk.ok("match", "--full", "--json")))


def test_merging_keeps_decisions_over_suggestions_and_refuses_to_overturn_one(desk: Cli) -> None:
    desk.ok("match", "decide", "2", "3", "distinct")
    assert "decided distinct" in refused(desk, "claim", "merge", "3", "2")
    desk.ok("claim", "add", "Russia sent two helicopters", "--source", "2", "--quote", "two helicopters",
            "--occurrence", "2")  # fmt: skip
    desk.ok("contradiction", "add", "1", "4")
    desk.ok("claim", "merge", "4", "3")
    contradictions = json.loads(desk.ok("contradictions", "--json"))
    assert [(r["a"], r["b"], r["status"]) for r in contradictions] == [(1, 3, "confirmed")]
    assert claim(desk, 3)["contradicted"] is True


def test_with_four_eyes_a_verified_claim_changed_by_its_author_goes_back_for_sign_off(
    desk: Cli, tmp_path: Path
) -> None:
    desk.ok("config", "four_eyes", "on")
    desk.ok("claim", "set", "1", "--status", "verified", reviewer="bob")
    desk.ok("claim", "edit", "1", "--text", "At least fifty T-72B3 tanks were delivered to Mali")
    edited = claim(desk, 1)
    assert (edited["status"], edited["approved_by"]) == ("in_review", None)
    desk.ok("claim", "set", "1", "--status", "verified", reviewer="bob")
    desk.ok("claim", "link", "1", "--source", "2", "--quote", "at least four helicopters", "--stance", "mentions")
    assert claim(desk, 1)["status"] == "in_review"
    assert "made or last edited by ana" in refused(desk, "claim", "set", "1", "--status", "verified", reviewer="ANA")
