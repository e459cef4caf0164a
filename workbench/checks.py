"""Checks of what a user gives the core, each narrowing a value to its type or naming the problem.

Words are checked against the vocabulary (``store.vocabulary``), so that a typo in a script
(``--status verfied``) is refused with the words that would do, never stored.
"""

from __future__ import annotations

import re
from typing import TypeVar

from store.vocabulary import CLAIM_STATUSES, CREDIBILITIES, STANCES, ClaimStatus, Credibility, Stance
from workbench.errors import InvalidInput

W = TypeVar("W")

#: A lone surrogate: what invalid UTF-8 in an argument, or a "\ud800" escape in JSON, decodes to.
#: It is not text, cannot be stored or printed, and is refused where text comes in.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: NUL ends a string in C and PostgreSQL refuses it in text: refused everywhere, so both engines agree.
_NUL = "\x00"


def check_unicode(value: str, what: str) -> str:
    """``value`` if it is text; refused, naming ``what`` and where, if it holds a lone surrogate or a NUL.

    Raises:
        InvalidInput: a lone surrogate (bytes that were not UTF-8, or a JSON escape of half a
            character), or a NUL character (which PostgreSQL cannot store in text).
    """
    if _NUL in value:
        raise InvalidInput(f"{what} holds a NUL character at character {value.index(_NUL) + 1}: not text")
    found = _SURROGATE.search(value)
    if found is not None:
        raise InvalidInput(
            f"{what} holds a lone surrogate U+{ord(found.group()):04X} at character {found.start() + 1}: "
            "not text (bytes that are not UTF-8, or half of a character)"
        )
    return value


#: Longest claim text accepted: a claim is a statement, not an article.
MAX_CLAIM_CHARS = 2000


def one_of(value: object, words: tuple[W, ...], what: str) -> W:
    """``value`` as one of ``words``.

    Raises:
        InvalidInput: anything else; the message lists the words.
    """
    for word in words:
        if value == word and type(value) is type(word):
            return word
    names = [str(w) for w in words]
    allowed = " or ".join(names) if len(names) == 2 else f"one of {', '.join(names)}"
    raise InvalidInput(f"{what} must be {allowed}, not {value!r}")


def check_actor(actor: str) -> str:
    """Every change is attributed to someone: the reviewer's name, stripped.

    Raises:
        InvalidInput: empty reviewer name.
    """
    actor = check_unicode(actor, "the reviewer's name").strip()
    if not actor:
        raise InvalidInput("a reviewer name is required (--reviewer or WORKBENCH_REVIEWER)")
    return actor


def check_note(note: str | None) -> str | None:
    """A note stripped of surrounding space; ``None`` when empty."""
    if note is None:
        return None
    return check_unicode(note, "the note").strip() or None


def check_text(text: str) -> str:
    """A claim's text, stripped.

    Raises:
        InvalidInput: empty or longer than ``MAX_CLAIM_CHARS``.
    """
    text = check_unicode(text, "the claim text").strip()
    if not text:
        raise InvalidInput("the claim text is empty")
    if len(text) > MAX_CLAIM_CHARS:
        raise InvalidInput(f"the claim text is {len(text):,} characters; the limit is {MAX_CLAIM_CHARS:,}")
    return text


def check_credibility(credibility: object) -> Credibility:
    """Admiralty credibility: 1 confirmed … 5 improbable, 6 cannot be judged.

    Raises:
        InvalidInput: outside 1–6 (or not a whole number).
    """
    if isinstance(credibility, bool) or not isinstance(credibility, int) or credibility not in CREDIBILITIES:
        raise InvalidInput(f"credibility must be 1–6, not {credibility!r}")
    return one_of(credibility, CREDIBILITIES, "credibility")


def check_status(status: object) -> ClaimStatus:
    """One of the claim statuses.

    Raises:
        InvalidInput: anything else.
    """
    return one_of(status, CLAIM_STATUSES, "status")


def check_stance(stance: object) -> Stance:
    """One of ``supports``, ``refutes``, ``mentions``.

    Raises:
        InvalidInput: anything else.
    """
    return one_of(stance, STANCES, "stance")
