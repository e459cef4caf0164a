"""Showing source text safely: article text is data, never markup or terminal control."""

from __future__ import annotations

import json
import re

#: What a reader would not see as written: C0 and C1 controls except tab and newline, DEL, the
#: Unicode bidi controls that can reorder what a reader sees (the "Trojan Source" set), and the
#: invisible characters that hide text or split words unseen: zero-width spaces and joiners, the
#: soft hyphen, the word joiner and invisible operators, line and paragraph separators, and the
#: tag characters (which can smuggle a whole hidden sentence).
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
#: The same, but a carriage return stays (CSV ends its lines with one).
_UNSAFE_BUT_CR = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown_in_terminal(text: str) -> str:
    r"""Text for a terminal with line ends kept (``\r\n`` too) and every other control made visible."""
    return _UNSAFE_BUT_CR.sub(_escape, text)


def visible(text: str) -> str:
    r"""``text`` with every control or bidi character replaced by a visible escape (``\x1b``).

    Use for plain terminal output. Lengths change, so never compute offsets on the result.
    """
    return _UNSAFE.sub(_escape, text)


def inline(text: str) -> str:
    """``visible`` text with line breaks shown as ``⏎`` and spacing otherwise kept (for quotes in context)."""
    return visible(text).replace("\n", "⏎").replace("\t", " ")


def one_line(text: str, width: int | None = None) -> str:
    """``visible`` text on a single line, whitespace runs collapsed, cut to ``width`` with an ellipsis."""
    flat = " ".join(visible(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)].rstrip() + "…"
    return flat


#: Characters JSON leaves unescaped that a terminal or a bidi-aware viewer would still act on.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_INVISIBLE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def json_safe(text: str) -> str:
    r"""JSON text with every control, bidi and invisible character escaped: the same data, harmless to show."""
    if text.isascii() and "\x7f" not in text:  # two scans in C: most of an export's records, nothing to escape
        return text
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def dumps(data: object, *, indent: int | None = 2) -> str:
    r"""JSON that keeps non-ASCII text readable but escapes every control, bidi and invisible character.

    The result parses to exactly ``data``: ``\u202e`` in JSON is the same string as the
    character itself, it just cannot flip the reader's terminal.
    """
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


#: Also the line separators (other than ``\n``, and beyond the controls above) that
#: ``str.splitlines``, and so a text widget, would break a line on.
_UNSAFE_OR_BREAK = re.compile(f"{_UNSAFE.pattern[:-1]}\u2028\u2029]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    if code in (0x2028, 0x2029, 0x85):
        return "\u2424"  # ␤
    return "\ufffd"


def same_length(text: str) -> str:
    """``text`` with every control, bidi or odd line-break character shown as one visible character.

    Offsets are kept: each character becomes exactly one, so a position in the result is the same
    position in ``text``. For showing a whole article in a widget that selects by position.
    """
    return _UNSAFE_OR_BREAK.sub(_picture, text)
