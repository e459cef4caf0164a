"""Ed25519 signatures of audit events: who wrote an event, provably, not only what it says.

An unkeyed hash chain proves the log is consistent, not who wrote it: anyone who can write the
database can change a row and append a valid event recomputed over it. A signature by the
actor's private key, which never enters the store, closes that: a forged event is unsigned or
wrongly signed. Each event is signed over its hash (``store.audit.event_hash``), which already
covers its place in the chain, its actor, time and data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

#: Signs an event: (actor, event hash) → base64 signature, or ``None`` when the actor has no key here.
Signer = Callable[[str, str], str | None]


def public_key_text(private: Ed25519PrivateKey) -> str:
    """The raw public key of ``private``, base64: how the store records it."""
    return base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def fingerprint(public_key: str) -> str:
    """A public key's short name: the first 16 hex digits of the SHA-256 of its raw bytes."""
    return hashlib.sha256(base64.b64decode(public_key)).hexdigest()[:16]


def sign(private: Ed25519PrivateKey, event_hash: str) -> str:
    """The base64 signature of an event's hash."""
    return base64.b64encode(private.sign(bytes.fromhex(event_hash))).decode()


def signed_by(public_key: str, event_hash: str, signature: str | None) -> bool:
    """Whether ``signature`` is the signature of ``event_hash`` by ``public_key`` (anything malformed: no)."""
    if not signature:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), bytes.fromhex(event_hash))
    except (InvalidSignature, ValueError, binascii.Error, TypeError):
        return False
    return True
