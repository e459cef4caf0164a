"""The demo store: a fresh store with the sample articles, for trying the workbench out."""

from __future__ import annotations

import sys
from pathlib import Path

from store import Store
from workbench.access import open_store
from workbench.errors import WorkbenchError
from workbench.ingest import read_file
from workbench.sources import import_documents

#: Where ``pip install`` puts the samples (``[tool.setuptools.data-files]``), and where a source
#: checkout keeps them.
_PLACES = (
    Path(sys.prefix) / "share" / "claim-workbench" / "samples",
    Path(__file__).resolve().parent.parent / "samples",
)


def find_samples() -> Path:
    """The folder of sample articles.

    Raises:
        WorkbenchError: neither an installed copy nor a source checkout has them.
    """
    for place in _PLACES:
        if any(place.glob("*.md")):
            return place
    raise WorkbenchError("the sample articles are not installed; reinstall the workbench from its source")


def demo_store(path: Path, *, actor: str) -> Store:
    """A new store at ``path`` holding the sample articles (everything but the folder's README)."""
    store = open_store(path)
    for article in sorted(find_samples().glob("*.md")):
        if article.name.lower() != "readme.md":
            import_documents(store=store, actor=actor, documents=read_file(article))
    return store
