"""Reviewers' signing keys: made, kept outside the store, registered in it, and used to sign events.

A reviewer's private key lives in their key folder (``WORKBENCH_SIGNING_KEYS``, else
``~/.config/claim-workbench/keys``), one PEM file per reviewer readable by them alone; only the
public key goes into the store, by an audited ``key.register`` event that the key itself signs
(or, for a new key, the key it replaces). From then on every event the reviewer writes is signed
and ``audit verify`` refuses one that is not: an edit made in SQL and covered by a recomputed
event no longer passes.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy import desc, insert, select

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.signing import fingerprint, public_key_text, sign
from workbench import journal
from workbench.access import reading, writing
from workbench.checks import check_actor
from workbench.errors import InvalidInput
from workbench.keyring import key_file, load_key
from workbench.sql import REVIEWER_KEY


@dataclass(frozen=True)
class KeyRead:
    """A reviewer's public key on record."""

    reviewer: str
    fingerprint: str
    created_at: str
    in_force: bool
    #: The raw public key, base64: what a trust file (``bundle verify --trust``) lists.
    public_key: str = ""


def init_key(*, store: Store, actor: str, folder: Path | None = None, replace: bool = False) -> KeyRead:
    """Make the reviewer a signing key: written to their key folder, registered in the store.

    The registration is one ``key.register`` event, signed by the new key (the reviewer's first)
    or by the key it replaces; with ``replace``, the old private key must be on this machine. A
    key already in the folder (made for another store) is registered rather than made again.

    Raises:
        InvalidInput: the reviewer has a key on record (without ``replace``), or the old key is
            not here to sign the new one.
    """
    reviewer = check_actor(actor)
    path = key_file(reviewer, folder)
    old_private = load_key(path)
    with reading(store) as connection:
        newest = select(REVIEWER_KEY.c.fingerprint).where(REVIEWER_KEY.c.reviewer == reviewer)
        on_record = connection.execute(newest.order_by(desc(REVIEWER_KEY.c.id))).scalar()
    if on_record is not None and not replace:
        raise InvalidInput(f"{reviewer} has a signing key on record ({on_record}); --replace makes a new one")
    held = None if old_private is None else fingerprint(public_key_text(old_private))
    if on_record is not None and held != on_record:
        raise InvalidInput(
            f"the key on record for {reviewer} ({on_record}) is not in {path}: it must sign its successor"
        )
    # one key per reviewer across stores: a key already on this machine is registered as it is
    fresh = on_record is not None or old_private is None
    new_private = Ed25519PrivateKey.generate() if fresh or old_private is None else old_private
    public = public_key_text(new_private)
    signer_key = old_private if on_record is not None and old_private is not None else new_private
    values = {"reviewer": reviewer, "public_key": public, "fingerprint": fingerprint(public), "created_at": now_iso()}
    with writing(store, reviewer) as (connection, reviewer):
        previous = connection.info.get("signer")
        connection.info["signer"] = lambda _actor, event_hash: sign(signer_key, event_hash)
        try:
            key_id = connection.execute(insert(REVIEWER_KEY).values(**values).returning(REVIEWER_KEY.c.id)).scalar_one()
            change = Change("reviewer_key", key_id, None, snapshot("reviewer_key", {"id": key_id, **values}))
            journal.record(connection, actor=reviewer, action="key.register", change=change)
        finally:
            connection.info["signer"] = previous
        if fresh:
            _write_private(path, new_private)  # inside the transaction: no key on record without its file
    return KeyRead(reviewer, values["fingerprint"], values["created_at"], True, public)


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    """Write a private key readable by its owner alone (0600), replacing an older one whole."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    partial = path.with_suffix(".pem.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def keys(store: Store) -> list[KeyRead]:
    """Every public key on record, oldest first, each reviewer's newest in force."""
    with reading(store) as connection:
        rows = list(connection.execute(select(REVIEWER_KEY).order_by(REVIEWER_KEY.c.id)))
    newest = {row.reviewer: row.id for row in rows}
    return [KeyRead(r.reviewer, r.fingerprint, r.created_at, newest[r.reviewer] == r.id, r.public_key) for r in rows]


def read_trusted(paths: list[Path]) -> frozenset[str]:
    """The public keys listed in trust files: one per line, ``REVIEWER KEY`` or ``KEY`` (``#`` comments).

    Raises:
        InvalidInput: a file that cannot be read, or a line that is not a public key.
    """
    from store.signing import fingerprint as fingerprint_of

    found: set[str] = set()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise InvalidInput(f"cannot read the trust file {path}: {e}") from e
        for number, line in enumerate(lines, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            try:
                fingerprint_of(words[-1])
                if len(base64.b64decode(words[-1], validate=True)) != 32:
                    raise ValueError
            except (ValueError, binascii.Error) as e:
                raise InvalidInput(f"{path}:{number}: not an Ed25519 public key") from e
            found.add(words[-1])
    if not found:
        raise InvalidInput("the trust files list no key")
    return frozenset(found)
