"""Bytes to text: UTF-8, or an encoding detected with confidence, or a clear refusal."""

from __future__ import annotations

import codecs

from workbench.errors import InvalidInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Highest "mess" ratio (0–1) charset-normalizer may report for a detected encoding we accept.
MAX_CHAOS = 0.1


def looks_binary(raw: bytes) -> bool:
    """NUL bytes in the first 8 KiB of a file without a UTF-16/32 byte-order mark."""
    if any(raw.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in raw[:8192]


def decode(raw: bytes) -> str:
    """Decode a text file.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are taken as they are. Anything else
    is handed to charset-normalizer and accepted only if it finds an encoding whose decoded text
    is clean (mess ratio at most ``MAX_CHAOS``); guessing wrong would corrupt every quote.

    Raises:
        InvalidInput: binary data, or no encoding found with confidence.
    """
    if looks_binary(raw):
        raise InvalidInput("binary file, not text")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as e:
                raise InvalidInput(f"undecodable text: invalid {encoding} at byte {e.start}") from e
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, threshold=MAX_CHAOS).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise InvalidInput("undecodable text: not UTF-8, and no other encoding could be detected with confidence")
    return str(best)
