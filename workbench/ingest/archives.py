"""Web archives: every HTML page a WARC or WACZ captured becomes a source, with its capture data.

Read with warcio (Apache-2.0). Each ``response`` record whose HTTP payload is HTML (status 2xx) is
extracted like an HTML file (trafilatura); the source's URL is the record's target URI, its
``retrieved_at`` the capture time (``WARC-Date``), and its original the record itself as the file
holds it (a gzip member of a ``.warc.gz``), so that ``show source --original`` gives back a valid
one-record WARC. Other records (requests, metadata, images, scripts) are skipped; pages without
article text are skipped too. A truncated or malformed archive is refused whole: nothing of it is
imported. A WACZ is a zip of WARCs (``archive/*.warc[.gz]``); its members are read with a size
limit, so that a zip bomb is refused instead of filling memory.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace

from workbench.errors import InvalidInput
from workbench.ingest.document import Document, domain_of

#: Most bytes read from all the WARCs of one WACZ, uncompressed (a zip bomb is refused past it).
MAX_WACZ_BYTES = 512 * 1024 * 1024
#: Most bytes of one record's block, or of a page once its content encoding is undone.
MAX_RECORD_BYTES = 64 * 1024 * 1024
_END = b"\r\n\r\n"


def read_warc(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """The HTML pages of a WARC (``.warc`` or ``.warc.gz``), one document each.

    A ``.warc.gz`` is normally one gzip member per record, each record's member its original. A
    file compressed whole (one member for every record) is read uncompressed, and the whole
    file is each page's original: no smaller part of it is a file anyone was given.
    """
    whole = _one_member(raw)
    if whole is not None:
        documents = [replace(d, raw_sha256=hashlib.sha256(raw).hexdigest(), original=raw,
                             media_type="application/gzip") for d in _pages(whole, origin, encoding)]  # fmt: skip
    else:
        documents = _pages(raw, origin, encoding)
    if not documents:
        raise InvalidInput("no HTML page with article text in the archive")
    return documents


def _one_member(raw: bytes) -> bytes | None:
    """A gzip file's content, if the file is one member holding more than one record; else ``None``."""
    import zlib

    if raw[:2] != b"\x1f\x8b":
        return None
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        content = member.decompress(raw, MAX_WACZ_BYTES + 1)
    except zlib.error:
        return None  # damaged: the record reader says where
    if not member.eof or member.unused_data or len(content) > MAX_WACZ_BYTES:
        return None  # several members (one per record), cut, or too large to read whole
    return content if content.count(b"WARC/1.") > 1 else None


