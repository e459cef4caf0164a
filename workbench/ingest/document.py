"""A document read from a file, before it is stored: text plus what the file says about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from workbench.checks import check_unicode
from workbench.dates import parse_published
from workbench.errors import InvalidInput

#: Longest title derived from a text's first line.
TITLE_WIDTH = 120


@dataclass(frozen=True)
class Document:
    """One article ready to import. ``text`` is final: line endings normalised, nothing else.

    ``title`` is only a title the file states (front matter, HTML, a record, ``--title``): with
    the outlet it is the source's identity, so it is never derived from the text here.
    """

    text: str
    format: str
    origin: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    domain: str | None = None
    author: str | None = None
    published: str | None = None
    raw_sha256: str | None = None
    #: The bytes the text was extracted from, kept as the source's original (``raw_sha256`` is
    #: their hash), what they are, and the extractor with its version; ``None`` when the text
    #: came from elsewhere than a file or a fetched page.
    original: bytes | None = field(default=None, repr=False, compare=False)
    media_type: str | None = None
    extractor: str | None = None
    #: Whether ``title`` is part of the document's identity (with its outlet, when it has no URL):
    #: not for a title from a file's properties (a PDF's, a Word document's: "Untitled", "Document1").
    title_is_identity: bool = True
    #: When the original was captured (a web archive's record, a fetched page), as the store
    #: writes times; ``None`` means now, at import.
    retrieved_at: str | None = None
    #: Where each page of a paged original (a PDF) starts and ends in ``text``, in page order.
    pages: tuple[tuple[int, int], ...] | None = None

    def __post_init__(self) -> None:
        """Refuse a document whose text or metadata is not text (a JSON record's "\ud800")."""
        for name in ("text", "title", "url", "outlet", "domain", "author", "published", "origin"):
            value = getattr(self, name)
            if isinstance(value, str):
                check_unicode(value, "the text" if name == "text" else f"the {name}")


@dataclass(frozen=True)
class Overrides:
    """Metadata given on the command line; it wins over what the file says."""

    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None

    def apply(self, document: Document) -> Document:
        """``document`` with these values in place of its own."""
        changes = {k: v for k, v in vars(self).items() if v is not None}
        if self.url is not None:
            changes["domain"] = domain_of(self.url)
        return replace(document, **changes)


def normalise_newlines(text: str) -> str:
    r"""``\r\n`` and ``\r`` to ``\n``: the only change import makes to a text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _folded(text: str) -> str:
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c.isspace()).split())


def opens_with(text: str, heading: str) -> bool:
    """Whether ``text`` already starts with ``heading`` (case, spacing and punctuation aside)."""
    start = text.lstrip()[: len(heading) + 40]
    first = start.split("\n", 1)[0]
    folded, head = _folded(start), _folded(heading)
    return bool(head) and (_folded(first) == head or folded == head or folded.startswith(head + " "))


def first_line_title(text: str) -> str:
    """A display title for a text that states none: its first non-blank line (less Markdown ``#``), cut at a word."""
    for line in text.split("\n"):
        line = " ".join(line.lstrip("#").split())
        if line:
            if len(line) <= TITLE_WIDTH:
                return line
            cut = line[: TITLE_WIDTH - 1].rsplit(" ", 1)[0]
            return cut + "…"
    return ""


#: The schemes a source's URL may have: where an article is read. A ``javascript:`` or ``data:``
#: URL would be a link that runs or carries content in every export and report that shows it.
URL_SCHEMES = ("http", "https")


def check_url(url: str | None) -> str | None:
    """``url`` stripped, or ``InvalidInput`` if it is not an absolute http(s) URL."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    return url


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, lower-cased."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def clean_text_field(value: object, name: str) -> str | None:
    """A metadata string (or list of strings, joined) with whitespace collapsed; ``None`` if empty."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(v.strip() for v in value if v.strip())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text, not {type(value).__name__}")
    value = " ".join(value.split())
    return value or None


#: Byline entries that are page furniture, not people: labels, reading times, dates, sections.
_FURNITURE = re.compile(
    r"(?:author|authors|by|opinion|analysis|editorial|staff|share|comments?|\d*\s*min(?:ute)?s?\s+read"
    r"|(?:more|all|latest)\s+(?:stories|articles|posts)\b.*|published\b.*|updated\b.*|follow\b.*)",
    re.IGNORECASE,
)
#: "Mark Prigg For Dailymail.Com": the person, without the outlet they wrote for.
_FOR_OUTLET = re.compile(r"\s+for\s+\S+\.(?:com|co\.uk|net|org)\S*$", re.IGNORECASE)
#: Most words a person's name (or an agency's) takes in a byline; longer entries are headlines or bios.
_NAME_WORDS = 5


def clean_author(value: object) -> str | None:
    """A byline with its page furniture dropped: "More Stories …", "Min Read", "Opinion", bios, domains.

    Each entry (a list's items, or a text's parts between ";" or "|") is kept when it can be a
    name: at most ``_NAME_WORDS`` words, no sentence of a biography (a trailing full stop; "Alex
    Horton Is A Reporter" keeps "Alex Horton"), not a label, a reading time, a date line or a
    web address.
    """
    text = clean_text_field(value, "author")
    if text is None:
        return None
    parts = value if isinstance(value, list) else re.split(r"\s*[;|]\s*", text)
    kept: list[str] = []
    for part in parts:
        entry = _FOR_OUTLET.sub("", " ".join(str(part).split())).strip(" ,")
        entry = re.split(r"\s+(?:is|was|covers|writes)\s", entry, maxsplit=1, flags=re.IGNORECASE)[0]  # a bio's name
        words = entry.split()
        if (
            not entry
            or _FURNITURE.fullmatch(entry)
            or len(words) > _NAME_WORDS
            or (entry.endswith(".") and not re.search(r"\b[A-Z]\.$", entry))
            or re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", entry, re.IGNORECASE)
        ):
            continue
        if entry not in kept:
            kept.append(entry)
    return ", ".join(kept) or None


def finish(
    *,
    text: str,
    format: str,
    origin: str | None,
    raw_sha256: str | None,
    title: object = None,
    url: object = None,
    outlet: object = None,
    author: object = None,
    published: object = None,
    domain: str | None = None,
    pages: tuple[tuple[int, int], ...] | None = None,
    headline: bool = False,
) -> Document:
    """Validate and normalise what a reader found into a ``Document``.

    With ``headline``, the title is stated apart from the body (an HTML page's, a news-please
    record's, a front-matter ``title``): the text then starts with it, so that a headline can be
    quoted like any span, unless the body already opens with it.

    Raises:
        InvalidInput: no text, or metadata of the wrong shape.
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise InvalidInput("no text")
    url_text = check_url(clean_text_field(url, "url"))
    heading = clean_text_field(title, "title")
    if headline and heading and not opens_with(text, heading):
        text = f"{heading}\n\n{text}"
    return Document(
        text=text,
        format=format,
        origin=origin,
        title=heading,
        url=url_text,
        outlet=clean_text_field(outlet, "outlet"),
        domain=domain or domain_of(url_text),
        author=clean_author(author),
        published=parse_published(published),
        raw_sha256=raw_sha256,
        pages=pages,
    )
