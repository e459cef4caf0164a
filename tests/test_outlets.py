"""Outlets that are who they say they are: aliases, merges, sites of sub-domains, and wire copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from workbench.wire import credit

XINHUA = (
    "BEIJING, Jan. 5 (Xinhua) -- China launched 14 satellites on Friday from the Jiuquan Satellite Launch "
    "Center aboard a Long March 2D rocket, the China National Space Administration said. The satellites will "
    "be used for land survey and disaster prevention, and the launch was the 510th flight of the Long March "
    "series, according to the administration, which added that all 14 satellites entered their planned orbits."
)
OWN_WORDS = (
    "Fourteen satellites went into orbit on Friday after a Long March 2D lifted off from Jiuquan, China Daily "
    "has learned; engineers at the centre described the 510th flight of the rocket family as routine."
)


def _record(path: Path, domain: str, text: str, title: str) -> Path:
    record = {"title": title, "text": text, "url": f"https://{domain}/{path.stem}", "source_domain": domain,
              "date_publish": "2024-01-05 10:00:00"}  # fmt: skip
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _graded(cli: Cli) -> dict[str, object]:
    return json.loads(cli.ok("claims", "--json"))[0]


def test_sub_domains_are_one_outlet_and_xinhua_copy_counts_once_as_xinhua(cli: Cli, tmp_path: Path) -> None:
    files = [
        _record(tmp_path / "a.json", "english.chinadaily.com.cn", XINHUA, "China launches 14 satellites"),
        _record(
            tmp_path / "b.json",
            "www.chinadaily.com.cn",
            XINHUA.replace("on Friday", "on Friday morning"),
            "China puts 14 satellites into orbit",
        ),
        _record(tmp_path / "c.json", "usa.chinadaily.com.cn", XINHUA.split(" -- ", 1)[1], "14 satellites in orbit"),
    ]
    cli.ok("import", *map(str, files))
    outlets = json.loads(cli.ok("outlets", "--json"))
    assert [(o["name"], o["sources"]) for o in outlets] == [("chinadaily.com.cn", 3)]
    cli.ok("syndication")  # the copy without its dateline is found as a reprint of the first
    claim = "China launched 14 satellites aboard a Long March 2D rocket"
    cli.ok("claim", "add", claim, "--source", "1", "--quote", "China launched 14 satellites")
    for source in ("2", "3"):
        cli.ok("claim", "link", "1", "--source", source, "--quote", "China launched 14 satellites")
    graded = _graded(cli)
    assert (graded["independent_sources"], graded["outlets"]) == (1, ["Xinhua"])
    assert "wire copy:   Xinhua's, by “BEIJING, Jan. 5 (Xinhua) --”" in cli.ok("show", "source", "1")

    own = _record(tmp_path / "d.json", "africa.chinadaily.com.cn", OWN_WORDS, "Routine launch")
    cli.ok("import", str(own))
    cli.ok("claim", "link", "1", "--source", "4", "--quote", "Fourteen satellites went into orbit")
    graded = _graded(cli)
    assert (graded["independent_sources"], graded["outlets"]) == (2, ["Xinhua", "chinadaily.com.cn"])


def test_an_alias_files_later_imports_under_the_outlet_and_a_merge_moves_sources(cli: Cli, tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("---\noutlet: Associated Press\n---\nFive tanks arrived in Bamako.\n", encoding="utf-8")
    second = tmp_path / "b.md"
    second.write_text("---\noutlet: AP\n---\nTwo helicopters arrived in Gao.\n", encoding="utf-8")
    cli.ok("import", str(first))
    cli.ok("outlet", "alias", "Associated Press", "AP", "--note", "the same agency")
    cli.ok("import", str(second))
    assert [(o["name"], o["aliases"], o["sources"]) for o in json.loads(cli.ok("outlets", "--json"))] == [
        ("Associated Press", ["AP"], 2)
    ]
    third = tmp_path / "c.md"
    third.write_text("---\noutlet: The AP\n---\nThree trucks arrived.\n", encoding="utf-8")
    cli.ok("import", str(third))
    cli.ok("outlet", "grade", "The AP", "B")
    assert "merged into Associated Press: 3 sources, grade B" in cli.ok("outlet", "merge", "The AP", "Associated Press")
    [outlet] = json.loads(cli.ok("outlets", "--json"))
    assert outlet["aliases"] == ["AP", "The AP"] and outlet["reliability"] == "B"
    events = json.loads(cli.ok("audit", "log", "--json"))
    assert [e["action"] for e in events].count("outlet.merge") == 1
    assert cli.ok("audit", "verify").startswith("chain ok")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["outlet", "alias", "Associated Press", "Associated Press"], "already names the outlet 'Associated Press'"),
        (["outlet", "merge", "Associated Press", "Associated Press"], "are one outlet already"),
        (["outlet", "merge", "Nobody", "Associated Press"], "no outlet named 'Nobody'"),
    ],
)
def test_a_refused_alias_or_merge_is_one_line_and_changes_nothing(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\noutlet: Associated Press\n---\nFive tanks arrived in Bamako.\n", encoding="utf-8")
    cli.ok("import", str(path))
    before = cli.ok("audit", "log", "--json")
    run = cli(*args)
    assert run.code != 0 and message in run.stderr and run.stderr.count("\n") == 1
    assert cli.ok("audit", "log", "--json") == before


@pytest.mark.parametrize(
    ("text", "author", "agency"),
    [
        ("BAMAKO (AFP) - Mali received two helicopters.", None, "AFP"),
        ("Paris (AFP) – La France a annoncé le retrait.", None, "AFP"),
        ("WASHINGTON, Jan 1 (Reuters) - The U.S. said.", None, "Reuters"),
        ("МОСКВА, 5 января. /ТАСС/. Россия передала Мали два вертолета.", None, "TASS"),
        ("МОСКВА, 12 мар — РИА Новости. Россия передала вертолеты.", None, "RIA Novosti"),
        ("The minister said so.\n\n(Reporting by Ann Lee; Editing by Bo Ray)", None, "Reuters"),
        ("Body of the story.\n— Reuters", None, "Reuters"),
        ("Body of the story.", "Jane Doe, Associated Press", "AP"),
        ("Mali received helicopters, an AFP journalist saw, two sources told Reuters.", None, None),
        ("Reuters reported on Monday that the deal was off.", "Carsten Grün", None),
        ("Helicopters for Mali\n\nBAMAKO (AFP) - Mali received two helicopters.", None, "AFP"),
        ("Mali got help.\nAn official told Agence France-Presse (AFP). The army said so.", None, None),
        ("The Danish Data Protection Agency (DPA) - fined the firm.", None, None),
        ("Fuel prices\n\nSource: Reuters calculations show a rise.", None, None),
        ("Body of the story.", "AP Singh", None),
    ],
)
def test_the_agency_a_text_credits_is_read_from_its_dateline_credit_line_or_byline(
    text: str, author: str | None, agency: str | None
) -> None:
    found = credit(text, author)
    assert (found and found.agency) == agency


def test_pages_without_a_site_name_file_under_their_site_whatever_the_order(cli: Cli, tmp_path: Path) -> None:
    paragraph = "<p>China launched 14 satellites on Friday from the Jiuquan centre aboard a Long March 2D rocket.</p>"
    for name, host in (("a", "usa.chinadaily.com.cn"), ("b", "english.chinadaily.com.cn"), ("c", "chinadaily.com.cn")):
        page = (f'<html><head><link rel="canonical" href="https://{host}/{name}"><title>Launch {name}</title></head>'
                f"<body><article>{paragraph * 2}</article></body></html>")  # fmt: skip
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    cli.ok("import", *(str(tmp_path / f"{n}.html") for n in "abc"))
    outlets = json.loads(cli.ok("outlets", "--json"))
    assert [(o["name"], o["sources"]) for o in outlets] == [("chinadaily.com.cn", 3)]


def test_a_domain_alias_or_a_merge_catches_later_imports_named_by_their_site(cli: Cli, tmp_path: Path) -> None:
    named = tmp_path / "cd.md"
    named.write_text("---\noutlet: China Daily\n---\nRockets were launched.\n", encoding="utf-8")
    cli.ok("import", str(named))
    cli.ok("outlet", "alias", "China Daily", "chinadaily.com.cn")
    cli.ok("import", str(_record(tmp_path / "a.json", "english.chinadaily.com.cn", XINHUA, "Launch")))
    cli.ok("import", str(_record(tmp_path / "b.json", "www.example.org", OWN_WORDS, "Routine")))
    cli.ok("outlet", "merge", "example.org", "China Daily")
    cli.ok("import", str(_record(tmp_path / "c.json", "news.example.org", OWN_WORDS + " More.", "Routine again")))
    assert [(o["name"], o["sources"]) for o in json.loads(cli.ok("outlets", "--json"))] == [("China Daily", 4)]
    run = cli("outlet", "alias", "China Daily", "example.org")
    assert run.code != 0 and "already names the outlet 'China Daily'" in run.stderr
