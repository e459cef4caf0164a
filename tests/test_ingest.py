"""Importers: every supported format, identity and revisions, and every kind of bad file."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from store import Store
from tests.conftest import AFP, ARMOUR, SEEDS, Cli, dump
from workbench import read
from workbench.access import fetch
from workbench.errors import Rejected
from workbench.ingest import Overrides, expand, read_file
from workbench.ingest.document import Document, first_line_title
from workbench.integrity import verify_store
from workbench.sources import import_documents

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Mali receives Russian helicopters | Sahel Monitor</title>
<meta property="og:site_name" content="Sahel Monitor">
<meta property="og:title" content="Mali receives Russian combat helicopters">
<meta name="author" content="Awa Traoré">
<meta property="article:published_time" content="2022-08-10T09:30:00+00:00">
<link rel="canonical" href="https://sahel-monitor.example/2022/08/mali-helicopters">
</head><body>
<nav><a href="/">Home</a> <a href="/africa">Africa</a> <a href="/subscribe">Subscribe now</a></nav>
<article>
<h1>Mali receives Russian combat helicopters</h1>
<p>Mali’s junta-dominated government has taken delivery of combat helicopters from Russia to help its army
fight a bloody jihadist insurgency, a journalist saw on Wednesday at the Bamako airport base.</p>
<p>Defense Minister Sadio Camara formally received two helicopters, radar, and other equipment brought by a
Russian transport plane. The delivery adds to at least four helicopters provided earlier under closer ties.</p>
<p>The equipment included a 59N6-TE radar, “capable of detecting in 3D objects flying at a speed of up to
8,000 kilometers per hour,” the minister said during the ceremony.</p>
</article>
<footer>© 2022 Sahel Monitor. All rights reserved. Cookie settings.</footer>
</body></html>
"""


def record(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Rhine cruise ship hits bridge pylon",
        "text": "The accident happened late Tuesday on the Rhine River near Duisburg.\\nAround 25 people were hurt.",
        "url": "http://www.dw.com/en/rhine-cruise-ship/a-41939790",
        "source_domain": "www.dw.com",
        "date_publish": "2017-12-30 08:15:00",
        "authors": ["Carsten Grün"],
    }
    base.update(overrides)
    return base


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---- formats ----------------------------------------------------------------------------------


def test_samples_keep_the_seed_texts_verbatim() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seed articles (../shared/seeds) are not present")
    for sample, seed in [(ARMOUR, "000_96531920536dfe92.txt"), (AFP, "004_bcd06d32b6cbf643.txt")]:
        [document] = read_file(sample)
        assert document.text == (SEEDS / seed).read_text(encoding="utf-8")


def test_sample_front_matter_says_only_what_the_text_supports() -> None:
    [armour], [afp] = read_file(ARMOUR), read_file(AFP)
    assert (armour.outlet, armour.published, armour.url, armour.title) == (None, None, None, None)
    assert (afp.outlet, afp.published, afp.title) == ("AFP", None, None)


def test_txt_states_no_title_and_only_line_endings_change(tmp_path: Path) -> None:
    long_line = "Word " * 40
    [document] = read_file(write(tmp_path, "a.txt", f"\n\n{long_line}\nSecond line.\r\nThird.\r"))
    assert document.title is None
    assert document.text == f"\n\n{long_line}\nSecond line.\nThird.\n"
    assert document.format == "txt" and document.raw_sha256 is not None
    title = first_line_title(document.text)  # what lists show instead
    assert title.endswith("…") and len(title) <= 120 and title.startswith("Word Word")


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2022", "2022"), ("2022-03", "2022-03"), ("2022-03-31", "2022-03-31"), ('"31 March 2022"', "2022-03-31"),
     ('"March 2022"', "2022-03"), ("2022-03-31T18:05:00Z", "2022-03-31T18:05:00+00:00")],
)  # fmt: skip
def test_markdown_front_matter(tmp_path: Path, published: str, expected: str) -> None:
    path = write(
        tmp_path,
        "a.md",
        "---\noutlet: Reuters\ntitle: Mali gets helicopters\nurl: https://example.com/a\n"
        f"author: [Ann One, Bo Two]\npublished: {published}\ntags: [mali]\n---\n\nBody “text”.\n",
    )
    [document] = read_file(path)
    assert (document.outlet, document.title, document.url, document.domain) == (
        "Reuters",
        "Mali gets helicopters",
        "https://example.com/a",
        "example.com",
    )
    assert document.author == "Ann One, Bo Two"
    assert document.published == expected
    assert document.text == "Mali gets helicopters\n\nBody “text”."  # the headline is quotable text


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    [document] = read_file(write(tmp_path, "a.md", "# Heading\n\nSome *text*.\n"))
    assert document.title is None and document.text == "# Heading\n\nSome *text*."
    assert first_line_title(document.text) == "Heading"


