"""Bytes to text: UTF-8, a named encoding, or one detected with confidence; never a silent guess.

A wrong guess is worse than a refusal: it corrupts every quote taken from the text, and the
corruption looks like the article's own spelling. So detection is conservative, and when it is
not sure it says which encodings it hesitated between and asks for ``--encoding``.
"""

from __future__ import annotations

import codecs
import re

from workbench.errors import InvalidInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Highest "mess" ratio (0–1) charset-normalizer may report for an encoding we accept.
MAX_CHAOS = 0.1
#: Lowest language coherence (0–1) of the decoded text: below it the detector is guessing.
MIN_COHERENCE = 0.4
#: How far the best decoding's coherence must lead every candidate that decodes differently.
#: Measured on short news texts: French Latin-1 versus cp1250 differ by 0.02–0.04, and Greek
#: ISO 8859-7 versus cp1253 by 0.04 while decoding one letter differently.
MIN_LEAD = 0.05

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def looks_binary(raw: bytes) -> bool:
    """NUL bytes in the first 8 KiB of a file without a UTF-16/32 byte-order mark."""
    if any(raw.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in raw[:8192]


def check_encoding(name: str) -> str:
    """The canonical name of a Python codec.

    Raises:
        InvalidInput: no such encoding.
    """
    try:
        codec = codecs.lookup(name)
    except LookupError as e:
        raise InvalidInput(f"unknown encoding {name!r}") from e
    if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, not text encodings
        raise InvalidInput(f"{name!r} is not a text encoding (such as utf-8, cp1252, koi8-r)")
    return codec.name


def _damaged_utf8(raw: bytes, error: UnicodeDecodeError) -> InvalidInput | None:
    """A refusal if ``raw`` is UTF-8 with a few bad bytes (decoding it otherwise would garble it)."""
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    invalid = raw.decode("utf-8", errors="replace").count("\ufffd")
    if valid and invalid <= valid:
        return InvalidInput(
            f"undecodable text: UTF-8 with {invalid} invalid byte(s), the first at byte {error.start}; "
            "repair the file or pass --encoding"
        )
    return None


def decode(raw: bytes, encoding: str | None = None) -> str:
    """Decode a text file.

    With ``encoding``, exactly that codec, strictly. Otherwise UTF-8 (with or without BOM) and
    BOM-marked UTF-16/32 as they are; anything else only if charset-normalizer finds a clean
    decoding (mess ratio at most ``MAX_CHAOS``) that reads as language (coherence at least
    ``MIN_COHERENCE``) and leads every differently-decoding candidate by ``MIN_LEAD``.

    Raises:
        InvalidInput: binary data, invalid bytes for the given encoding, damaged UTF-8, or no
            encoding found with confidence.
    """
    if encoding is not None:
        try:
            return raw.decode(check_encoding(encoding))
        except UnicodeDecodeError as e:
            raise InvalidInput(f"undecodable text: not valid {encoding} at byte {e.start}") from e
    if looks_binary(raw):
        raise InvalidInput("binary file, not text")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as e:
                raise InvalidInput(f"undecodable text: invalid {codec} at byte {e.start}") from e
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        damaged = _damaged_utf8(raw, e)
        if damaged is not None:
            raise damaged from e
    return _detect(raw)


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw) if m.chaos <= MAX_CHAOS]
    if matches:
        best = matches[0]
        text = str(best)
        rivals = [m for m in matches[1:] if m.chaos <= best.chaos + 0.02 and str(m) != text]
        lead = best.coherence - max((m.coherence for m in rivals), default=0.0)
        if best.coherence >= MIN_COHERENCE and lead >= MIN_LEAD:
            return text
        names = ", ".join(dict.fromkeys(m.encoding for m in [best, *rivals][:3]))
        raise InvalidInput(
            f"undecodable text: not UTF-8, and its encoding cannot be told with confidence ({names}?); "
            "convert it to UTF-8 or pass --encoding"
        )
    raise InvalidInput("undecodable text: not UTF-8, and no encoding decodes it cleanly; convert it to UTF-8")
