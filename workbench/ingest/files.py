"""Finding the files to import and reading each into documents, or a reason it was rejected."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from workbench.errors import InvalidInput, Rejected
from workbench.figures import figure
from workbench.ingest.document import Document, Overrides
from workbench.ingest.readers import MEDIA_TYPES, READERS, extractor

#: Default largest file accepted, in bytes (``--max-size`` changes it).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def suffix_of(path: Path) -> str:
    """The extension that says a file's format, in lower case: ".warc.gz" for a compressed WARC."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def supported(path: Path) -> bool:
    """Whether ``path`` has an extension some reader handles."""
    return suffix_of(path) in READERS


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, in order, then each directory's supported files, sorted, recursively.

    Inside directories, hidden files and folders (``.git``) and ``README`` files are skipped: a
    README describes a folder of articles, it is not one. A file named directly is always
    yielded, even when unsupported, so that it is rejected with a reason instead of ignored.
    """
    for path in paths:
        if path.is_dir():
            found, unreadable = _walk(path)
            yield from (f for f in found if f.is_file() and supported(f) and f.stem.upper() != "README")
            yield from unreadable  # rejected by name, never skipped silently
        else:
            yield path


def _walk(path: Path) -> tuple[list[Path], list[Path]]:
    """The files under ``path``, sorted (hidden files and folders left out), and the folders that could not be read."""
    unreadable: list[Path] = []
    found: list[Path] = []
    for folder, folders, files in os.walk(path, onerror=lambda e: unreadable.append(Path(e.filename))):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [Path(folder) / f for f in files if not f.startswith(".")]
    return sorted(found), sorted(unreadable)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, reading at most ``max_bytes + 1`` (sizes reported by ``stat`` can lie: /proc)."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        if not os.access(path, os.R_OK | os.X_OK):
            raise InvalidInput("a folder that cannot be read (permission denied): its files were not imported")
        raise InvalidInput("is a directory")
    if not stat.S_ISREG(mode):
        raise InvalidInput("not a regular file")
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        size = max(path.stat().st_size, len(raw))
        raise InvalidInput(f"file is {figure(round(size / 1e6, 1))} MB, over the {figure(max_bytes / 1e6)} MB limit")
    if not raw:
        raise InvalidInput("empty file")
    return raw


def read_file(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overrides: Overrides | None = None,
    encoding: str | None = None,
) -> list[Document]:
    """Read one file into documents; ``encoding`` overrides detection for text formats.

    Raises:
        Rejected: the file is missing, unsupported, empty, too large, binary, undecodable or
            malformed; the message says which.
    """
    origin = str(path)
    try:
        if not path.exists():
            raise InvalidInput("no such file")
        if path.is_dir():
            _read_bytes(path, max_bytes)  # says which: a folder that cannot be read, or a folder
        suffix = suffix_of(path)
        reader = READERS.get(suffix)
        if reader is None:
            kinds = ", ".join(sorted(READERS))
            raise InvalidInput(f"unsupported file type {path.suffix or '(none)'!r} (supported: {kinds})")
        raw = _read_bytes(path, max_bytes)
        documents = reader(raw, origin, encoding)
        media_type, made_by = MEDIA_TYPES[suffix], extractor(suffix)
        # the file is the original, unless the reader kept a part of it (a web archive's record)
        documents = [
            d if d.original is not None else replace(d, original=raw, media_type=media_type, extractor=made_by)
            for d in documents
        ]
    except PermissionError as e:
        raise Rejected(origin, "permission denied") from e
    except OSError as e:
        raise Rejected(origin, e.strerror or str(e)) from e
    except InvalidInput as e:
        raise Rejected(origin, str(e)) from e
    if overrides is not None:
        documents = [overrides.apply(d) for d in documents]
    return documents
