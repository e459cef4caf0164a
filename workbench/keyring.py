"""This machine's signing keys, loaded when a write first needs one: the signer a store opens with.

Kept apart from ``workbench.keys`` (making and registering keys) so that opening a store costs
nothing of the cryptography library until something is signed: a command that only reads never
loads it.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InvalidInput

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from store.signing import Signer

#: The folder of reviewers' private keys (``WORKBENCH_KEYS`` is the key bindings' file).
KEYS_ENV = "WORKBENCH_SIGNING_KEYS"


def key_folder() -> Path:
    """Where reviewers' private keys are kept on this machine."""
    configured = os.environ.get(KEYS_ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".config" / "claim-workbench" / "keys"


def key_file(reviewer: str, folder: Path | None = None) -> Path:
    """The private key file of ``reviewer`` (the name made safe as a file name)."""
    safe = re.sub(r"[^a-z0-9._-]", "_", reviewer.casefold()) or "_"
    return (folder or key_folder()) / f"{safe}.pem"


def load_key(path: Path) -> Ed25519PrivateKey | None:
    """The private key in ``path`` (``None`` if there is none).

    Raises:
        InvalidInput: the file cannot be read, or holds no Ed25519 key.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None  # most reviewers, most of the time: the library is not even loaded
    except OSError as e:
        raise InvalidInput(f"cannot read the signing key {path}: {e}") from e
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(data, password=None)
    except ValueError as e:
        raise InvalidInput(f"cannot read the signing key {path}: {e}") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} is not an Ed25519 key")
    return key


class KeyRing:
    """The private keys of this machine's key folder, loaded on first use: a ``store.signing.Signer``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._keys: dict[str, Ed25519PrivateKey | None] = {}
        self._lock = threading.Lock()

    def key(self, reviewer: str) -> Ed25519PrivateKey | None:
        """The reviewer's private key, if this machine holds it."""
        with self._lock:
            if reviewer not in self._keys:
                self._keys[reviewer] = load_key(key_file(reviewer, self.folder))
            return self._keys[reviewer]

    def __call__(self, actor: str, event_hash: str) -> str | None:
        """Sign an event's hash as ``actor``, when this machine holds their key."""
        from store.signing import sign

        key = self.key(actor)
        return None if key is None else sign(key, event_hash)


def default_signer() -> Signer:
    """The signer a store opened by the workbench uses: this machine's key folder."""
    return KeyRing()
