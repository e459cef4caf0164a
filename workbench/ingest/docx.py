"""Word documents (``.docx``): the paragraphs of the body, in order, with python-docx (MIT).

Paragraphs are kept as written and joined with a blank line (empty ones dropped); tables,
headers and footnotes are not read. The title is the document's ``title`` property when it has
one, shown as the source's title but neither put in its text nor taken as its identity (it is
often a file or template name). The author property is not read: it names whoever saved the
file, not who wrote the article.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace

from workbench.errors import InvalidInput
from workbench.ingest.document import Document, finish

#: Most bytes the parts of one document may hold uncompressed (a zip bomb is refused past it).
MAX_UNPACKED = 200 * 1024 * 1024


def read_docx(raw: bytes, origin: str, encoding: str | None = None) -> list[Document]:
    """A Word document's paragraphs as one text."""
    del encoding
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as e:
        raise InvalidInput("not a Word document (not a zip file)") from e
    if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED:
        raise InvalidInput(f"the document unpacks to over {MAX_UNPACKED // 2**20} MB; refused")
    import docx  # deferred: only .docx imports need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise InvalidInput(f"not a readable Word document ({type(e).__name__})") from e
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    if not text.strip():
        raise InvalidInput("no text in the document")
    title = (document.core_properties.title or "").strip() or None
    found = finish(text=text, format="docx", origin=origin, raw_sha256=hashlib.sha256(raw).hexdigest(), title=title)
    # the title property is often a file name or a template's ("Document1"): shown, not text, not identity
    return [replace(found, title_is_identity=False)]
