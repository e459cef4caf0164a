"""Chain anchors: the audit chain's head, signed and dated, kept outside the store.

A chain that verifies proves only that the log is consistent with itself: whoever can rewrite
the database can rebuild a consistent one. An anchor taken now and kept elsewhere (mailed to an
editor, committed to another repository, printed) pins the history up to now: ``audit verify
--anchor FILE`` later checks that the event the anchor names is still in the chain with the same
hash, that the anchor is signed by the reviewer it names, and that the key it was signed with
is one the store has on record for that reviewer. Checking needs no network.

The file is JSON: the anchored head (``seq``, ``hash``), when and by whom it was taken, the
store it was taken from, the signer's public key, and an Ed25519 signature over the SHA-256 of
the canonical JSON of all the rest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from store import Store, audit
from store.audit import canonical
from store.clock import now_iso
from workbench.access import reading
from workbench.checks import check_actor
from workbench.errors import InvalidInput
from workbench.files import read_regular
from workbench.sql import EVENT, REVIEWER_KEY

#: What an anchor file says it is; another value is refused.
FORMAT = "claim-workbench/chain-anchor/1"
#: The largest anchor file read (an anchor is a few hundred bytes).
MAX_BYTES = 64 * 1024
_FIELDS = ("format", "store", "seq", "hash", "at", "reviewer", "key")


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: body[k] for k in _FIELDS}).encode()).hexdigest()


def take_anchor(*, store: Store, actor: str) -> dict[str, Any]:
    """The chain's head now, signed by ``actor`` with their key on record.

    Raises:
        InvalidInput: the reviewer has no key on record, or this machine does not hold it.
    """
    from store.signing import public_key_text, sign
    from workbench.keyring import KeyRing

    actor = check_actor(actor)
    private = KeyRing().key(actor)
    with reading(store) as connection:
        on_record = _keys_of(connection, actor)
        head = audit.head(connection)
    if private is None or not on_record:
        raise InvalidInput(
            f"an anchor is signed: {actor} needs a signing key on record and on this machine (`workbench key init`)"
        )
    key = public_key_text(private)
    if key != on_record[-1]:
        raise InvalidInput(f"the key of {actor} on this machine is not the one in force in the store")
    body: dict[str, Any] = {
        "format": FORMAT,
        "store": store.label,
        "seq": head.seq,
        "hash": head.hash,
        "at": now_iso(),
        "reviewer": actor,
        "key": key,
    }
    return {**body, "signature": sign(private, _digest(body))}


def _keys_of(connection: Connection, reviewer: str) -> list[str]:
    """Every public key the store has on record for ``reviewer``, oldest first."""
    query = select(REVIEWER_KEY.c.public_key).where(REVIEWER_KEY.c.reviewer == reviewer).order_by(REVIEWER_KEY.c.id)
    return list(connection.execute(query).scalars())


def read_anchor(path: Path) -> dict[str, Any]:
    """An anchor file's fields, checked for shape (not yet against a store).

    Raises:
        InvalidInput: not a readable file, too large, not JSON, or missing or mistyped fields.
    """
    raw = read_regular(path)
    if len(raw) > MAX_BYTES:
        raise InvalidInput(f"{path}: not an anchor file (larger than {MAX_BYTES // 1024} KB)")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InvalidInput(f"{path}: not an anchor file (not JSON: {e})") from e
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise InvalidInput(f"{path}: not an anchor file (its format is not {FORMAT})")
    for name in (*_FIELDS, "signature"):
        wanted = int if name == "seq" else str
        if not isinstance(body.get(name), wanted) or isinstance(body.get(name), bool):
            raise InvalidInput(f"{path}: not an anchor file ({name} is missing or not {wanted.__name__})")
    return body


def anchor_problems(connection: Connection, anchor: dict[str, Any]) -> list[str]:
    """What is wrong between an anchor and the store (none: the history it pins is intact)."""
    from store.signing import signed_by

    who, seq = anchor["reviewer"], anchor["seq"]
    problems = []
    if not signed_by(anchor["key"], _digest(anchor), anchor["signature"]):
        problems.append(f"the anchor of event #{seq} is not signed by the key it names: it was altered")
    elif anchor["key"] not in _keys_of(connection, who):
        problems.append(f"the anchor of event #{seq} is signed by a key the store has not on record for {who}")
    found = connection.execute(select(EVENT.c.hash).where(EVENT.c.seq == seq)).scalar()
    if found is None:
        problems.append(f"the chain no longer holds event #{seq} anchored at {anchor['at']}: events were removed")
    elif found != anchor["hash"]:
        problems.append(f"event #{seq} is not the one anchored at {anchor['at']}: the history was rewritten")
    return problems
