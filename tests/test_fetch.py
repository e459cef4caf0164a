"""Importing pages by URL, against a server this test starts on 127.0.0.1 (nothing else is reached)."""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ARMOUR, Cli

PAGE = (
    "<html><head><title>Russia arms Mali</title></head><body><article>"
    + "".join(f"<p>{p}</p>" for p in ARMOUR.read_text(encoding="utf-8").split("---", 2)[2].strip().split("\n"))
    + "</article></body></html>"
).encode()


class _Pages(http.server.BaseHTTPRequestHandler):
    """The article, a redirect to it, a redirect loop, a page too large, and a missing page."""

    def do_GET(self) -> None:
        routes = {"/old": ("301 Moved", "/article"), "/loop": ("302 Found", "/loop")}
        if self.path in routes:
            status, target = routes[self.path]
            self.send_response(int(status.split()[0]))
            self.send_header("Location", target)
            self.end_headers()
            return
        if self.path == "/bomb":  # 40 MB of zeros in 40 kB: the limit counts what it unpacks to
            bomb = gzip.compress(b"\0" * (40 * 2**20))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)
            return
        body = {"/article": PAGE, "/large": PAGE * 200}.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on 127.0.0.1 and a free port; its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent() -> Iterator[str]:
    """A server on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def test_a_page_is_fetched_kept_as_a_warc_and_its_redirect_recorded(cli: Cli, server: str, tmp_path: Path) -> None:
    assert cli.ok("import", "--allow-private", f"{server}/old").strip() == "imported 1"
    source = json.loads(cli.ok("show", "source", "1", "--json"))
    assert source["url"] == f"{server}/article"
    assert source["origin"] == f"{server}/old → {server}/article"
    assert "at least five T-72B3" in source["text"]
    assert source["original"]["media_type"] == "application/warc"
    cli.ok("show", "source", "1", "--original", "-o", str(tmp_path / "page.warc"))
    from warcio.archiveiterator import ArchiveIterator

    with (tmp_path / "page.warc").open("rb") as kept:
        records = [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.http_headers and r.http_headers.get_statuscode(),
            )
            for r in ArchiveIterator(kept)
        ]
    assert records == [
        ("request", f"{server}/old", "/old"),
        ("response", f"{server}/old", "301"),
        ("request", f"{server}/article", "/article"),
        ("response", f"{server}/article", "200"),
    ]


@pytest.mark.parametrize(
    ("path", "options", "reason"),
    [
        ("/article", [], "is a private or local address (127.0.0.1); --allow-private"),
        ("/loop", ["--allow-private"], "redirect loop"),
        ("/missing", ["--allow-private"], "the server answered 404"),
        ("/large", ["--allow-private", "--max-size", "0.1"], "over the 0.1 MB limit"),
        ("/bomb", ["--allow-private", "--max-size", "1"], "over the 1 MB limit once uncompressed"),
    ],
)
def test_a_refused_url_is_one_line_with_the_url_as_given_and_nothing_is_imported(
    cli: Cli, server: str, path: str, options: list[str], reason: str
) -> None:
    cli.ok("init")
    run = cli("import", *options, f"{server}{path}")
    assert run.code != 0 and run.stderr == f"rejected {server}{path}: {run.stderr.split(': ', 1)[1]}"
    assert reason in run.stderr and run.stderr.count("\n") == 1
    assert json.loads(cli.ok("sources", "--json")) == []


def test_no_answer_no_server_and_other_schemes_are_one_line_each(cli: Cli, silent: str) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    urls = [silent, f"http://127.0.0.1:{port}/x", "file:///etc/passwd", "ftp://127.0.0.1/x"]
    run = cli("import", "--allow-private", "--timeout", "0.5", *urls, str(ARMOUR))
    lines = run.stderr.splitlines()
    assert run.code != 0 and run.stdout.strip() == "imported 1"
    assert [line.split(": ", 1)[0] for line in lines] == [f"rejected {u}" for u in urls]
    assert "no answer within 0.5 s" in lines[0] and "cannot fetch it" in lines[1]
    assert "import the file by its path" in lines[2] and "only http and https" in lines[3]


def test_a_url_is_not_mangled_into_a_path(cli: Cli) -> None:
    run = cli("import", "https://www.example.invalid/a//b")
    assert run.stderr.startswith("rejected https://www.example.invalid/a//b: ")


def test_the_address_checked_is_the_address_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host is resolved once: the request goes to the address found public, under the host's name."""
    from workbench.ingest import fetch

    calls: list[str] = []

    def resolve(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    target, host, extensions = fetch._pinned("https://news.example/a?b=1", allow_private=False)
    assert (target, host, extensions) == (
        "https://93.184.216.34:443/a?b=1",
        "news.example",
        {"sni_hostname": "news.example"},
    )
    assert calls == ["news.example"]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a01:203",
        "2002:a01:203::1",
        "fd00::1",
    ],
)
def test_addresses_that_lead_inside_are_not_public(address: str) -> None:
    import ipaddress

    from workbench.ingest.fetch import _public

    assert not _public(ipaddress.ip_address(address))


@pytest.mark.parametrize("url", ["http://example.com:99999/", "http://[::1/", "http://a..b/"])
def test_a_malformed_url_is_one_line(cli: Cli, url: str) -> None:
    run = cli("import", url)
    assert run.code != 0 and run.stderr.startswith(f"rejected {url}: ") and run.stderr.count("\n") == 1
    assert "internal error" not in run.stderr