def read_wacz(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """The HTML pages of every WARC inside a WACZ."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as e:
        raise InvalidInput("not a WACZ: not a zip file") from e
    members = [m for m in archive.infolist() if m.filename.startswith("archive/") and ".warc" in m.filename]
    if not members:
        raise InvalidInput("not a WACZ: no archive/*.warc in it")
    if sum(m.file_size for m in members) > MAX_WACZ_BYTES:
        raise InvalidInput(f"the WACZ's archives hold over {MAX_WACZ_BYTES // 2**20:,} MB uncompressed; refused")
    documents: list[Document] = []
    for member in members:
        try:
            with archive.open(member) as stream:
                data = stream.read(member.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as e:  # a damaged entry, a bad CRC
            raise InvalidInput(f"damaged WACZ entry {member.filename}: {e}") from e
        if len(data) > member.file_size:
            raise InvalidInput(f"WACZ entry {member.filename} is larger than its zip header says; refused")
        documents += _pages(data, f"{origin}!{member.filename}", encoding)
    if not documents:
        raise InvalidInput("no HTML page with article text in the archive")
    return documents


def _pages(raw: bytes, origin: str, encoding: str | None) -> list[Document]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from workbench.ingest.readers import extractor, read_html

    gzipped = raw[:2] == b"\x1f\x8b"
    made_by = f"warcio + {extractor('.html')}"
    documents: list[Document] = []
    try:
        records = ArchiveIterator(io.BytesIO(raw), check_digests="raise")
        for record in records:
            page = _html_payload(record)
            records.read_to_end(record)
            start, length = records.get_record_offset(), records.get_record_length()
            original = raw[start : start + length]
            if not _whole(record, original, gzipped):  # every record: a cut anywhere refuses the file
                raise ValueError(f"the record of {record.rec_headers.get_header('WARC-Target-URI')} is truncated")
            if page is None:
                continue
            uri, captured, payload = page
            if not gzipped and raw[start + length : start + length + 4] == _END:
                original += _END
            try:
                (document,) = read_html(payload, f"{origin} {uri}", encoding)
            except InvalidInput:
                continue  # a page without an article (a search page, an index): not a source
            documents.append(
                replace(
                    document,
                    url=uri or document.url,
                    domain=document.domain or domain_of(uri),
                    retrieved_at=captured,
                    format="warc",
                    raw_sha256=hashlib.sha256(original).hexdigest(),
                    original=original,
                    media_type="application/gzip" if gzipped else "application/warc",
                    extractor=made_by,
                )
            )
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as e:
        raise InvalidInput(f"not a readable WARC ({_first_line(e)}); nothing of it was imported") from e
    return documents


def final_response(raw: bytes, max_bytes: int) -> tuple[str, str | None, str, bytes]:
    """(target URI, capture time, content type, body with content encodings undone) of a WARC's last response.

    Raises:
        InvalidInput: the body is over ``max_bytes`` once uncompressed (a gzip bomb), or there is none.
    """
    from warcio.archiveiterator import ArchiveIterator

    found: tuple[str, str | None, str, bytes] | None = None
    for record in ArchiveIterator(io.BytesIO(raw)):
        if record.rec_type == "response" and record.http_headers is not None:
            headers = record.rec_headers
            kind = (record.http_headers.get_header("Content-Type") or "").lower()
            try:
                body = read_capped(record.content_stream(), max_bytes)
            except ValueError as e:
                raise InvalidInput(f"the page is over the {max_bytes / 1e6:g} MB limit once uncompressed") from e
            found = (headers.get_header("WARC-Target-URI"), capture_time(headers.get_header("WARC-Date")), kind, body)
    if found is None:
        raise InvalidInput("no response recorded")
    return found


def read_capped(stream: object, cap: int) -> bytes:
    """All of ``stream`` (content encodings undone), or ``ValueError`` past ``cap`` bytes: no bomb fills memory."""
    chunks, size = [], 0
    while chunk := stream.read(1 << 20):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > cap:
            raise ValueError(f"over {cap:,} bytes uncompressed")
        chunks.append(chunk)
    return b"".join(chunks)


def _whole(record: object, original: bytes, gzipped: bool) -> bool:
    """Whether a record holds all the bytes its header announces (and its digests, if any, passed).

    warcio checks a digest only when a record's block is read to its announced end, and a cut
    file simply stops early: the length is checked here, decompressing no more than announced.

    Raises:
        ValueError: a record announcing more than ``MAX_RECORD_BYTES``.
    """
    import zlib

    headers = record.rec_headers  # type: ignore[attr-defined]
    if record.digest_checker.passed is False:  # type: ignore[attr-defined]
        return False
    announced = int(headers.get_header("Content-Length") or 0)
    if announced > MAX_RECORD_BYTES:
        raise ValueError(f"a record of {announced:,} bytes, over the {MAX_RECORD_BYTES:,} read")
    block = original
    if gzipped:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            block = member.decompress(original, announced + (1 << 16))
        except zlib.error:
            return False
        if not member.eof and not member.unconsumed_tail:
            return False  # the member stops before its end: cut
    head = block.find(b"\r\n\r\n")
    return head >= 0 and len(block) - (head + 4) >= announced


def _html_payload(record: object) -> tuple[str | None, str | None, bytes] | None:
    """(target URI, capture time, HTML bytes) of an HTML response record; ``None`` for any other."""
    if getattr(record, "rec_type", None) != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    status = record.http_headers.get_statuscode() or ""  # type: ignore[attr-defined]
    kind = (record.http_headers.get_header("Content-Type") or "").lower()  # type: ignore[attr-defined]
    if not status.startswith("2") or "html" not in kind:
        return None
    payload = read_capped(record.content_stream(), MAX_RECORD_BYTES)  # type: ignore[attr-defined]
    headers = record.rec_headers  # type: ignore[attr-defined]
    return headers.get_header("WARC-Target-URI"), capture_time(headers.get_header("WARC-Date")), payload


def capture_time(value: str | None) -> str | None:
    """A WARC-Date ("2026-12-07T08:24:16Z", maybe with a fraction) as the store writes times; ``None`` if unreadable."""
    from datetime import UTC, datetime

    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
