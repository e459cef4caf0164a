"""Writing a file so that a failure leaves nothing half-written: what exports and reports hand on."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from workbench.errors import InvalidInput


@contextlib.contextmanager
def atomic_text(path: Path, *, newline: str = "\n") -> Iterator[TextIO]:
    """A UTF-8 text stream whose content becomes ``path`` only when the block ends without error (``atomic_file``)."""
    with atomic_file(path, newline=newline) as out:
        yield cast(TextIO, out)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` byte for byte, whole or not at all (``atomic_file``)."""
    with atomic_file(path, binary=True) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, *, binary: bool = False, newline: str = "\n") -> Iterator[IO[Any]]:
    """A stream (UTF-8 text, or bytes if ``binary``) that becomes ``path`` only when the block ends without error.

    It writes to a temporary file in the same folder (created like any file the user writes:
    ``0o666`` less the umask), flushes it to disk and renames it over ``path``. A rename within
    one folder is atomic, so a reader sees the old file or the whole new one; an error (a refused
    export, a full disk) removes the temporary file and leaves the old one as it was.

    Raises:
        InvalidInput: ``path`` is a folder, or cannot be written (no such folder, no permission,
            disk full).
    """
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; name the file to write")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
    try:
        opened = (
            os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline=newline)
        )
        with opened as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (see ``atomic_text``)."""
    with atomic_text(path) as out:
        out.write(text)


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """A regular file opened for reading in binary; a pipe, a device or a folder is refused (see ``read_regular``).

    Raises:
        InvalidInput: not a regular file, or it cannot be opened.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InvalidInput(f"{path}: {e.strerror or e}") from e
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InvalidInput(f"{path}: not a regular file (a pipe, a device or a folder is not read)")
        yield handle


def read_regular(path: Path) -> bytes:
    """A file's bytes; a pipe, a device or a folder is refused, not waited on.

    The file is opened without blocking and checked once open, so that a FIFO given by mistake
    (or in a crafted folder) ends in one line instead of a command that never returns.

    Raises:
        InvalidInput: not a regular file, or it cannot be read (the reason from the system).
    """
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as e:
            raise InvalidInput(f"{path}: {e.strerror or e}") from e