def test_line_endings_do_not_make_a_revision(store: Store, tmp_path: Path) -> None:
    content = "---\noutlet: AFP\ntitle: Helicopters\n---\n\nTwo helicopters.\nA radar.\n\n"
    lf = write(tmp_path, "lf.md", content)
    crlf = write(tmp_path, "crlf.md", content.replace("\n", "\r\n").encode())
    assert imported(store, lf)[0] == "imported"
    assert imported(store, crlf) == ("unchanged", 1, None)


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    [document] = read_file(write(tmp_path, "page.html", ARTICLE_HTML))
    assert "two helicopters, radar" in document.text
    assert "“capable of detecting in 3D objects" in document.text
    assert "Subscribe now" not in document.text and "Cookie settings" not in document.text
    assert document.outlet == "Sahel Monitor"
    assert document.author == "Awa Traoré"
    assert document.url == "https://sahel-monitor.example/2022/08/mali-helicopters"
    assert document.domain == "sahel-monitor.example"
    assert document.published == "2022-08-10"
    assert document.title is not None and "helicopters" in document.title


def test_html_in_a_legacy_encoding_declared_by_meta(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    [document] = read_file(write(tmp_path, "page.htm", page.encode("cp1252")))
    assert "Mali’s junta-dominated" in document.text


def test_news_please_json_and_jsonl(tmp_path: Path) -> None:
    [one] = read_file(write(tmp_path, "a.json", json.dumps(record())))
    assert (one.outlet, one.domain, one.published, one.author) == (
        "dw.com",
        "dw.com",
        "2017-12-30T08:15:00",
        "Carsten Grün",
    )
    assert one.text.startswith("Rhine cruise ship hits bridge pylon\n\nThe accident happened")
    assert one.format == "news-please"
    lines = "\n".join(
        json.dumps(record(url=f"https://dw.com/{i}", title=f"t{i}\u2028"), ensure_ascii=False) for i in range(3)
    )
    assert [d.url for d in read_file(write(tmp_path, "b.jsonl", lines + "\n\n"))] == [
        f"https://dw.com/{i}" for i in range(3)
    ]
    assert len(read_file(write(tmp_path, "c.json", json.dumps([record(), record(url="https://x.org/2")])))) == 2


def test_dev_news_please_articles_all_import(dev_data: Path, store: Store) -> None:
    files = sorted((dev_data / "news-clusters" / "articles").glob("*.json"))
    assert len(files) >= 100
    results = [r for f in files for r in import_documents(store=store, actor="t", documents=read_file(f))]
    assert {r.status for r in results} <= {"imported", "unchanged", "revision"}
    sources = fetch(store, read.sources)
    assert len(sources) == sum(r.status != "unchanged" for r in results)
    assert all(s.outlet and s.url and s.published_at for s in sources)
    first = json.loads(files[0].read_text(encoding="utf-8"))
    match = next(s for s in sources if s.url == first["url"])
    assert fetch(store, read.source, match.id).text == f"{first['title']}\n\n{first['text']}".replace("\r\n", "\n")


def test_utf16_and_bom_text_are_decoded(tmp_path: Path) -> None:
    text = "Mali’s army received “two helicopters” at Bamako — said the minister, café owner noted.\n"
    assert read_file(write(tmp_path, "u.txt", text.encode("utf-16")))[0].text == text
    assert read_file(write(tmp_path, "b.txt", b"\xef\xbb\xbf" + text.encode()))[0].text == text


FRENCH = "Le ministre a reçu à Paris deux hélicoptères, où les élèves étaient présents. Les forces françaises ont quitté le pays."  # noqa: E501
POLISH = "Minister obrony przyjął dwa śmigłowce i radar, dostarczone przez rosyjski samolot transportowy. Żołnierze byli zadowoleni."  # noqa: E501
RUSSIAN = "Министр обороны получил два вертолёта и радар, доставленные самолётом."
DAMAGED_AT = "Mali’s junta received “two helicopters”."
GREEK = "Ο υπουργός Άμυνας παρέλαβε δύο ελικόπτερα και ένα ραντάρ από ρωσικό μεταγωγικό αεροσκάφος."


@pytest.mark.parametrize(
    ("text", "codec"),
    [(AFP.read_text(encoding="utf-8").split("---\n", 2)[2], "cp1252"), (POLISH, "cp1250"), (RUSSIAN, "cp1251")],
    ids=["English cp1252", "Polish cp1250", "Russian cp1251"],
)  # fmt: skip
def test_legacy_encodings_detected_with_confidence_decode_exactly(tmp_path: Path, text: str, codec: str) -> None:
    assert read_file(write(tmp_path, "a.txt", text.encode(codec)))[0].text == text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("café".encode("latin-1"), "cannot be told with confidence"),
        (FRENCH.encode("latin-1"), "pass --encoding"),
        (GREEK.encode("iso8859-7"), "cannot be told with confidence"),
        (
            DAMAGED_AT.encode() + b"\xe9 and a radar.",
            re.escape(f"UTF-8 with 1 invalid byte(s), the first at byte {len(DAMAGED_AT.encode())}"),
        ),
    ],
    ids=["too short", "Latin-1 or cp1250", "ISO 8859-7 or cp1253", "damaged UTF-8"],
)
def test_encodings_that_would_be_guesses_are_refused(tmp_path: Path, raw: bytes, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        read_file(write(tmp_path, "a.txt", raw))


def test_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "fr.txt", FRENCH.encode("latin-1"))
    assert read_file(path, encoding="latin-1")[0].text == FRENCH
    with pytest.raises(Rejected, match=f"not valid utf-8 at byte {FRENCH.index('ç')}"):
        read_file(path, encoding="utf-8")


