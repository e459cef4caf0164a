"""Corrections without losing history: a claim's wording corrected, the old wording kept."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_a_claim_s_wording_is_corrected_and_the_old_one_stays_on_record(sample_cli: Cli) -> None:
    sample_cli.ok("claim", "add", "At least five T-72B3 tank", "--source", "1", "--quote", "at least five T-72B3")
    out = sample_cli.ok("claim", "edit", "1", "--text", "At least five T-72B3 tanks were delivered to Mali",
                        "--note", "typo, fuller wording")  # fmt: skip
    assert out.strip() == "claim 1: version 2"
    claim = json.loads(sample_cli.ok("show", "claim", "1", "--json"))
    assert claim["text"] == "At least five T-72B3 tanks were delivered to Mali" and len(claim["evidence"]) == 1
    assert claim["quantity"]["value"] == 5
    [event] = [e for e in json.loads(sample_cli.ok("audit", "log", "--json")) if e["action"] == "claim.edit"]
    assert (
        event["data"]["before"]["text"] == "At least five T-72B3 tank"
        and event["data"]["note"] == "typo, fuller wording"
    )
    assert "“At least five T-72B3 tank” → “At least five T-72B3 tanks were delivered to Mali”" in sample_cli.ok(
        "report", "claim", "1"
    )
    assert sample_cli.ok("audit", "verify").startswith("chain ok")
    assert sample_cli.ok(
        "claim", "edit", "1", "--text", "At least five T-72B3 tanks were delivered to Mali"
    ).strip() == (
        "claim 1: version 2"  # the same wording again: no change, no event
    )


def test_an_empty_wording_or_an_unknown_claim_is_one_line_and_changes_nothing(sample_cli: Cli) -> None:
    sample_cli.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    before = sample_cli.ok("audit", "log", "--json")
    for args in (["claim", "edit", "1", "--text", "   "], ["claim", "edit", "9", "--text", "Nine tanks"]):
        run = sample_cli(*args)
        assert run.code != 0 and run.stderr.count("\n") == 1
    assert sample_cli.ok("audit", "log", "--json") == before
