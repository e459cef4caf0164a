"""Reports: golden Markdown and HTML of the sample case, hostile text, filters, errors and files.

The case is built through the core services over three days with ``SOURCE_DATE_EPOCH`` set at
every step, so every timestamp and hash in the reports is the same on every run. Set
``UPDATE_GOLDEN=1`` to rewrite the files in ``tests/golden/`` (then read the diff before keeping it).
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from store import Store, open_store
from tests.conftest import AFP, ARMOUR, Cli
from workbench.claims import EvidenceSpec, create_claim, link_evidence, update_claim
from workbench.cli import app
from workbench.cli.app import Exit
from workbench.errors import InvalidInput
from workbench.ingest import Document, read_file
from workbench.integrity import verify_store
from workbench.outlets import grade_outlet
from workbench.relations import add_contradiction, decide_duplicate, resolve_contradiction, run_match
from workbench.reports import audit_report, claim_report, write_atomically
from workbench.reports.dossier import published_period
from workbench.reports.markdown import md_code, md_text
from workbench.reports.svg import Mark, timeline
from workbench.sources import import_documents
from workbench.spans import Quote
from workbench.syndication import run_syndication

GOLDEN = Path(__file__).resolve().parent / "golden"
#: 2026-01-01 00:00 UTC; the case runs from 09:00 that day to the report on the 4th at 08:00.
START = 1767225600
REPORT_HOURS = 72 + 8


def _clock(monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(START + round(hours * 3600)))


def build_case(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sample articles and a dated reprint of the AFP story; four claims; a duplicate; a contradiction."""
    _clock(monkeypatch, 9)
    for path in (ARMOUR, AFP):  # origin as a fixed label: the checkout's path must not reach the hashes
        documents = [dataclasses.replace(d, origin=f"samples/{path.name}") for d in read_file(path)]
        import_documents(store=store, actor="ana", documents=documents)
    wire = AFP.read_text(encoding="utf-8").split("---\n", 2)[2]
    reprint = Document(
        text="\n".join(wire.splitlines()[:9]),
        format="txt",
        origin="fixture:reprint",
        title="Mali receives Russian helicopters",
        outlet="Example Gazette",
        url="https://gazette.example/mali-helicopters",
        published="2022-08-10",
    )
    import_documents(store=store, actor="ana", documents=[reprint])
    _clock(monkeypatch, 9.5)
    grade_outlet(store=store, actor="ana", name="AFP", reliability="B", note="wire agency; its journalist saw it")
    _clock(monkeypatch, 24 + 10)
    claims = [
        ("At least five T-72B3 tanks were delivered to Mali", 1, Quote("at least five T-72B3")),
        ("Russia delivered two combat helicopters to Mali", 2, Quote("two helicopters", 1)),
        ("Russia has supplied four combat helicopters to Mali", 2, Quote("at least four helicopters")),
        ("Five T-72B3 tanks were delivered to Mali by rail", 1, Quote("transported by rail")),
    ]
    for text, source, quote in claims:
        create_claim(store=store, actor="ana", text=text, evidence=[EvidenceSpec(source, quote)])
    _clock(monkeypatch, 24 + 10.5)
    trucks = EvidenceSpec(2, Quote("at least five transport trucks"), "mentions")
    link_evidence(store=store, actor="ana", claim_id=1, evidence=trucks)
    link_evidence(store=store, actor="ana", claim_id=2, evidence=EvidenceSpec(3, Quote("two helicopters", 1)))
    _clock(monkeypatch, 24 + 14)
    run_syndication(store=store, actor="ana")
    run_match(store=store, actor="ana")  # suggests 1 ~ 4 (duplicate) and 2 ~ 3 (contradiction)
    _clock(monkeypatch, 48 + 9.5)
    note = "tanks visible in the Cap Mali+ footage"
    update_claim(store=store, actor="ben", claim_id=1, status="verified", credibility=2, note=note)
    _clock(monkeypatch, 48 + 9.75)
    decide_duplicate(store=store, actor="ben", a=1, b=4, decision="duplicate", note="same delivery, same markings")
    _clock(monkeypatch, 48 + 10)
    add_contradiction(store=store, actor="ben", a=2, b=3, note="two or four?")
    _clock(monkeypatch, 48 + 11)
    note = "two now, four earlier: different deliveries"
    resolve_contradiction(store=store, actor="ben", relation_id=2, winner="neither", note=note)


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``mali.db``, the case: built once, only read by the tests."""
    folder = tmp_path_factory.mktemp("case")
    with pytest.MonkeyPatch.context() as monkeypatch, open_store(folder / "mali.db") as store:
        build_case(store, monkeypatch)
    return folder


@pytest.fixture
def case(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI on the case as ``--db mali.db`` (run from its folder, so the store is named as given)."""
    monkeypatch.chdir(case_dir)
    _clock(monkeypatch, REPORT_HOURS)
    return Cli(Path("mali.db"), reviewer="ana")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text, f"{name} differs (UPDATE_GOLDEN=1 rewrites it)"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["claim", "1"], "claim-1.md"),
        (["claim", "1", "--format", "html"], "claim-1.html"),
        (["claim", "2"], "claim-2.md"),
        (["audit"], "audit.md"),
        (["audit", "--format", "html"], "audit.html"),
    ],
)
def test_reports_match_the_golden_files(case: Cli, args: list[str], golden: str) -> None:
    _golden(golden, case.ok("report", *args))


