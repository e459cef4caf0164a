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
import time
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from workbench.errors import InvalidInput
from workbench.ingest.document import Document, domain_of

#: Redirects followed before giving up.
MAX_REDIRECTS = 5
#: Seconds without an answer (to connect, or between two reads) before giving up.
DEFAULT_TIMEOUT = 20.0
#: Seconds a whole page may take to arrive, however steadily (at least three timeouts).
DEADLINE = 120.0
#: IPv6 addresses that carry an IPv4 one for a NAT64 gateway (RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
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

    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as e:  # "http://[::1/"
        raise InvalidInput(f"not a URL that can be fetched ({_reason(e)})") from e
    if scheme == "file":
        raise InvalidInput("file:// URLs are not fetched: import the file by its path")
    if scheme not in SCHEMES:
        raise InvalidInput(f"only http and https URLs are fetched, not {scheme}:")
    warc = io.BytesIO()
    writer = _writer(warc)
    seen: list[str] = []
    headers = {"User-Agent": f"claim-workbench/{__version__} (+import)", "Accept": "text/html,application/pdf"}
    deadline = time.monotonic() + max(DEADLINE, 3 * timeout)
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), headers=headers, follow_redirects=False) as client:
            current = url
            while True:
                if current in seen:
                    raise InvalidInput(f"redirect loop: {current} again after {len(seen)} hops")
                seen.append(current)
                # the address checked is the address asked: no second lookup for a DNS answer to change
                target, host, sni = _pinned(current, allow_private)
                request = client.build_request("GET", target, headers={"Host": host}, extensions=sni)
                response = client.send(request, stream=True)
                try:
                    body = _body(response, max_bytes, deadline)
                finally:
                    response.close()
                _record(writer, current, request, response, body)
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
    except (httpx.InvalidURL, ValueError, UnicodeError) as e:
        raise InvalidInput(f"not a URL that can be fetched ({_reason(e)})") from e
    except httpx.HTTPError as e:
        raise InvalidInput(f"cannot fetch it: {_reason(e)}") from e
    return _documents(warc.getvalue(), url, seen, max_bytes)


def _writer(out: io.BytesIO) -> object:
    from warcio.warcwriter import WARCWriter

    return WARCWriter(out, gzip=False)


def _pinned(url: str, allow_private: bool) -> tuple[str, str, dict[str, str]]:
    """(URL to ask, Host header, request extensions) for ``url``, its host resolved once and checked.

    Unless ``allow_private``, the host is resolved here, every address it has must be public,
    and the request goes to that address (the Host header and TLS server name keep the host's
    name), so that a DNS answer cannot change between the check and the connection.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InvalidInput(f"not a URL that can be fetched: {url}")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    host = parts.netloc.rsplit("@", 1)[-1]
    if allow_private:
        return url, host, {}
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise InvalidInput(f"cannot resolve {parts.hostname}: {e}") from e
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in addresses:
        if not _public(ip):
            raise InvalidInput(
                f"{parts.hostname} is a private or local address ({ip}); --allow-private fetches such addresses"
            )
    ip = addresses[0]
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    pinned = parts._replace(netloc=f"{literal}:{port}").geturl()
    return pinned, host, ({"sni_hostname": parts.hostname} if parts.scheme.lower() == "https" else {})


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is public, IPv4 addresses carried inside IPv6 ones (mapped, 6to4, NAT64) included."""
    if not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is None and int(ip) >> 32 == 0:  # ::a.b.c.d, the old IPv4-compatible form
            inner = ipaddress.IPv4Address(int(ip))
        if inner is not None and not inner.is_global:
            return False
    return True


def _body(response: object, max_bytes: int, deadline: float) -> bytes:
    """The body as sent (content encodings kept), at most ``max_bytes``, read before ``deadline``."""
    chunks, size = [], 0
    for chunk in response.iter_raw():  # type: ignore[attr-defined]
        size += len(chunk)
        if size > max_bytes:
            raise InvalidInput(f"the page is over the {max_bytes / 1e6:g} MB limit (--max-size)")
        if time.monotonic() > deadline:
            raise InvalidInput("the page took too long to arrive")
        chunks.append(chunk)
    return b"".join(chunks)


def _record(writer: object, url: str, request: object, response: object, body: bytes) -> None:
    """Write one request for ``url`` and its response into the WARC."""
    from warcio.statusandheaders import StatusAndHeaders

    target = request.url.raw_path.decode("ascii")  # type: ignore[attr-defined]
    lines = [f"GET {target} HTTP/1.1", *(f"{k}: {v}" for k, v in request.headers.items())]  # type: ignore[attr-defined]
    asked = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(asked)))  # type: ignore[attr-defined]
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _TRANSPORT]  # type: ignore[attr-defined]
    status = f"{response.status_code} {response.reason_phrase}"  # type: ignore[attr-defined]
    http = StatusAndHeaders(status, [*kept, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)  # type: ignore[attr-defined]
    writer.write_record(record)  # type: ignore[attr-defined]


def _documents(warc: bytes, url: str, hops: list[str], max_bytes: int) -> list[Document]:
    """The fetched page read from the WARC, the whole WARC as its original."""
    import hashlib

    from workbench.ingest.archives import final_response
    from workbench.ingest.pdf import read_pdf
    from workbench.ingest.readers import extractor, read_html

    uri, captured, kind, payload = final_response(warc, max_bytes)
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
