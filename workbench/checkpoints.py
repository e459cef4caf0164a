"""Verified checkpoints: where the last full-and-clean ``audit verify`` of each store left off.

A checkpoint is the chain's head (seq and hash) and each audited table's row count when a
verification found nothing wrong. The next ``audit verify`` starts from it and checks only
what came after (``store.audit.verify_since``), so that verifying a store of a million events
after a day's work takes seconds, not minutes.

Checkpoints are kept on this machine, beside the reviewer (``WORKBENCH_STATE``, else
``$XDG_STATE_HOME/claim-workbench`` or ``~/.local/state/claim-workbench``), not in the store:
whoever can rewrite the store cannot move the point it is verified from. A store that no longer
holds the checkpoint's event with its hash fails the check, as an ``--expect`` would.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store import Store
from store.audit import ChainHead

STATE_ENV = "WORKBENCH_STATE"


@dataclass(frozen=True)
class Checkpoint:
    """What a clean verification saw: the head, the rows per audited table, the keys in force, and when."""

    head: ChainHead
    counts: dict[str, int]
    at: str
    #: Each reviewer's public key in force at the head: the next check holds new events to these.
    keys: dict[str, str]


def state_folder() -> Path:
    """Where this machine keeps the workbench's own state (checkpoints)."""
    configured = os.environ.get(STATE_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_STATE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".local" / "state") / "claim-workbench"


def store_key(store: Store) -> str:
    """The store's identity on this machine: its file's full path, or its URL without a password."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return f"sqlite:{Path(url.database).resolve()}"
    return url.render_as_string(hide_password=True)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: the next verification is a full one
    return data if isinstance(data, dict) else {}


def load(store: Store) -> Checkpoint | None:
    """The store's checkpoint on this machine, if a clean verification left one."""
    entry = _read(state_folder() / "verified.json").get(store_key(store))
    if not isinstance(entry, dict):
        return None
    try:
        counts = {str(k): int(v) for k, v in dict(entry["counts"]).items()}
        keys = {str(k): str(v) for k, v in dict(entry["keys"]).items()}
        return Checkpoint(ChainHead(int(entry["seq"]), str(entry["hash"])), counts, str(entry["at"]), keys)
    except (TypeError, KeyError, ValueError):
        return None  # unreadable, or from before keys were kept: the next check is a full one


def save(store: Store, checkpoint: Checkpoint) -> None:
    """Record ``checkpoint`` for the store (atomically: a crash leaves the old one or the new one)."""
    folder = state_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "verified.json"
        data = _read(path)
        data[store_key(store)] = {
            "seq": checkpoint.head.seq,
            "hash": checkpoint.head.hash,
            "counts": checkpoint.counts,
            "at": checkpoint.at,
            "keys": checkpoint.keys,
        }
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".verified-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        Path(temporary).replace(path)
    except OSError:
        return  # a read-only home: every verification is then a full one, which is still right