def test_overrides_win_over_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\noutlet: Blog\npublished: 2020\n---\nText.\n")
    [document] = read_file(path, overrides=Overrides(outlet="AFP", url="https://afp.com/x", published="2022-08"))
    assert (document.outlet, document.url, document.domain, document.published) == (
        "AFP",
        "https://afp.com/x",
        "afp.com",
        "2022-08",
    )


# ---- bad input ---------------------------------------------------------------------------------

BAD_FILES: list[tuple[str, str, bytes, str]] = [
    ("unsupported", "report.odt", b"PK\x03\x04", "unsupported file type '.odt'"),
    ("truncated pdf", "report.pdf", b"%PDF-1.7\n", "damaged PDF"),
    ("binary", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ("undecodable", "noise.txt", bytes([0x80, 0x9F, 0xC3, 0x28, 0xFF, 0xFE, 0x81, 0x8D]) * 16, "undecodable text"),
    ("empty", "empty.md", b"", "empty file"),
    ("blank", "blank.txt", b"  \n\n\t \n", "no text"),
    ("front matter", "bad.md", b"---\noutlet: [AFP\n---\nbody\n", "malformed front matter"),
    ("front matter list", "list.md", b"---\n- a\n- b\n---\nbody\n", "malformed front matter"),
    ("bad date", "date.md", b"---\npublished: someday soon-ish\n---\nbody\n", "not a date"),
    ("bad url", "url.md", b"---\nurl: not a url\n---\nbody\n", "not an http(s) URL"),
    ("script url", "js.md", b"---\nurl: javascript://%0aalert(1)\n---\nbody\n", "not an http(s) URL"),
    ("malformed json", "a.json", b'{"text": "x",', "malformed JSON at line 1"),
    ("json without text", "b.json", json.dumps({"title": "t"}).encode(), "record 1: no text"),
    ("jsonl bad line", "c.jsonl", (json.dumps(record()) + "\n{oops\n").encode(), "malformed JSON at line 2"),
    ("jsonl bad record", "d.jsonl", b'{"text": "ok"}\n[1, 2]\n', "line 2: expected a JSON object"),
    ("html without article", "e.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
]


@pytest.mark.parametrize(("case", "name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_rejected_with_a_reason(tmp_path: Path, case: str, name: str, content: bytes, reason: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(Rejected) as caught:
        read_file(path)
    assert caught.value.path == str(path)
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "word " * 50_000)
    with pytest.raises(Rejected, match=r"over the 0\.1 MB limit"):
        read_file(path, max_bytes=100_000)
    assert read_file(path, max_bytes=1_000_000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(Rejected, match="no such file"):
        read_file(tmp_path / "gone.txt")


def test_folders_are_searched_recursively_skipping_readmes_and_hidden_files(tmp_path: Path) -> None:
    for name in ["a.txt", "sub/b.md", "sub/deeper/c.jsonl", "README.md", "sub/readme.txt", ".git/x.txt", "d.odt"]:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path / "in").as_posix() for p in expand([tmp_path / "in"])]
    assert found == ["a.txt", "sub/b.md", "sub/deeper/c.jsonl"]
    assert list(expand([tmp_path / "in" / "d.odt"])) == [tmp_path / "in" / "d.odt"]  # named directly: kept


# ---- identity and revisions --------------------------------------------------------------------


def imported(store: Store, document_path: Path, **overrides: str) -> tuple[str, int, int | None]:
    [result] = import_documents(
        store=store, actor="t", documents=read_file(document_path, overrides=Overrides(**overrides))
    )
    return result.status, result.source_id, result.revision_of


def test_same_text_again_is_unchanged(store: Store) -> None:
    assert imported(store, AFP) == ("imported", 1, None)
    assert imported(store, AFP) == ("unchanged", 1, None)


def test_same_url_with_new_text_is_a_revision(store: Store, tmp_path: Path) -> None:
    url = "https://example.com/mali"
    v1 = write(tmp_path, "v1.txt", "Two helicopters were delivered.\n")
    v2 = write(tmp_path, "v2.txt", "Two helicopters were delivered on Wednesday.\n")
    v3 = write(tmp_path, "v3.txt", "Four helicopters were delivered on Wednesday.\n")
    assert imported(store, v1, url=url) == ("imported", 1, None)
    assert imported(store, v2, url=url) == ("revision", 2, 1)
    assert imported(store, v3, url=url) == ("revision", 3, 2)
    assert imported(store, v1, url=url) == ("unchanged", 1, None)  # an old text again is not news


def test_without_url_identity_is_outlet_and_title(store: Store, tmp_path: Path) -> None:
    old = write(tmp_path, "old.md", "---\noutlet: AFP\ntitle: Mali Helicopters\n---\nTwo helicopters.\n")
    new = write(tmp_path, "new.md", "---\noutlet: afp\ntitle: mali helicopters\n---\nFour helicopters.\n")
    other = write(tmp_path, "other.md", "---\noutlet: Reuters\ntitle: Mali helicopters\n---\nFour helicopters.\n")
    assert imported(store, old)[0] == "imported"
    assert imported(store, new) == ("revision", 2, 1)
    assert imported(store, other) == ("imported", 3, None)  # same text, another outlet: a reprint, kept


def test_texts_without_identity_are_never_revisions(store: Store, tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", "Advertisement\nTwo helicopters were delivered.\n")
    two = write(tmp_path, "two.txt", "Advertisement\nA new radar was installed.\n")
    assert imported(store, one) == ("imported", 1, None)
    assert imported(store, two) == ("imported", 2, None)
    assert imported(store, one) == ("unchanged", 1, None)
    assert fetch(store, read.sources)[0].title == "Advertisement"  # still shown, just not identity


def test_an_unchanged_import_writes_nothing_not_even_an_outlet(store: Store, tmp_path: Path, db_path: Path) -> None:
    article = write(tmp_path, "a.md", "---\nurl: https://example.com/a\n---\nTwo helicopters.\n")
    imported(store, article)
    before = dump(db_path)
    assert imported(store, article, outlet="New Outlet")[0] == "unchanged"
    assert dump(db_path) == before
    assert verify_store(store=store).ok


def test_a_named_outlet_is_not_taken_over_by_a_domain(store: Store, tmp_path: Path) -> None:
    wire = write(tmp_path, "wire.md", "---\noutlet: AFP\nurl: https://www.france24.com/en/a\n---\nWire copy.\n")
    own = write(
        tmp_path, "own.json", json.dumps(record(url="https://www.france24.com/en/b", source_domain="www.france24.com"))
    )
    other = write(tmp_path, "other.md", "---\noutlet: Le Monde\nurl: https://www.france24.com/en/c\n---\nOther.\n")
    for path in (wire, own, other):
        imported(store, path)
    assert [s.outlet for s in fetch(store, read.sources)] == ["AFP", "france24.com", "Le Monde"]


def test_same_text_at_another_url_is_a_new_source(store: Store, tmp_path: Path) -> None:
    wire = write(tmp_path, "wire.txt", "An AFP journalist saw two helicopters.\n")
    assert imported(store, wire, url="https://a.example/x")[0] == "imported"
    assert imported(store, wire, url="https://b.example/y") == ("imported", 2, None)


# --- originals ------------------------------------------------------------------------------------


def test_the_original_is_kept_byte_for_byte_and_its_hash_is_in_the_import_event(
    sample_cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    shown = sample_cli.ok("show", "source", "1")
    assert "original:    5,404 bytes, text/markdown" in shown and "python-frontmatter" in shown
    sample_cli.ok("show", "source", "1", "--original", "-o", str(tmp_path / "back.md"))
    assert (tmp_path / "back.md").read_bytes() == ARMOUR.read_bytes()
    event = json.loads(sample_cli.ok("audit", "log", "--json"))[0]
    assert event["action"] == "source.import"
    assert event["data"]["after"]["raw_sha256"] == hashlib.sha256(ARMOUR.read_bytes()).hexdigest()


def test_an_original_is_kept_once_and_cannot_be_changed(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    records = tmp_path / "two.jsonl"
    records.write_text(
        '{"text": "Five tanks arrived in Bamako.", "source_domain": "a.example"}\n'
        '{"text": "Two helicopters arrived in Gao.", "source_domain": "b.example"}\n',
        encoding="utf-8",
    )
    cli.ok("import", str(records))
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT count(*) FROM original").fetchone() == (1,)
    assert connection.execute("SELECT count(DISTINCT sha256) FROM source_original").fetchone() == (1,)
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        connection.execute("UPDATE original SET content = x'00'")


def test_asking_for_an_original_that_was_not_kept_is_one_line(sample_cli: Cli, db_path: Path, store: Store) -> None:
    run = sample_cli("show", "source", "1", "--original")
    assert run.code != 0 and run.stderr.count("\n") == 1 and "-o FILE" in run.stderr
    [made] = import_documents(store=store, actor="t", documents=[Document(text="Typed in, not read.", format="txt")])
    run = sample_cli("show", "source", str(made.source_id), "--original", "-o", str(db_path.parent / "x.md"))
    assert run.code != 0 and "no original kept" in run.stderr and not (db_path.parent / "x.md").exists()
    with pytest.raises(sqlite3.DatabaseError, match="write-once"):
        sqlite3.connect(db_path).execute("DELETE FROM source_original")


# --- PDF --------------------------------------------------------------------------------------------

PDFS = Path(__file__).parent / "data"


def test_a_pdf_imports_with_its_pages_and_a_quote_at_the_right_offsets(cli: Cli, db_path: Path) -> None:
    assert cli.ok("import", str(PDFS / "mali-armour.pdf")).strip() == "imported 1"
    cli.ok("claim", "add", "At least five T-72B3 tanks", "--source", "1", "--quote", "at least five T-72B3")
    cli.ok("claim", "add", "The African Legion", "--source", "1", "--quote", "dubbed the ‘African Legion‘")
    text = _source_text(db_path, 1)
    shown = cli.ok("show", "source", "1")
    assert "title:       Russia continues to arm Malian military forces" in shown and "3 pages" in shown
    claim = json.loads(cli.ok("show", "claim", "1", "--json"))["evidence"][0]
    assert " ".join(text[claim["start"] : claim["end"]].split()) == "at least five T-72B3"
    assert claim["page"] == 1
    assert "(p. 2)" in cli.ok("show", "claim", "2")
    pages = sqlite3.connect(db_path).execute("SELECT page, start, end FROM source_page ORDER BY page").fetchall()
    assert [p for p, _, _ in pages] == [1, 2, 3] and pages[0][1] == 0 and pages[-1][2] == len(text)
    assert all(text[end:start] == "\n\n" for (_, _, end), (_, start, _) in pairwise(pages))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("scanned.pdf", "no text layer in the PDF (a scan?)"),
        ("encrypted.pdf", "encrypted PDF: it needs a password"),
        ("cut.pdf", "damaged PDF"),
        ("fake.pdf", "not a PDF"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_refused_in_one_line_and_the_rest_goes_in(
    cli: Cli, db_path: Path, tmp_path: Path, name: str, reason: str
) -> None:
    (tmp_path / "cut.pdf").write_bytes((PDFS / "mali-armour.pdf").read_bytes()[:4000])
    (tmp_path / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    bad = PDFS / name if (PDFS / name).exists() else tmp_path / name
    run = cli("import", str(bad), str(ARMOUR))
    assert run.code != 0 and run.stdout.strip() == "imported 1"
    assert run.stderr.count("\n") == 1 and reason in run.stderr
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM original").fetchone() == (1,)


def _source_text(db: Path, source_id: int) -> str:
    return str(sqlite3.connect(db).execute("SELECT text FROM source WHERE id = ?", (source_id,)).fetchone()[0])


# --- web archives ---------------------------------------------------------------------------------

ARTICLE = (
    "<html><head><title>Russia arms Mali</title></head><body><article>"
    "<p>Photos show dozens of trucks carrying at least five T-72B3 main battle tanks to Bamako.</p>"
    "<p>The armoured vehicles were handed over to the Malian Armed Forces during a ceremony.</p>"
    "</article></body></html>"
)


def write_warc(path: Path, *, pages: dict[str, str], gzip: bool) -> None:
    """A WARC as a crawler writes it with warcio: a request and an HTML response per page, and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, html in pages.items():
            request = io.BytesIO(f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode())
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-06-12T10:11:12Z"},
            )  # fmt: skip
            writer.write_record(record)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://a.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
        ))  # fmt: skip


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_each_html_page_of_a_warc_is_a_source_with_its_capture_data(
    cli: Cli, db_path: Path, tmp_path: Path, name: str
) -> None:
    pages = {"https://www.armyrecognition.com/mali": ARTICLE,
             "https://b.example/other": ARTICLE.replace("five", "seven")}  # fmt: skip
    write_warc(tmp_path / name, pages=pages, gzip=name.endswith(".gz"))
    assert cli.ok("import", str(tmp_path / name)).split() == ["imported", "1", "imported", "2"]
    source = json.loads(cli.ok("show", "source", "1", "--json"))
    assert (source["url"], source["format"]) == ("https://www.armyrecognition.com/mali", "warc")
    assert source["retrieved_at"] == "2024-06-12T10:11:12.000000Z"
    assert "at least five T-72B3" in source["text"]
    cli.ok("show", "source", "1", "--original", "-o", str(tmp_path / "record"))
    from warcio.archiveiterator import ArchiveIterator

    with (tmp_path / "record").open("rb") as kept:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(kept)]
    assert records == [("response", "https://www.armyrecognition.com/mali")]
    assert hashlib.sha256((tmp_path / "record").read_bytes()).hexdigest() == source["original"]["sha256"]


def test_a_truncated_warc_is_refused_whole(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli.ok("init")
    write_warc(tmp_path / "crawl.warc", pages={"https://a.example/x": ARTICLE}, gzip=False)
    whole = (tmp_path / "crawl.warc").read_bytes()
    (tmp_path / "cut.warc").write_bytes(whole[: whole.index(b"Malian Armed")])
    run = cli("import", str(tmp_path / "cut.warc"))
    assert run.code != 0 and "truncated" in run.stderr and run.stderr.count("\n") == 1
    assert json.loads(cli.ok("sources", "--json")) == []


def test_a_wacz_imports_its_pages_and_a_zip_bomb_is_refused(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    write_warc(tmp_path / "data.warc.gz", pages={"https://a.example/x": ARTICLE}, gzip=True)
    with zipfile.ZipFile(tmp_path / "crawl.wacz", "w") as wacz:
        wacz.write(tmp_path / "data.warc.gz", "archive/data.warc.gz")
        wacz.writestr("datapackage.json", "{}")
    assert cli.ok("import", str(tmp_path / "crawl.wacz")).strip() == "imported 1"
    with zipfile.ZipFile(tmp_path / "bomb.wacz", "w", compression=zipfile.ZIP_DEFLATED) as wacz:
        wacz.writestr("archive/data.warc", b"\0" * (600 * 2**20))
    run = cli("import", str(tmp_path / "bomb.wacz"))
    assert run.code != 0 and "refused" in run.stderr and run.stderr.count("\n") == 1


# --- headlines ------------------------------------------------------------------------------------


def test_a_headline_stated_apart_from_the_body_is_quotable_text(cli: Cli, tmp_path: Path) -> None:
    page = write(tmp_path, "page.html", ARTICLE_HTML.replace("<h1>Mali receives Russian combat helicopters</h1>", ""))
    cli.ok("import", str(page))
    text = json.loads(cli.ok("show", "source", "1", "--json"))["text"]
    assert text.startswith("Mali receives Russian combat helicopters\n\n")
    cli.ok("claim", "add", "Mali received helicopters", "--source", "1", "--quote", "Russian combat helicopters")
    evidence = json.loads(cli.ok("show", "claim", "1", "--json"))["evidence"][0]
    assert (evidence["start"], evidence["end"]) == (14, 40)


def test_a_body_that_opens_with_its_headline_does_not_get_it_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: Mali gets helicopters\n---\n# Mali gets helicopters\n\nBody.\n")
    assert read_file(path)[0].text == "# Mali gets helicopters\n\nBody."


def test_a_source_stored_without_its_headline_keeps_its_evidence_when_imported_again(
    store: Store, tmp_path: Path
) -> None:
    """How an existing store moves to texts with headlines: stored texts never change; importing
    the file again makes a revision, and its evidence is carried to the new offsets."""
    from workbench.claims import EvidenceSpec, create_claim
    from workbench.spans import Quote

    page = write(tmp_path, "page.html", ARTICLE_HTML.replace("<h1>Mali receives Russian combat helicopters</h1>", ""))
    [document] = read_file(page)
    body = document.text.split("\n\n", 1)[1]
    [old] = import_documents(store=store, actor="t", documents=[replace(document, text=body, original=None)])
    claim = create_claim(store=store, actor="ana", text="Two helicopters", evidence=[
        EvidenceSpec(old.source_id, Quote("two helicopters"))])  # fmt: skip
    [new] = import_documents(store=store, actor="t", documents=read_file(page))
    assert (new.status, new.revision_of, new.reanchored, new.orphaned) == ("revision", old.source_id, 1, 0)
    current = [e for e in fetch(store, read.claim, claim.id).evidence if e.source_id == new.source_id]
    text = fetch(store, read.source, new.source_id).text
    assert current[0].anchor_status == "reanchored" and current[0].anchor_method in {"position", "exact"}
    assert text[current[0].start : current[0].end] == "two helicopters"


def test_a_text_without_identity_that_nearly_equals_a_source_says_so(cli: Cli, tmp_path: Path) -> None:
    body = AFP.read_text(encoding="utf-8").split("---", 2)[2]
    (tmp_path / "corrected.txt").write_text(body.replace("two helicopters", "three helicopters"), encoding="utf-8")
    (tmp_path / "other.txt").write_text("Mali's army said on Monday that the road to Gao had reopened.\n", "utf-8")
    run = cli("import", str(AFP), str(tmp_path / "corrected.txt"), str(tmp_path / "other.txt"))
    assert run.stdout.splitlines() == [
        "imported 1",
        "imported 2 (near copy of 1: use --revision-of 1 if it is a correction)",
        "imported 3",
    ]


@pytest.mark.parametrize(
    ("authors", "kept"),
    [
        (["Associated Press"], "Associated Press"),
        (["Author"], None),
        (["Opinion", "Min Read"], None),
        (["Www.Dw.Com"], None),
        (["Published P.M. Et Feb."], None),
        (["Alex Horton Is A General Assignment Reporter", "Former Army Infantryman."], "Alex Horton"),
        (["Mark Prigg For Dailymail.Com"], "Mark Prigg"),
        (["What Happened To Germany S Social Democrats"], None),
        ("Jane Doe; More Stories by Jane Doe", "Jane Doe"),
        (["Jose A. Delreal", "Carsten Grün"], "Jose A. Delreal, Carsten Grün"),
    ],
)
def test_bylines_lose_their_page_furniture(tmp_path: Path, authors: object, kept: str | None) -> None:
    [document] = read_file(write(tmp_path, "a.json", json.dumps(record(authors=authors))))
    assert document.author == kept


def test_a_word_document_imports_its_title_and_paragraphs(cli: Cli, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Mali receives helicopters"
    document.add_paragraph("Defence Minister Sadio Camara received two helicopters at Bamako airport.")
    document.add_paragraph("")
    document.add_paragraph("The delivery adds to at least four helicopters provided by Russia.")
    document.save(str(tmp_path / "report.docx"))
    cli.ok("import", str(tmp_path / "report.docx"))
    source = json.loads(cli.ok("show", "source", "1", "--json"))
    assert source["title"] == "Mali receives helicopters"
    assert source["text"] == (
        "Defence Minister Sadio Camara received two helicopters at Bamako airport."
        "\n\nThe delivery adds to at least four helicopters provided by Russia."
    )
    assert source["format"] == "docx" and source["original"]["size"] == (tmp_path / "report.docx").stat().st_size
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    run = cli("import", str(tmp_path / "broken.docx"))
    assert run.code != 0 and "not a Word document" in run.stderr


def test_a_title_from_file_properties_is_no_identity_and_a_headline_needs_whole_words(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(PDFS / "mali-armour.pdf"))
    same_title = write(
        tmp_path, "other.md", "---\ntitle: Russia continues to arm Malian military forces\n---\nOther.\n"
    )
    assert cli.ok("import", str(same_title)).strip() == "imported 2"  # the PDF's metadata title is not identity
    page = write(tmp_path, "w.md", "---\ntitle: Ukraine war\n---\nUkraine warns of new strikes on its grid.\n")
    assert read_file(page)[0].text.startswith("Ukraine war\n\nUkraine warns")


def test_a_cut_in_any_record_refuses_the_archive_and_a_gzip_bomb_is_refused(cli: Cli, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    cli.ok("init")
    write_warc(tmp_path / "crawl.warc", pages={"https://a.example/x": ARTICLE}, gzip=False)
    whole = (tmp_path / "crawl.warc").read_bytes()
    (tmp_path / "cut.warc").write_bytes(whole[:-10])  # inside the image record, after the page
    run = cli("import", str(tmp_path / "cut.warc"))
    assert run.code != 0 and "truncated" in run.stderr
    with (tmp_path / "bomb.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                   protocol="HTTP/1.1")  # fmt: skip
        payload = io.BytesIO(gzip.compress(b"\0" * (80 * 2**20)))
        writer.write_record(writer.create_warc_record("https://a.example/b", "response", payload=payload,
                                                      http_headers=headers))  # fmt: skip
    run = cli("import", str(tmp_path / "bomb.warc.gz"))
    assert run.code != 0 and "uncompressed" in run.stderr and run.stderr.count("\n") == 1
    assert json.loads(cli.ok("sources", "--json")) == []


def test_a_warc_compressed_whole_is_read_and_kept_whole(cli: Cli, tmp_path: Path) -> None:
    write_warc(
        tmp_path / "crawl.warc", pages={"https://a.example/x": ARTICLE, "https://b.example/y": ARTICLE}, gzip=False
    )
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress((tmp_path / "crawl.warc").read_bytes()))
    assert cli.ok("import", str(tmp_path / "whole.warc.gz")).split() == ["imported", "1", "imported", "2"]
    cli.ok("show", "source", "2", "--original", "-o", str(tmp_path / "kept.gz"))
    assert (tmp_path / "kept.gz").read_bytes() == (tmp_path / "whole.warc.gz").read_bytes()
