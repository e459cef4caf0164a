"""Reading articles from files: ``.txt``, ``.md``, ``.html``/``.htm``, news-please ``.json``/``.jsonl``."""

from workbench.ingest.document import Document, Overrides
from workbench.ingest.files import DEFAULT_MAX_BYTES, expand, read_file, supported

__all__ = ["DEFAULT_MAX_BYTES", "Document", "Overrides", "expand", "read_file", "supported"]