def test_every_report_names_store_time_reviewer_and_chain_head(case: Cli) -> None:
    with open_store("mali.db") as store:
        head = verify_store(store=store).head
    for args in (["audit"], ["claim", "2"]):
        top = case.ok("report", *args, reviewer="zoe").split("\n## ", 1)[0]
        assert "- **Store:** `mali.db`" in top
        assert "- **Made:** 2026-01-04 08:00:00 UTC" in top
        assert "- **Reviewer:** zoe" in top
        assert f"- **Audit chain head:** #17 `{head}`" in top
    html = case.ok("report", "claim", "1", "--format", "html")
    assert "<dt>Reviewer</dt><dd>ana</dd>" in html and f'#17 <code class="hash">{head}</code>' in html


def test_the_audit_report_states_the_verification_first(case: Cli) -> None:
    body = case.ok("report", "audit").split("\n## ", 1)[1]
    assert body.startswith("Verification\n\n**ok**: 17 events chained")


def test_a_failed_verification_is_the_first_thing_the_audit_report_says(
    case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mali.db").write_bytes((case_dir / "mali.db").read_bytes())
    with sqlite3.connect(tmp_path / "mali.db") as connection:
        connection.execute("UPDATE claim SET text = 'At least six T-72B3 tanks' WHERE id = 1")
    monkeypatch.chdir(tmp_path)
    report = Cli(Path("mali.db")).ok("report", "audit")
    verification = report.split("## Verification\n\n", 1)[1]
    assert verification.startswith("**FAILED**: claim 1: text not as recorded in event #14.\n\n## Events")
    html = Cli(Path("mali.db")).ok("report", "claim", "1", "--format", "html")
    assert '<strong class="failed">FAILED</strong><span>: claim 1: text not as recorded' in html


def test_html_is_one_self_contained_file(case: Cli) -> None:
    for args in (["claim", "1"], ["claim", "2"], ["audit"]):
        html = case.ok("report", *args, "--format", "html")
        assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<svg" in html
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", html, re.IGNORECASE)
        assert not re.search(r"\b(?:src|href)\s*=", html, re.IGNORECASE), "no resource or link of any kind"
        assert "Content-Security-Policy\" content=\"default-src 'none'" in html


def test_the_publication_timeline_lists_undated_sources_instead_of_guessing(case: Cli) -> None:
    html = case.ok("report", "claim", "2", "--format", "html")
    assert "Undated: source 2 (AFP)." in html
    assert '<circle class="mark undated m-original"' in html  # AFP's story, in the undated column
    assert "published 2022-08-10, reprint of source 2 (AFP)" in html


@pytest.fixture
def hostile(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A source whose text and outlet try markup, terminal control, bidi tricks and entities."""
    _clock(monkeypatch, 9)
    text = (
        "Officials said <script>alert(1)</script> then [bold]x[/bold] and \x1b[31mred\x1b[0m, "
        "with \u202eevil\u202c and &#x202e; and *stars* | pipes.\n# not a heading"
    )
    document = Document(text=text, format="txt", outlet="<b>Evil</b> & Co", title="[link](javascript:alert(1))")
    import_documents(store=store, actor="ana", documents=[document])
    quote = Quote("<script>alert(1)</script> then [bold]x[/bold] and \x1b[31mred")
    create_claim(
        store=store, actor="ana", text="A <i>claim</i> with [bold]markup[/bold]", evidence=[EvidenceSpec(1, quote)]
    )
    return store


def test_hostile_text_is_escaped_in_html(hostile: Store) -> None:
    for html in (
        claim_report(store=hostile, reviewer="ana", claim_id=1, fmt="html", store_label="h.db"),
        audit_report(store=hostile, reviewer="ana", fmt="html", store_label="h.db"),
    ):
        assert "<script>" not in html and "<b>Evil" not in html and "<i>claim" not in html
        assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html
        assert "\x1b" not in html and "\u202e" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dossier = claim_report(store=hostile, reviewer="ana", claim_id=1, fmt="html")
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; then [bold]x[/bold] and \\x1b[31mred</mark>" in dossier
    assert "\\u202eevil" in dossier


def test_hostile_text_is_harmless_in_markdown(hostile: Store) -> None:
    for md in (
        claim_report(store=hostile, reviewer="ana", claim_id=1, store_label="h.db"),
        audit_report(store=hostile, reviewer="ana", store_label="h.db"),
    ):
        assert "\x1b" not in md and "\u202e" not in md
        assert "<script>" not in md and "[link](" not in md
        rendered = MarkdownIt("commonmark").enable("table").render(md)  # raw HTML allowed, as on most hosts
        assert "<script" not in rendered and "<b>" not in rendered and "<i>" not in rendered
        assert "<a " not in rendered and "&#x202e;" not in rendered.replace("&amp;#x202e;", "")
    dossier = claim_report(store=hostile, reviewer="ana", claim_id=1)
    assert r"**\<script\>alert(1)\</script\> then \[bold\]x\[/bold\] and \\x1b\[31mred**" in dossier
    rendered = MarkdownIt("commonmark").render(dossier)
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt; then [bold]x[/bold] and \\x1b[31mred</strong>" in rendered
    assert "- **Source:** \\<b\\>Evil\\</b\\> \\& Co" in dossier


def test_markdown_escaping() -> None:
    assert md_text("in_review") == "in_review"  # an underscore inside a word is never emphasis
    assert md_text("_x_ *y* `z` a|b ~~s~~") == r"\_x\_ \*y\* \`z\` a\|b \~\~s\~\~"
    assert md_text("# title") == r"\# title" and md_text("1. item") == r"1\. item" and md_text("- x") == r"\- x"
    assert md_text("line\nbreak\x1b") == r"line⏎break\\x1b"
    assert md_code("a`b") == "``a`b``" and md_code("`x`") == "`` `x` ``"


def test_unknown_claim_is_a_one_line_error(case: Cli) -> None:
    for args in (["claim", "999"], ["audit", "--claim", "999"]):
        run = case("report", *args)
        assert (run.code, run.stdout, run.stderr) == (1, "", "error: no claim with id 999\n")


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "", "03/01/2026"])
def test_a_bad_since_is_a_one_line_error(case: Cli, since: str) -> None:
    run = case("report", "audit", "--since", since)
    assert run.code == Exit.refused and run.stdout == ""
    assert run.stderr.startswith("error: --since takes an ISO date") and run.stderr.count("\n") == 1


def _seqs(report: str) -> list[int]:
    return [int(n) for n in re.findall(r"^- \*\*#(\d+)\*\*", report, re.MULTILINE)]


def test_since_keeps_the_events_from_then_on(case: Cli) -> None:
    assert sorted(_seqs(case.ok("report", "audit"))) == list(range(1, 18))
    assert sorted(_seqs(case.ok("report", "audit", "--since", "2026-01-03"))) == [14, 15, 16, 17]
    # 10:30 at UTC+01:00 is 09:30 UTC: event 14 was recorded exactly then
    report = case.ok("report", "audit", "--since", "2026-01-03T10:30+01:00")
    assert sorted(_seqs(report)) == [14, 15, 16, 17]
    assert "Showing 4 events of 17: recorded since 2026-01-03 09:30:00 UTC." in report
    assert sorted(_seqs(case.ok("report", "audit", "--since", "2026-01-03T09:31"))) == [15, 16, 17]


def test_claim_keeps_the_events_about_the_claim_its_evidence_and_relations(case: Cli) -> None:
    report = case.ok("report", "audit", "--claim", "2")
    assert sorted(_seqs(report)) == [6, 10, 13, 16, 17]  # created, linked, suggested, confirmed, resolved
    assert "about claim 2 (“Russia delivered two combat helicopters to Mali”)" in report
    assert sorted(_seqs(case.ok("report", "audit", "--claim", "1", "--since", "2026-01-03"))) == [14, 15]


def test_output_file_is_written_whole_and_stdout_stays_empty(case: Cli, tmp_path: Path) -> None:
    target = tmp_path / "claim-1.html"
    case.ok("audit", "verify")  # both reports then start from the same verified checkpoint, and say so
    assert case.ok("report", "claim", "1", "-o", str(target)) == ""  # the format follows the suffix
    assert "checked from this machine's verified check of" in target.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == case.ok("report", "claim", "1", "--format", "html")
    assert case.ok("report", "audit", "--output", str(tmp_path / "audit.md")) == ""
    assert (tmp_path / "audit.md").read_text(encoding="utf-8").startswith("# Audit trail\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.md", "claim-1.html"]  # no temporary file left
    run = case("report", "audit", "-o", str(tmp_path / "missing" / "audit.md"))
    assert run.code == Exit.refused and run.stdout == "" and run.stderr.startswith("error: cannot write ")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")

    def full_disk(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(InvalidInput, match="No space left on device"):
        write_atomically(target, "new report\n")
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_publication_dates_keep_their_precision() -> None:
    assert published_period("2022") == (datetime(2022, 1, 1), datetime(2023, 1, 1))
    assert published_period("2022-12") == (datetime(2022, 12, 1), datetime(2023, 1, 1))
    assert published_period("2022-03-31") == (datetime(2022, 3, 31), None)
    assert published_period("2022-03-31T10:00:00+02:00") == (datetime(2022, 3, 31, 8), None)
    assert published_period(None) == published_period("spring 2022") == (None, None)


def test_timeline_draws_periods_as_bars_and_escapes_every_label() -> None:
    marks = [
        Mark("<b>Lane</b>", datetime(2022, 1, 1), datetime(2023, 1, 1), "source 1", title="a year: 2022"),
        Mark("<b>Lane</b>", datetime(2022, 6, 15), label="source 2", tag="#3", style="original"),
        Mark("other & co", None, label="\x1b[31m<i>", title="\u202e"),
    ]
    svg = str(timeline(marks, lanes=["<b>Lane</b>", "other & co"], caption="<script>"))
    assert svg.count("<rect") == 1 and svg.count("<circle") == 2 and ">undated</text>" in svg
    assert "<b>" not in svg and "<i>" not in svg and "<script>" not in svg and "\x1b" not in svg
    assert "&lt;b&gt;Lane&lt;/b&gt;" in svg and "other &amp; co" in svg and ">2022-07<" in svg
    assert str(timeline(marks[2:], lanes=["other & co"], caption="c")).count("nothing here is dated") == 1


def test_report_commands_have_help_with_an_example() -> None:
    runner = CliRunner()
    for command in (["report"], ["report", "audit"], ["report", "claim"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == Exit.ok and "Usage" in result.stdout
        if len(command) > 1:
            assert "Example: workbench report" in result.stdout
