"""PDF files: the text layer of every page, with where each page starts and ends in the text.

Read with pypdfium2 (PDFium's own text extraction; Apache-2.0 and BSD). Pages are joined with a
blank line, and each page's span of the stored text is kept with the source, so that evidence can
say "p. 3"; offsets are code points of the stored text, as everywhere. A PDF without a text layer
(a scan) is refused: there is no OCR. Encrypted and damaged files are refused in one line.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.errors import InvalidInput
from workbench.ingest.document import Document, finish, normalise_newlines

#: Most pages read from one PDF: a longer one is refused rather than held in memory whole.
MAX_PAGES = 1_000
#: What stands between two pages in the stored text.
PAGE_BREAK = "\n\n"


def read_pdf(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """A PDF's text, page by page, with its page spans; its title from the document's metadata.

    ``encoding`` does not apply (a PDF says how its text is encoded).
    """
    del encoding
    import pypdfium2 as pdfium  # deferred: only PDF imports need PDFium

    if not raw.startswith(b"%PDF-"):
        raise InvalidInput("not a PDF (it does not start with %PDF-)")
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        reason = str(e).lower()
        if "password" in reason:
            raise InvalidInput("encrypted PDF: it needs a password, and none is taken") from e
        raise InvalidInput(f"damaged PDF: PDFium cannot read it ({str(e).rstrip('.')})") from e
    try:
        if len(document) > MAX_PAGES:
            raise InvalidInput(f"PDF of {len(document):,} pages; at most {MAX_PAGES:,} are read")
        pages = [_page_text(document, number) for number in range(len(document))]
        title = (document.get_metadata_dict().get("Title") or "").strip() or None
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise InvalidInput("no text layer in the PDF (a scan?): text in images cannot be read, there is no OCR")
    spans, at = [], 0
    for page in pages:
        spans.append((at, at + len(page)))
        at += len(page) + len(PAGE_BREAK)
    import hashlib

    document = finish(
        text=PAGE_BREAK.join(pages),
        format="pdf",
        origin=origin,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        title=title,
        pages=tuple(spans),
    )
    # a title from the file's properties names no article reliably ("Untitled"): shown, not identity
    return [replace(document, title_is_identity=False)]


def _page_text(document: object, number: int) -> str:
    """One page's text layer, line endings normalised (the offsets are counted after that)."""
    page = document[number]  # type: ignore[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_bounded()
        finally:
            textpage.close()
    finally:
        page.close()
    return normalise_newlines(text).replace("\ufffe", "").strip("\n")
