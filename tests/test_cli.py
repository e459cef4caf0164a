"""The CLI contract: command names, output lines, JSON keys and exit codes that scripts rely on."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_commands import every_command, every_group
from tests.conftest import AFP, ARMOUR, SAMPLES, Cli, dump
from workbench.cli import app
from workbench.cli.app import Exit

CLAIM_KEYS = {"id", "text", "status", "credibility", "created_by", "created_at", "evidence"}
EVIDENCE_KEYS = {"id", "claim_id", "source_id", "start", "end", "exact", "prefix", "suffix", "stance", "anchor_status"}
SOURCE_KEYS = {"id", "outlet", "title", "url", "author", "published_at", "content_sha256", "revision_of", "length"}
TANKS = "At least five T-72B3 tanks were delivered to Mali"


def test_the_readme_walkthrough(cli: Cli, db_path: Path) -> None:
    """Done-when: import the samples, record and link a claim, verify it, then catch an edit made in SQL."""
    assert cli.ok("import", str(SAMPLES)).splitlines() == ["imported 1", "imported 2"]
    claim_id = cli.ok("claim", "add", TANKS, "--source", "1", "--quote", "at least five T-72B3").strip()
    assert claim_id == "1"
    shown = json.loads(cli.ok("show", "claim", "1", "--json"))
    [evidence] = shown["evidence"]
    text = json.loads(cli.ok("show", "source", "1", "--json"))["text"]
    assert text[evidence["start"] : evidence["end"]] == "at least five T-72B3"
    cli.ok(
        "claim", "link", "1", "--source", "2", "--quote", "two helicopters", "--occurrence", "2", "--stance", "mentions"
    )
    cli.ok("claim", "set", "1", "--status", "verified", "--credibility", "2", "--note", "matches the footage")
    verdict = cli.ok("audit", "verify")
    assert re.fullmatch(r"chain ok: 5 events, head [0-9a-f]{64}\n", verdict)

    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE claim SET text = 'At least six T-72B3 tanks' WHERE id = 1")
    run = cli("audit", "verify")
    assert run.code == Exit.refused
    assert run.stdout == "audit FAILED: claim 1: text not as recorded in event #5\n"


@pytest.mark.parametrize("command", every_command() + every_group(), ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == Exit.ok, command
    assert "Usage" in result.stdout
    if command in every_command():
        assert "Example: workbench " in result.stdout, f"{' '.join(command)} has no example in its help"


def test_the_walk_finds_every_command() -> None:
    """The walk is the real list: it finds the commands people type, nested groups included."""
    found = every_command()
    assert {("sources",), ("claim", "add"), ("report", "claim"), ("bundle", "verify"), ("match",)} <= set(found)
    assert len(found) == len(set(found)) >= 33


def test_init_creates_and_then_keeps_the_store(cli: Cli, db_path: Path) -> None:
    assert cli.ok("init").startswith(f"store ready: {db_path}")
    assert db_path.exists()
    assert cli.ok("init").startswith("store ready")


def test_reading_a_store_that_does_not_exist_is_an_error(cli: Cli, db_path: Path) -> None:
    run = cli("sources")
    assert run.code == Exit.refused and "no store at" in run.stderr
    assert not db_path.exists()
    url = Cli(Path(f"sqlite:///{db_path}"))("sources")
    assert url.code == Exit.refused and "no store at" in url.stderr
    assert not db_path.exists()


def test_an_import_with_nothing_importable_creates_no_store(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    run = cli("import", str(tmp_path / "empty.txt"))
    assert run.code == Exit.refused and not db_path.exists()


def test_import_reports_each_article_and_rejects_bad_files_but_keeps_the_good(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"text": ')
    pdf = tmp_path / "scan.odt"
    pdf.write_bytes(b"PK\x03\x04")
    run = cli("import", str(ARMOUR), str(bad), str(AFP), str(pdf))
    assert run.code == Exit.refused
    assert run.stdout.splitlines() == ["imported 1", "imported 2"]
    assert run.stderr.splitlines() == [
        f"rejected {bad}: malformed JSON at line 1, column 10: Expecting value",
        f"rejected {pdf}: unsupported file type '.odt' (supported: .docx, .htm, .html, .json, .jsonl, .markdown, .md, "
        ".pdf, .txt, .wacz, .warc, .warc.gz)",
    ]
    assert cli("import", str(AFP)).stdout == "unchanged 2\n"


def test_rejected_files_leave_the_store_exactly_as_it_was(sample_cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """Every kind of bad file in one batch: each rejected on one line, the store untouched."""
    from tests.test_ingest import BAD_FILES

    paths = []
    for case, name, content, _reason in BAD_FILES:
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        (folder / name).write_bytes(content)
        paths.append(str(folder / name))
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000)
    before = dump(db_path)
    run = sample_cli("import", *paths, str(big), "--max-size", "1")
    assert run.code == Exit.refused and run.stdout == ""
    assert len(run.stderr.splitlines()) == len(BAD_FILES) + 1
    assert all(line.startswith("rejected ") for line in run.stderr.splitlines())
    assert dump(db_path) == before


def test_hostile_json_is_rejected_and_the_batch_goes_on(cli: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    huge = tmp_path / "huge.json"
    huge.write_text('{"text": "x", "n": ' + "9" * 5000 + "}")
    run = cli("import", str(deep), str(huge), str(AFP))
    assert run.code == Exit.refused and run.stdout == "imported 1\n"
    assert run.stderr.splitlines() == [
        f"rejected {deep}: malformed JSON: nested too deeply",
        f"rejected {huge}: malformed JSON: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
    ]


def test_non_regular_files_are_refused_not_read(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = cli("import", str(fifo), str(tmp_path / "missing.pdf"))
    assert run.stderr.splitlines() == [
        f"rejected {fifo}: not a regular file",
        f"rejected {tmp_path / 'missing.pdf'}: no such file",
    ]


def test_import_revision_line(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "v1.txt", tmp_path / "v2.txt"
    first.write_text("Two helicopters arrived.")
    second.write_text("Four helicopters arrived.")
    url = "https://example.com/story"
    assert cli.ok("import", str(first), "--url", url) == "imported 1\n"
    assert cli.ok("import", str(second), "--url", url) == "revision 2 of 1\n"
    assert json.loads(cli.ok("show", "source", "2", "--json"))["revision_of"] == 1


def test_import_metadata_options(cli: Cli) -> None:
    cli.ok(
        "import", str(ARMOUR), "--outlet", "Military Africa", "--title", "Russia arms Mali",
        "--published", "5 January 2025", "--url", "https://example.org/mali",
    )  # fmt: skip
    [source] = json.loads(cli.ok("sources", "--json"))
    assert (source["outlet"], source["title"], source["published_at"], source["url"]) == (
        "Military Africa",
        "Russia arms Mali",
        "2025-01-05",
        "https://example.org/mali",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "https://x.org/a", str(ARMOUR), str(AFP)], "give exactly one file"),
        (["--published", "the other day or so", str(ARMOUR)], "not a date"),
        (["--url", "example.org/a", str(ARMOUR)], "not an http(s) URL"),
    ],
)
def test_bad_import_options_are_usage_errors(cli: Cli, db_path: Path, args: list[str], message: str) -> None:
    run = cli("import", *args)
    assert run.code == Exit.usage and message in run.stderr and len(run.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_json_shapes(sample_cli: Cli) -> None:
    claim = json.loads(
        sample_cli.ok("claim", "add", TANKS, "--source", "1", "--quote", "at least five T-72B3", "--json")
    )
    assert claim.keys() >= CLAIM_KEYS
    assert claim["evidence"][0].keys() >= EVIDENCE_KEYS
    assert (claim["status"], claim["credibility"], claim["created_by"]) == ("in_review", 6, "ana")
    linked = json.loads(sample_cli.ok("claim", "link", "1", "--source", "2", "--span", "0:5", "--json"))
    assert linked.keys() >= EVIDENCE_KEYS and linked["exact"] == "Mali’"
    sources = json.loads(sample_cli.ok("sources", "--json"))
    assert [s["id"] for s in sources] == [1, 2] and all(s.keys() >= SOURCE_KEYS for s in sources)
    assert sources[1]["outlet"] == "AFP" and sources[0]["outlet"] is None
    source = json.loads(sample_cli.ok("show", "source", "2", "--json"))
    assert source.keys() >= SOURCE_KEYS and source["length"] == len(source["text"])
    assert [e["id"] for e in source["evidence"]] == [2]
    claims = json.loads(sample_cli.ok("claims", "--json"))
    assert [c["id"] for c in claims] == [1] and len(claims[0]["evidence"]) == 2
    assert json.loads(sample_cli.ok("claims", "--status", "verified", "--json")) == []
    log = json.loads(sample_cli.ok("audit", "log", "--entity", "claim:1", "--json"))
    assert [e["action"] for e in log] == ["claim.create", "evidence.link"]
    verdict = json.loads(sample_cli.ok("audit", "verify", "--json"))
    assert verdict["ok"] is True and verdict["events"] == 4


def test_occurrence_and_span(sample_cli: Cli) -> None:
    sample_cli.ok(
        "claim", "add", "Two helicopters seen", "--source", "2", "--quote", "two helicopters", "--occurrence", "2"
    )
    [evidence] = json.loads(sample_cli.ok("show", "claim", "1", "--json"))["evidence"]
    text = json.loads(sample_cli.ok("show", "source", "2", "--json"))["text"]
    assert evidence["start"] == text.index("two helicopters", text.index("two helicopters") + 1)
    span = f"{evidence['start']}:{evidence['end']}"
    run = sample_cli("claim", "add", "Same span", "--source", "2", "--span", span)
    assert run.code == Exit.ok


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["claim", "add", TANKS, "--source", "1", "--quote", "seven T-90s"], 1, "quote not found"),
        (["claim", "add", TANKS, "--source", "2", "--quote", "two helicopters"], 1, "occurs 2 times"),
        (["claim", "add", TANKS, "--source", "1", "--span", "10:999999"], 1, "out of range"),
        (["claim", "add", TANKS, "--source", "1", "--span", "ten:20"], 2, "START:END"),
        (["claim", "add", TANKS, "--source", "9", "--quote", "Mali"], 1, "no source with id 9"),
        (["claim", "add", TANKS, "--source", "1", "--quote", "T-72B3", "--span", "1:5"], 2, "either --quote or --span"),
        (["claim", "add", TANKS, "--source", "1"], 2, "either --quote or --span"),
        (["claim", "add", TANKS, "--source", "1", "--quote", "T-72B3", "--credibility", "9"], 2, "credibility"),
        (["claim", "add", TANKS, "--source", "1", "--quote", "T-72B3", "--stance", "agrees"], 2, "stance"),
        (["claim", "set", "1", "--credibility", "0"], 2, "credibility"),
        (["claim", "set", "1", "--status", "true"], 2, "'true' is not one of"),
        (["claim", "set", "1", "--credibility", "2", "--status", "verified"], 1, "no supporting, anchored evidence"),
        (["show", "claim", "99999999999999999999"], 2, "less than or equal to 9223372036854775807"),
        (["claim", "add", TANKS, "--source", "1", "--span", "²:5"], 2, "START:END"),
        (["audit", "log", "--entity", "claim:²"], 2, "KIND:ID"),
        (["claim", "set", "99", "--status", "verified"], 1, "no claim with id 99"),
        (["claim", "set", "1"], 2, "give --status and/or --credibility"),
        (["claim", "link", "99", "--source", "1", "--quote", "Mali’s military"], 1, "no claim with id 99"),
        (["show", "claim", "42"], 1, "no claim with id 42"),
        (["show", "source", "42"], 1, "no source with id 42"),
        (["outlet", "grade", "APF", "B"], 1, "did you mean AFP"),
        (["outlet", "grade", "AFP", "Z"], 2, "'Z' is not one of"),
        (["audit", "log", "--entity", "claim"], 2, "KIND:ID"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    sample_cli: Cli, db_path: Path, args: list[str], code: int, message: str
) -> None:
    sample_cli.ok("claim", "add", TANKS, "--source", "1", "--quote", "at least five T-72B3", "--stance", "mentions")
    before = dump(db_path)
    run = sample_cli(*args)
    assert run.code == code
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.startswith("error: ")
    assert dump(db_path) == before


def test_claim_set_records_one_change_with_its_note(sample_cli: Cli) -> None:
    sample_cli.ok("claim", "add", TANKS, "--source", "1", "--quote", "at least five T-72B3")
    out = sample_cli.ok("claim", "set", "1", "--status", "disputed", "--credibility", "3", "--note", "outlets differ")
    assert out == "claim 1: disputed, credibility 3, version 2\n"
    sample_cli.ok("claim", "set", "1", "--credibility", "4")
    log = json.loads(sample_cli.ok("audit", "log", "--entity", "claim:1", "--json"))
    assert [(e["action"], e["data"].get("note")) for e in log] == [
        ("claim.create", None),
        ("claim.update", "outlets differ"),
        ("claim.credibility", None),
    ]
    assert (log[1]["data"]["before"]["status"], log[1]["data"]["after"]["status"]) == ("in_review", "disputed")
    text_log = sample_cli.ok("audit", "log")
    assert "claim.update" in text_log and "outlets differ" in text_log


def test_outlet_grade_and_listing(sample_cli: Cli) -> None:
    assert sample_cli.ok("outlet", "grade", "afp", "b", "--note", "wire agency") == "AFP: B\n"
    [outlet] = json.loads(sample_cli.ok("outlets", "--json"))
    assert (outlet["name"], outlet["reliability"], outlet["sources"]) == ("AFP", "B", 1)
    assert sample_cli.ok("sources").splitlines()[2].split()[:3] == ["2", "AFP", "B"]


def test_reviewer_and_store_come_from_the_environment(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("WORKBENCH_REVIEWER", "chloe")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(AFP)]).stdout == "imported 1\n"
    result = runner.invoke(
        app,
        [
            "claim",
            "add",
            "Two helicopters",
            "--source",
            "1",
            "--quote",
            "two helicopters",
            "--occurrence",
            "1",
            "--json",
        ],
    )
    assert json.loads(result.stdout)["created_by"] == "chloe"


def test_article_text_cannot_drive_the_terminal(cli: Cli, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Headline \x1b[2J\x1b]0;pwned\x07 [bold]not bold[/bold] \u202egnp.exe\u202c\x9b31m end\n")
    cli.ok("import", str(hostile))
    shown = cli.ok("show", "source", "1")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "\x9b" not in shown
    assert "\\x1b[2J" in shown and "\\u202e" in shown and "[bold]not bold[/bold]" in shown
    listed = cli.ok("sources")
    assert "\x1b" not in listed
    as_json = cli.ok("show", "source", "1", "--json")
    assert "\x1b" not in as_json and "\u202e" not in as_json and "\x9b" not in as_json
    assert json.loads(as_json)["text"].startswith("Headline \x1b[2J")  # the data itself is intact


def test_messages_on_stderr_are_escaped_too(cli: Cli, tmp_path: Path) -> None:
    hostile = tmp_path / "evil\x1b]0;pwned\x07\nname.pdf"
    hostile.write_bytes(b"%PDF")
    run = cli("import", str(hostile))
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("rejected ")
    article = tmp_path / "a.md"
    article.write_text('---\noutlet: "\\e]0;pwned\\aAFP\\u202e"\n---\nText of the article.\n')
    cli.ok("import", str(article))
    graded = cli("outlet", "grade", "AFP", "B")
    assert graded.code == Exit.refused and "did you mean" in graded.stderr
    assert "\x1b" not in graded.stderr and "\u202e" not in graded.stderr and "\\x1b" in graded.stderr


def test_show_claim_gives_the_figures_as_match_read_them(cli: Cli, tmp_path: Path) -> None:
    """After `match`, a claim's figures are those it was matched on: dates read against its source's day."""
    article = tmp_path / "gao.md"
    article.write_text(
        "---\noutlet: Sahel Wire\npublished: 2024-03-15\n---\nTwo helicopters landed in Gao last Tuesday.\n",
        encoding="utf-8",
    )
    cli.ok("import", str(article))
    text = "Two helicopters landed in Gao last Tuesday."
    cli.ok("claim", "add", text, "--source", "1", "--quote", text)

    def shown() -> list[tuple[str, str]]:
        return [(f["kind"], f["text"]) for f in json.loads(cli.ok("show", "claim", "1", "--json"))["facts"]]

    assert shown() == [("count", "Two helicopters")]  # read from the text alone: "last Tuesday" of no known week
    cli.ok("match")
    assert shown() == [("count", "Two helicopters"), ("date", "last Tuesday")]  # as matched: 12 March 2024
    cli.ok("claim", "edit", "1", "--text", "Three helicopters landed in Gao.", "--note", "corrected")
    assert shown() == [("count", "Three helicopters")]  # edited since the run: read from the new text
