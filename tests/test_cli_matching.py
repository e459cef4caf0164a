"""The CLI for cross-outlet work: output lines, JSON keys and exit codes of match, suggest, contradictions."""

from __future__ import annotations

import json
from pathlib import Path

from store import Store
from tests.conftest import Cli
from workbench.cli.app import Exit

HELICOPTERS = [
    ("Russia delivered two combat helicopters to Mali", "two helicopters"),
    ("Russia delivered four combat helicopters to Mali", "at least four helicopters"),
]


def with_claims(cli: Cli) -> Cli:
    for text, quote in HELICOPTERS:
        cli.ok("claim", "add", text, "--source", "2", "--quote", quote, "--occurrence", "1")
    cli.ok("claim", "add", "Russia delivered 2 combat helicopters to Mali", "--source", "2", "--quote", "Bamako")
    return cli


def test_match_prints_pairs_and_stores_them(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    run = cli("match")
    assert run.code == Exit.ok
    assert run.stdout.splitlines()[0].startswith(
        "1 ~ 2  contradiction (quantity) · suggested · score 100 · hard contradiction: different figures: "
        "2 combat helicopters / 4 combat helicopters (both deliver; both count helicopter;"
    )
    assert "    1: Russia delivered two combat helicopters to Mali" in run.stdout
    assert run.stderr.startswith("matched 3 claims in ")
    again = cli("match", "--json")  # nothing changed: nothing judged again, the queue stands
    assert json.loads(again.stdout) == [] and "0 new, 0 updated), 0 withdrawn" in again.stderr
    rows = json.loads(cli.ok("match", "--full", "--json"))
    assert {(r["a"], r["b"], r["kind"], r["status"]) for r in rows} == {
        (1, 2, "contradiction", "suggested"),
        (1, 3, "duplicate", "suggested"),
        (2, 3, "contradiction", "suggested"),
    }
    assert {"a", "b", "kind", "score", "status", "reason"} <= rows[0].keys()


def test_match_prints_the_first_suggestions_and_says_how_many_more_are_stored(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    run = cli("match", "--limit", "1")
    assert run.code == Exit.ok
    assert [line for line in run.stdout.splitlines() if " ~ " in line] == [run.stdout.splitlines()[0]]
    assert "… and 2 more, all stored" in run.stderr
    assert len(json.loads(cli.ok("match", "list", "--json"))) == 1  # the duplicate, stored though not shown
    everything = cli("match", "--full", "--limit", "0")
    assert sum(" ~ " in line for line in everything.stdout.splitlines()) == 3 and "more" not in everything.stderr


def test_decisions_survive_the_next_run(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    cli.ok("match")
    assert (
        cli.ok("match", "decide", "3", "1", "distinct", "--note", "other day")
        == "claims 1 and 3: distinct (dismissed)\n"
    )
    run = cli("match", "--full")
    assert "1 pair already decided" in run.stderr
    assert "1 ~ 3" not in run.stdout
    [row] = json.loads(cli.ok("match", "list", "--status", "dismissed", "--json"))
    assert (row["a"], row["b"], row["note"], row["decided_by"]) == (1, 3, "other day", "ana")
    assert "relation.decide" in cli.ok("audit", "log")


def test_contradictions_list_both_values_and_spans(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    cli.ok("match")
    text = cli.ok("contradictions")
    assert "A claim 1 — 2 combat helicopters: Russia delivered two combat helicopters to Mali" in text
    assert "source 2 (AFP)" in text and "⟦at least four helicopters⟧" in text
    [first, second] = json.loads(cli.ok("contradictions", "--json"))
    assert (first["side_a"]["value"], first["side_b"]["value"]) == ("2 combat helicopters", "4 combat helicopters")
    relation = str(first["id"])
    assert cli("contradiction", "resolve", relation).code == Exit.usage  # --note is required
    bad = cli("contradiction", "resolve", "99", "--note", "x")
    assert (bad.code, bad.stderr) == (1, "error: no contradiction with id 99\n")
    done = cli.ok("contradiction", "resolve", relation, "--winner", "b", "--note", "photos show four")
    assert done == f"contradiction {relation} (claims 1, 2): resolved\n"
    cli.ok("contradiction", "dismiss", str(second["id"]))
    assert cli.ok("contradictions") == ""
    assert len(json.loads(cli.ok("contradictions", "--all", "--json"))) == 2
    shown = json.loads(cli.ok("show", "claim", "1", "--json"))
    assert shown["suggested_credibility"] == 5 and shown["contradicted"] is False


def test_contradiction_add_takes_a_kind(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    row = json.loads(cli.ok("contradiction", "add", "3", "2", "--kind", "quantity", "--json"))
    assert (row["a"], row["b"], row["aspect"], row["status"]) == (2, 3, "quantity", "confirmed")
    assert cli("contradiction", "add", "1", "2", "--kind", "size").code == Exit.usage


def test_claims_json_carries_corroboration(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    [claim, *_] = json.loads(cli.ok("claims", "--json"))
    assert {"independent_sources", "outlets", "contradicted", "suggested_credibility", "duplicates"} <= claim.keys()
    assert (claim["independent_sources"], claim["outlets"]) == (1, ["AFP"])
    shown = cli.ok("show", "claim", "1")
    assert "sources:  1 independent (AFP)\n" in shown
    assert "suggested credibility: 3 (one independent source, graded F)" in shown


def test_suggest_lists_sentences_with_offsets(sample_cli: Cli) -> None:
    cli = sample_cli
    claim = "Russia provided at least four helicopters and weapons"
    cli.ok("claim", "add", claim, "--source", "1", "--quote", "Russia continues on its policy")  # recorded elsewhere
    rows = json.loads(cli.ok("suggest", "2", "--json"))
    [row] = [r for r in rows if r["claim_id"] == 1]
    assert {"claim_id", "start", "end", "text", "score"} <= row.keys()
    source = json.loads(cli.ok("show", "source", "2", "--json"))["text"]
    assert source[row["start"] : row["end"]] == row["text"]
    assert f"{row['start']}:{row['end']}" in cli.ok("suggest", "2")
    assert cli("suggest", "9").code == Exit.refused


def test_syndication_lists_reprints(sample_cli: Cli, tmp_path: Path) -> None:
    afp = json.loads(sample_cli.ok("show", "source", "2", "--json"))["text"]
    copy = tmp_path / "copy.md"
    copy.write_text(f"---\noutlet: Bamako Courier\ntitle: Helicopters\n---\n{afp}", encoding="utf-8")
    sample_cli.ok("import", str(copy))
    [row] = json.loads(sample_cli.ok("syndication", "--json"))
    assert (row["original"], row["reprint"], row["original_outlet"], row["reprint_outlet"]) == (
        2, 3, "AFP", "Bamako Courier"
    )  # fmt: skip
    assert "Bamako Courier" in sample_cli.ok("syndication")


def test_claim_import_reports_bad_rows_and_exits_1(sample_cli: Cli, tmp_path: Path) -> None:
    rows = tmp_path / "claims.csv"
    rows.write_text("text,source,quote\nTwo helicopters,2,Bamako\nMissing quote,2,nine tanks\n", encoding="utf-8")
    run = sample_cli("claim", "import", str(rows))
    assert run.code == Exit.refused
    assert run.stdout == "1\n"
    assert run.stderr.splitlines() == [
        "error: claims.csv:3: quote not found in the source: 'nine tanks'",
        "imported 1 claim; 1 row left out",
    ]
    bad = sample_cli("claim", "import", str(tmp_path / "none.csv"))
    assert bad.code in {1, 2} and bad.stderr.startswith("error:")


def test_a_run_judges_again_only_pairs_holding_a_new_or_changed_claim(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    cli.ok("match")
    cli.ok("match", "decide", "3", "1", "distinct")
    cli.ok(
        "claim",
        "add",
        "Russia delivered 2 combat helicopters to Mali",
        "--source",
        "1",
        "--quote",
        "Mali",
        "--occurrence",
        "1",
    )
    run = cli("match", "--json")
    judged = {(r["a"], r["b"]) for r in json.loads(run.stdout)}
    assert judged and all(4 in pair for pair in judged)  # only the new claim's pairs
    assert "0 withdrawn" in run.stderr  # the others' suggestions stand
    kept = {(r["a"], r["b"]) for r in json.loads(cli.ok("contradictions", "--json"))}
    assert {(1, 2), (2, 3)} <= kept  # the earlier suggestions stand
    assert (1, 3) not in {(r["a"], r["b"]) for r in json.loads(cli.ok("match", "list", "--json"))}
    # linking a claim to another source changes what it is judged on: its pairs are judged again
    cli.ok("claim", "link", "2", "--source", "1", "--quote", "Mali", "--occurrence", "2")
    again = {(r["a"], r["b"]) for r in json.loads(cli.ok("match", "--json"))}
    assert again and all(2 in pair for pair in again)


def test_a_claim_without_figures_finds_its_wording_partner_from_the_stored_words(sample_cli: Cli) -> None:
    """Each claim's words are stored with its facts; a run after a new claim reads the words, not every text."""
    import sqlite3

    said = "Russia supplied combat helicopters to the Malian army"
    sample_cli.ok("claim", "add", said, "--source", "2", "--quote", "Mali", "--occurrence", "1")
    sample_cli.ok("match")
    stored = sqlite3.connect(sample_cli.db).execute("SELECT words FROM claim_fact WHERE claim_id = 1").fetchone()
    assert stored is not None and "helicopter" in stored[0].split()  # plurals folded, as blocking reads them
    sample_cli.ok("claim", "add", f"{said}, officials said", "--source", "2", "--quote", "Mali", "--occurrence", "2")
    found = json.loads(sample_cli.ok("match", "--json"))
    assert [(r["a"], r["b"], r["kind"]) for r in found] == [(1, 2, "duplicate")]
    # a store whose stored facts predate the words: the next run works them out again
    with sqlite3.connect(sample_cli.db) as connection:
        connection.execute("UPDATE claim_fact SET words = NULL")
    sample_cli.ok("match")
    words = sqlite3.connect(sample_cli.db).execute("SELECT count(*) FROM claim_fact WHERE words IS NULL").fetchone()
    assert words == (0,)
    assert [(r["a"], r["b"]) for r in json.loads(sample_cli.ok("match", "list", "--json"))] == [(1, 2)]


def test_show_claim_gives_the_figures_as_matching_reads_them(sample_cli: Cli) -> None:
    cli = with_claims(sample_cli)
    shown = cli.ok("show", "claim", "2")
    assert "facts:    four combat helicopters → 4 combat helicopters · count of helicopter · deliver\n" in shown
    [fact] = json.loads(cli.ok("show", "claim", "2", "--json"))["facts"]
    assert (fact["value"], fact["counted"], fact["event"], fact["total"]) == (
        "4 combat helicopters",
        "helicopter",
        "deliver",
        False,
    )


def test_a_claims_detail_holds_its_facts_and_each_quotes(sample_store: Store) -> None:
    from workbench import read
    from workbench.access import fetch
    from workbench.claims import EvidenceSpec, create_claim
    from workbench.spans import Quote

    created = create_claim(
        store=sample_store,
        actor="ana",
        text="Russia has supplied four combat helicopters to Mali",
        evidence=[EvidenceSpec(2, Quote("at least four helicopters"))],
    )
    detail = fetch(sample_store, read.claim_detail, created.id)
    assert [f.value for f in detail.facts] == ["4 combat helicopters"]
    [quoted] = detail.evidence[0].facts
    assert (quoted.value, quoted.total) == ("at least 4 helicopters", False)
