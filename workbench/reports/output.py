"""Writing a report to a file so that a failure leaves nothing half-written."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from workbench.errors import InvalidInput


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: to a temporary file in the same folder, then renamed over it.

    A rename within one folder is atomic, so a reader sees the old file or the whole new one,
    never part of it, and an error (a full disk) leaves the old file as it was. The temporary file
    is created with the usual permissions (``0o666`` less the umask), like any file the user writes.

    Raises:
        InvalidInput: the file cannot be written (no such folder, no permission, disk full).
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
