"""Markdown made from untrusted text: escaped so that article text reads as text, never as markup.

A report quotes articles, claim texts and outlet names that anyone could have written. In
Markdown, ``*``, ``[link](…)``, ``<script>``, ``&#8238;`` or a leading ``#`` would otherwise be
obeyed by whatever renders the report, and an ESC or a bidi override would be obeyed by the
terminal showing it. Text goes through ``md_text`` (the Markdown template environment applies it
to every value), which makes control and bidi characters visible (``textsafe.inline``) and puts
a backslash before every character CommonMark could read as markup. Values the templates mean as
markup are ``MdSafe`` and pass through untouched.
"""

from __future__ import annotations

import re

from workbench.textsafe import inline

#: ASCII punctuation that can open or close Markdown (or GitHub Markdown) syntax anywhere in a
#: line: emphasis, code, links and images, HTML and entities, table cells, strikethrough, escapes.
#: Parentheses, ``!`` and ``#`` only mean something after a ``]`` or at a line's start.
#: An underscore between two letters or digits ("in_review") can neither open nor close emphasis.
_INLINE = re.compile(r"([\\`*\[\]<>&|~]|(?<!\w)_|_(?!\w))")
#: What makes a line a heading, quote, list item, rule or numbered item when it starts the line.
_LEADING = re.compile(r"^(\s*)([-+=#]|\d+(?=[.)]))")


class MdSafe(str):
    """Markdown written by the report itself (a code span, a link-free label): emitted as is."""

    __slots__ = ()


def md_text(value: object) -> str:
    """``value`` as literal Markdown text on one line: controls visible, markup characters escaped."""
    text = _INLINE.sub(r"\\\1", inline(str(value)).replace("\r", " "))
    return _LEADING.sub(_escape_leading, text, count=1)


def _escape_leading(match: re.Match[str]) -> str:
    r"""``\#``, ``\-``; after a number, its ``.`` or ``)`` (``1\.``): a backslash before a digit escapes nothing."""
    space, mark = match[1], match[2]
    return f"{space}{mark}\\" if mark[0].isdigit() else f"{space}\\{mark}"


def md_code(value: object) -> MdSafe:
    """``value`` as an inline code span (hashes, paths, URLs): no autolinking, no markup inside.

    The fence is one backtick longer than the longest run of backticks inside, as CommonMark
    requires, and padded with spaces when the text starts or ends with a backtick.
    """
    text = inline(str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return MdSafe(f"{fence}{pad}{text}{pad}{fence}")
