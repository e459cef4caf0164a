"""One reader per supported file format, each turning a file's bytes into documents.

Readers are pure: bytes and a path in, ``Document``s out, ``InvalidInput`` for bad content.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from workbench.errors import InvalidInput
from workbench.ingest.decode import decode, looks_binary
from workbench.ingest.document import Document, finish, first_line_title

Reader = Callable[[bytes, str], list[Document]]

#: Fewer characters than this extracted from a page means there was no article, only navigation
#: crumbs ("Home Africa") that trafilatura's fallbacks picked up.
MIN_HTML_TEXT = 25


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_txt(raw: bytes, origin: str) -> list[Document]:
    """Plain text: the whole file is the article; the title is its first line."""
    return [finish(text=decode(raw), format="txt", origin=origin, raw_sha256=_sha(raw))]


def read_markdown(raw: bytes, origin: str) -> list[Document]:
    """Markdown with optional YAML front matter: ``outlet``, ``title``, ``url``, ``author``, ``published``.

    The body after the front matter is stored as written (Markdown is not rendered), less
    surrounding blank lines. Other front-matter keys are ignored.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    text = decode(raw)
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
            title=meta.get("title") or first_line_title(body).lstrip("#").strip() or None,
            url=meta.get("url"),
            outlet=meta.get("outlet"),
            author=meta.get("author"),
            published=meta.get("published"),
        )
    ]


def read_html(raw: bytes, origin: str) -> list[Document]:
    """An HTML page: main text and metadata extracted by trafilatura (boilerplate dropped)."""
    if looks_binary(raw):
        raise InvalidInput("binary file, not HTML")
    # Deferred import: trafilatura (and lxml) take about half a second to load.
    import trafilatura
    import trafilatura.settings

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    extracted = trafilatura.bare_extraction(
        raw,
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
    return [
        finish(
            text=text,
            format="html",
            origin=origin,
            raw_sha256=_sha(raw),
            title=extracted.title,
            url=extracted.url,
            outlet=extracted.sitename,
            author=extracted.author,
            published=extracted.date,
            domain=(extracted.hostname or "").lower().removeprefix("www.") or None,
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
    outlet = domain.lower().removeprefix("www.") if domain else None
    try:
        return finish(
            text=text,
            format="news-please",
            origin=origin,
            raw_sha256=raw_sha,
            title=record.get("title"),
            url=record.get("url"),
            outlet=outlet,
            domain=outlet,
            author=record.get("authors"),
            published=record.get("date_publish"),
        )
    except InvalidInput as e:
        raise InvalidInput(f"{where}: {e}") from e


def read_json(raw: bytes, origin: str) -> list[Document]:
    """A news-please record, or a JSON array of them."""
    try:
        data = json.loads(decode(raw))
    except json.JSONDecodeError as e:
        raise InvalidInput(f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from e
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InvalidInput("no records")
    sha = _sha(raw)
    return [_news_please(r, f"record {i}", origin, sha) for i, r in enumerate(records, 1)]


def read_jsonl(raw: bytes, origin: str) -> list[Document]:
    """News-please records, one JSON object per line (blank lines skipped)."""
    sha = _sha(raw)
    documents: list[Document] = []
    for number, line in enumerate(decode(raw).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"malformed JSON at line {number}, column {e.colno}: {e.msg}") from e
        documents.append(_news_please(record, f"line {number}", origin, sha))
    if not documents:
        raise InvalidInput("no records")
    return documents


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
