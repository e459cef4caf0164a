"""One reader per supported file format, each turning a file's bytes into documents.

Readers are pure: bytes and a path in, ``Document``s out, ``InvalidInput`` for bad content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from workbench.errors import InvalidInput
from workbench.ingest.archives import read_wacz, read_warc
from workbench.ingest.decode import check_encoding, decode, looks_binary
from workbench.ingest.document import Document, finish, normalise_newlines
from workbench.ingest.docx import read_docx
from workbench.ingest.pdf import read_pdf
from workbench.sites import is_domain, site_of

Reader = Callable[[bytes, str, str | None], list[Document]]

#: Fewer characters than this extracted from a page means there was no article, only navigation
#: crumbs ("Home Africa") that trafilatura's fallbacks picked up.
MIN_HTML_TEXT = 25

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?[\w-]+""", re.IGNORECASE)


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _text(raw: bytes, encoding: str | None) -> str:
    """Decoded text with line endings normalised, before any parsing sees it."""
    return normalise_newlines(decode(raw, encoding))


def read_txt(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """Plain text: the whole file is the article (it states no title, URL or outlet)."""
    return [finish(text=_text(raw, encoding), format="txt", origin=origin, raw_sha256=_sha(raw))]


def read_markdown(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """Markdown with optional YAML front matter: ``outlet``, ``title``, ``url``, ``author``, ``published``.

    The body after the front matter is stored as written (Markdown is not rendered), less
    surrounding blank lines. Other front-matter keys are ignored.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    text = _text(raw, encoding)
    handler = YAMLHandler()
    meta: Any = {}
    body = text
    if handler.detect(text):
        try:
            block, body = handler.split(text)
            # libyaml's loader when present: the pure-Python one costs 0.5 ms per file.
            meta = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise InvalidInput(f"malformed front matter: {first}") from e
        except ValueError as e:
            raise InvalidInput(f"malformed front matter: {e}") from e
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise InvalidInput("malformed front matter: expected key: value pairs")
    body = body.strip("\n")
    return [
        finish(
            text=body,
            format="md",
            origin=origin,
            raw_sha256=_sha(raw),
            title=meta.get("title"),
            url=meta.get("url"),
            outlet=meta.get("outlet"),
            author=meta.get("author"),
            published=meta.get("published"),
            headline=True,
        )
    ]


def _html_input(raw: bytes, encoding: str | None) -> bytes | str:
    """What to hand trafilatura: the text when we can tell it surely, else the bytes with a charset that decodes them.

    Valid UTF-8 with any non-ASCII byte is UTF-8, whatever the page declares: a page saved as
    UTF-8 under a stale ``windows-1257`` declaration would otherwise read "Cafķ crĶme". A
    declared charset that does not decode the bytes cleanly is ignored for the same detection
    as text files.
    """
    if encoding is not None:
        return decode(raw, encoding)
    if looks_binary(raw):
        raise InvalidInput("binary file, not HTML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        declared = _DECLARED_CHARSET.search(raw[:4096])
        if declared is None:
            return decode(raw)  # no declaration: the same conservative detection as text files
        name = re.split(rb"""charset\s*=\s*["']?""", declared.group(), flags=re.IGNORECASE)[-1].decode(
            "ascii", "replace"
        )
        try:
            raw.decode(check_encoding(name))
        except (UnicodeDecodeError, InvalidInput):
            return decode(raw)  # the declaration is wrong or unknown: detection, not a garbled text
        return raw
    return text if not raw.isascii() else raw


def read_html(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """An HTML page: main text and metadata extracted by trafilatura (boilerplate dropped)."""
    page = _html_input(raw, encoding)
    # Deferred import: trafilatura (and lxml) take about half a second to load.
    import trafilatura
    import trafilatura.settings

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    extracted = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only a date the page states: no guessing from URLs or copyright lines.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = extracted.text if isinstance(extracted, trafilatura.settings.Document) and extracted.text else ""
    if len(text.strip()) < MIN_HTML_TEXT:
        raise InvalidInput(f"no article text found in the HTML (only {len(text.strip())} characters)")
    assert isinstance(extracted, trafilatura.settings.Document)
    sitename: str | None = extracted.sitename
    return [
        finish(
            text=text,
            format="html",
            origin=origin,
            raw_sha256=_sha(raw),
            title=extracted.title,
            url=extracted.url,
            # a site name that is only a host ("usa.chinadaily.com.cn") names the site
            outlet=site_of(sitename) if sitename and is_domain(sitename) else sitename,
            author=extracted.author,
            published=extracted.date,
            domain=(extracted.hostname or "").lower().removeprefix("www.") or None,
            headline=True,
        )
    ]


def _news_please(record: Any, where: str, origin: str, raw_sha: str) -> Document:
    if not isinstance(record, dict):
        raise InvalidInput(f"{where}: expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{where}: no text")
    domain = record.get("source_domain")
    if domain is not None and not isinstance(domain, str):
        raise InvalidInput(f"{where}: source_domain must be text")
    host = domain.lower().removeprefix("www.") if domain else None
    outlet = site_of(host) if host else None  # english.chinadaily.com.cn is chinadaily.com.cn's
    try:
        return finish(
            text=text,
            format="news-please",
            origin=origin,
            raw_sha256=raw_sha,
            title=record.get("title"),
            url=record.get("url"),
            outlet=outlet,
            domain=host,
            author=record.get("authors"),
            published=record.get("date_publish"),
            headline=True,
        )
    except InvalidInput as e:
        raise InvalidInput(f"{where}: {e}") from e


def _parse_json(text: str, line: int | None = None) -> Any:
    """``json.loads`` with every way it can fail turned into ``InvalidInput``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(f"malformed JSON at line {line or e.lineno}, column {e.colno}: {e.msg}") from e
    except RecursionError as e:  # "[[[[..." nested deeper than the interpreter's stack
        raise InvalidInput(f"malformed JSON{f' at line {line}' if line else ''}: nested too deeply") from e
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise InvalidInput(f"malformed JSON{f' at line {line}' if line else ''}: {e}") from e


def read_json(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """A news-please record, or a JSON array of them."""
    data = _parse_json(_text(raw, encoding))
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InvalidInput("no records")
    sha = _sha(raw)
    return [_news_please(r, f"record {i}", origin, sha) for i, r in enumerate(records, 1)]


def read_jsonl(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """News-please records, one JSON object per line (blank lines skipped).

    Lines are split on line feeds only: U+2028 and friends are legal inside JSON strings.
    """
    sha = _sha(raw)
    documents: list[Document] = []
    for number, line in enumerate(_text(raw, encoding).split("\n"), 1):
        if not line.strip():
            continue
        record = _parse_json(line, number)
        documents.append(_news_please(record, f"line {number}", origin, sha))
    if not documents:
        raise InvalidInput("no records")
    return documents


#: What each supported file is, for its kept original.
MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
    ".pdf": "application/pdf",
    ".warc": "application/warc",
    ".warc.gz": "application/gzip",
    ".wacz": "application/wacz",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: The library that extracts each format's text, if not the workbench's own reader.
_EXTRACTING_LIBRARY = {".html": "trafilatura", ".htm": "trafilatura", ".md": "python-frontmatter",
                       ".markdown": "python-frontmatter", ".pdf": "pypdfium2", ".warc": "warcio",
                       ".warc.gz": "warcio", ".wacz": "warcio", ".docx": "python-docx"}  # fmt: skip


def extractor(suffix: str) -> str:
    """The extractor of a format with its version, as recorded with each source: "trafilatura 2.0.0"."""
    from importlib.metadata import PackageNotFoundError, version

    from workbench import __version__

    library = _EXTRACTING_LIBRARY.get(suffix.lower())
    if library is None:
        return f"workbench {__version__} ({READERS[suffix.lower()].__name__})"
    try:
        return f"{library} {version(library)} (workbench {__version__})"
    except PackageNotFoundError:
        return f"{library} (workbench {__version__})"


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".pdf": read_pdf,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".wacz": read_wacz,
    ".docx": read_docx,
}
