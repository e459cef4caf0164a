"""Importing a page by its URL: fetched once, kept as a WARC of what was asked and answered.

``fetch`` asks for the page with httpx (BSD), following at most ``MAX_REDIRECTS`` redirects itself
so that each hop is checked and recorded, reads at most ``max_bytes`` of the answer and gives up
after ``timeout`` seconds of silence. Every request and response (redirects included) is written
into one WARC (warcio), exactly as the server sent the body; that WARC is the source's original,
and the page is read from it as any web archive is (``archives``). HTML and PDF answers are read.

Addresses that are not public (loopback, private networks, link-local, the cloud metadata
address) are refused unless ``allow_private``: a URL pasted from an article must not make the
workbench probe the analyst's own network. ``file://`` and other schemes are refused; a local
file is imported by its path.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from workbench.errors import InvalidInput
from workbench.ingest.document import Document, domain_of

#: Redirects followed before giving up.
MAX_REDIRECTS = 5
#: Seconds without an answer (to connect, or between two reads) before giving up.
DEFAULT_TIMEOUT = 20.0
#: Schemes a URL import may use.
SCHEMES = ("http", "https")
#: Headers that describe how the body travelled, not what it is: the WARC holds the body as a
#: whole (no chunks), so they are dropped from the recorded response and its length set again.
_TRANSPORT = {"transfer-encoding", "content-length", "connection", "keep-alive"}


def is_url(text: str) -> bool:
    """Whether an import argument is a URL rather than a path: it starts with a scheme and "://"."""
    scheme, _, rest = text.partition("://")
    return bool(rest) and scheme.isalpha() and len(scheme) > 1


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT, allow_private: bool = False) -> list[Document]:
    """The page at ``url`` as documents, its original a WARC of every request and response.

    Raises:
        InvalidInput: a refused scheme or address, a redirect loop, an error status, an answer
            too large, no answer in time, no connection, or a page without article text.
    """
    import httpx

    from workbench import __version__

    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        raise InvalidInput("file:// URLs are not fetched: import the file by its path")
    if scheme not in SCHEMES:
        raise InvalidInput(f"only http and https URLs are fetched, not {scheme}:")
    warc = io.BytesIO()
    writer = _writer(warc)
    seen: list[str] = []
    headers = {"User-Agent": f"claim-workbench/{__version__} (+import)", "Accept": "text/html,application/pdf"}
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), headers=headers, follow_redirects=False) as client:
            current = url
            while True:
                _check_address(current, allow_private)
                if current in seen:
                    raise InvalidInput(f"redirect loop: {current} again after {len(seen)} hops")
                seen.append(current)
                request = client.build_request("GET", current)
                with client.stream("GET", current, headers=request.headers) as response:
                    body = _body(response, max_bytes)
                    _record(writer, request, response, body)
                if response.is_redirect and "location" in response.headers:
                    if len(seen) > MAX_REDIRECTS:
                        raise InvalidInput(f"more than {MAX_REDIRECTS} redirects")
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code >= 400:
                    raise InvalidInput(f"the server answered {response.status_code} {response.reason_phrase}")
                break
    except httpx.TimeoutException as e:
        raise InvalidInput(f"no answer within {timeout:g} s") from e
    except httpx.HTTPError as e:
        raise InvalidInput(f"cannot fetch it: {_reason(e)}") from e
    return _documents(warc.getvalue(), url, seen)


def _writer(out: io.BytesIO) -> object:
    from warcio.warcwriter import WARCWriter

    return WARCWriter(out, gzip=False)


def _check_address(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host resolves to an address that is not public, unless allowed."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InvalidInput(f"not a URL that can be fetched: {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as e:
        raise InvalidInput(f"cannot resolve {parts.hostname}: {e}") from e
    for *_, address in infos:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global:
            raise InvalidInput(
                f"{parts.hostname} is a private or local address ({ip}); --allow-private fetches such addresses"
            )


def _body(response: object, max_bytes: int) -> bytes:
    """The body as sent (content encodings kept), at most ``max_bytes``."""
    chunks, size = [], 0
    for chunk in response.iter_raw():  # type: ignore[attr-defined]
        size += len(chunk)
        if size > max_bytes:
            raise InvalidInput(f"the page is over the {max_bytes / 1e6:g} MB limit (--max-size)")
        chunks.append(chunk)
    return b"".join(chunks)


def _record(writer: object, request: object, response: object, body: bytes) -> None:
    """Write one request and its response into the WARC."""
    from warcio.statusandheaders import StatusAndHeaders

    url = str(request.url)  # type: ignore[attr-defined]
    target = request.url.raw_path.decode("ascii")  # type: ignore[attr-defined]
    lines = [f"GET {target} HTTP/1.1", *(f"{k}: {v}" for k, v in request.headers.items())]  # type: ignore[attr-defined]
    asked = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(asked)))  # type: ignore[attr-defined]
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _TRANSPORT]  # type: ignore[attr-defined]
    status = f"{response.status_code} {response.reason_phrase}"  # type: ignore[attr-defined]
    http = StatusAndHeaders(status, [*kept, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)  # type: ignore[attr-defined]
    writer.write_record(record)  # type: ignore[attr-defined]


def _documents(warc: bytes, url: str, hops: list[str]) -> list[Document]:
    """The fetched page read from the WARC, the whole WARC as its original."""
    import hashlib

    from workbench.ingest.archives import final_response
    from workbench.ingest.pdf import read_pdf
    from workbench.ingest.readers import extractor, read_html

    uri, captured, kind, payload = final_response(warc)
    if "pdf" in kind:
        documents, made_by = read_pdf(payload, url), extractor(".pdf")
    elif "html" in kind or not kind:
        documents, made_by = read_html(payload, url), extractor(".html")
    else:
        raise InvalidInput(f"the page is {kind.split(';')[0]}, not HTML or PDF")
    via = "".join(f" → {hop}" for hop in hops[1:])  # each redirect, as followed
    return [
        replace(
            d,
            url=uri,
            domain=d.domain or domain_of(uri),
            retrieved_at=captured,
            origin=f"{url}{via}",
            raw_sha256=hashlib.sha256(warc).hexdigest(),
            original=warc,
            media_type="application/warc",
            extractor=f"httpx + warcio + {made_by}",
        )
        for d in documents
    ]


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
