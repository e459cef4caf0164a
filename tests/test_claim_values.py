"""Claims carry the quantity, date and equipment they state; `candidates` suggests claims in a source."""

from __future__ import annotations

import json

from tests.conftest import AFP, Cli
from workbench.cli.app import Exit


def test_done_when_candidates_on_the_first_sample(sample_cli: Cli) -> None:
    found = json.loads(sample_cli.ok("candidates", "1", "--kind", "quantity", "--json"))
    by_text = {c["text"]: c for c in found}
    tanks = by_text["at least five T-72B3"]
    assert (tanks["qualifier"], tanks["value"], tanks["low"], tanks["high"], tanks["item"]) == (
        "at_least",
        5,
        5,
        None,
        "T-72B3",
    )
    brdm = by_text["half a dozen BRDM-2"]
    assert (brdm["qualifier"], brdm["value"], brdm["low"], brdm["high"], brdm["item"]) == ("approx", 6, 6, 6, "BRDM-2")
    text = sample_cli.ok("candidates", "1", "--kind", "quantity")
    assert "at least five T-72B3" in text and "at least 5 of T-72B3" in text
    assert "half a dozen BRDM-2" in text and "approx 6 of BRDM-2" in text


def test_candidates_json_shape_and_kinds(sample_cli: Cli) -> None:
    found = json.loads(sample_cli.ok("candidates", "2", "--json"))
    kinds = {c["kind"] for c in found}
    assert kinds == {"sentence", "quantity", "date", "item", "attribution"}
    assert all({"kind", "start", "end", "text"} <= c.keys() for c in found)
    starts = [c["start"] for c in found]
    assert starts == sorted(starts)
    only = json.loads(sample_cli.ok("candidates", "2", "--kind", "attribution", "--kind", "item", "--json"))
    assert {c["kind"] for c in only} == {"attribution", "item"}


def test_relative_dates_follow_the_publication_date(cli: Cli) -> None:
    cli.ok("import", str(AFP), "--published", "2022-08-11")
    [wednesday, *_] = json.loads(cli.ok("candidates", "1", "--kind", "date", "--json"))
    assert (wednesday["text"], wednesday["start_date"], wednesday["resolved"]) == ("late Wednesday", "2022-08-10", True)


def test_candidates_errors(sample_cli: Cli) -> None:
    bad = sample_cli("candidates", "1", "--kind", "claims")
    assert bad.code == Exit.usage and "--kind must be one of" in bad.stderr
    missing = sample_cli("candidates", "9")
    assert missing.code == Exit.refused and "no source with id 9" in missing.stderr


def test_a_claim_stores_what_it_states(sample_cli: Cli) -> None:
    claim = json.loads(
        sample_cli.ok(
            "claim", "add", "At least five T-72B3 tanks were delivered to Mali",
            "--source", "1", "--quote", "at least five T-72B3", "--json",
        )
    )  # fmt: skip
    assert claim["quantity"] == {
        "text": "At least five T-72B3",
        "value": 5.0,
        "low": 5.0,
        "high": None,
        "qualifier": "at_least",
        "item": "T-72B3",
        "item_key": "T-72B3",
        "unit": None,
    }
    assert claim["items"] == ["T-72B3"] and claim["date"] is None
    [listed] = json.loads(sample_cli.ok("claims", "--json"))
    assert listed["quantity"]["item_key"] == "T-72B3"


def test_what_the_claim_text_lacks_comes_from_its_quote(cli: Cli) -> None:
    cli.ok("import", str(AFP), "--published", "2022-08-11")
    claim = json.loads(
        cli.ok(
            "claim", "add", "Mali took delivery of Russian helicopters",
            "--source", "1", "--quote", "late Wednesday formally received two helicopters", "--json",
        )
    )  # fmt: skip
    assert claim["quantity"]["value"] == 2 and claim["quantity"]["item"] == "helicopters"
    assert claim["date"]["start_date"] == "2022-08-10" and claim["date"]["relative"] is True


def test_linking_evidence_adds_what_the_claim_lacked(cli: Cli) -> None:
    cli.ok("import", str(AFP), "--published", "2022-08-11")
    cli.ok("claim", "add", "Russia supplied a radar", "--source", "1", "--quote", "radar, and other equipment")
    before = json.loads(cli.ok("show", "claim", "1", "--json"))
    assert (before["quantity"], before["date"], before["items"]) == (None, None, None)
    cli.ok("claim", "link", "1", "--source", "1", "--quote", "a 59N6-TE radar")
    cli.ok("claim", "link", "1", "--source", "1", "--quote", "late Wednesday formally received two helicopters, radar")
    after = json.loads(cli.ok("show", "claim", "1", "--json"))
    assert after["items"] == ["59N6-TE"]
    assert after["date"]["start_date"] == "2022-08-10"
    assert after["quantity"]["text"] == "two helicopters"
