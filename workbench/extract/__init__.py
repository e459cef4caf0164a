"""Claim candidates in a source text: sentences, quantities, dates, items and attributions.

Each candidate is a span of the text (code-point offsets) with what was recognised in it; they
are suggestions a reviewer accepts or ignores. English, French and Russian are read (see
``languages``); a text in another language gives its sentences only. Everything here is plain
Python and regular expressions over the whole text, plus sentencex for sentences: no
per-character Python loops and no model to load, so a megabyte of text takes well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from functools import cache
from typing import Any

from store.vocabulary import CANDIDATE_KINDS
from workbench.errors import InvalidInput

KINDS = CANDIDATE_KINDS


@cache
def _first_words() -> frozenset[str]:
    """Words a date or a quantity may start with: one pass over the text serves both."""
    from workbench.extract import quantities, temporal

    return frozenset(temporal.FIRST_WORDS | quantities.FIRST_WORDS)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return _FIELDS[kind]


def _row(kind: str, found: Any) -> dict[str, Any]:
    """A candidate as a flat dict (``dataclasses.asdict`` deep-copies and costs a third of the run)."""
    return {"kind": kind, **{name: getattr(found, name) for name in _names(type(found))}}


def candidates(
    text: str, *, published: str | None = None, kinds: Iterable[str] | None = None, language: str | None = None
) -> list[dict[str, Any]]:
    """Candidates of the requested ``kinds`` (all by default), ordered by position then kind.

    Each is ``{"kind", "start", "end", "text", ...}``:

    - sentence: nothing more;
    - quantity: ``value, low, high, qualifier, item, item_key, unit``;
    - date: ``start_date, end_date, granularity, relative, resolved`` (``published`` — the
      source's publication date, ISO at any precision — anchors relative dates);
    - item: ``normalized`` (with any modification year) and ``base`` (the model alone);
    - attribution: ``who, verb, to``.

    ``language`` is the text's (ISO 639: "en", "fr", "ru"; see ``languages.resolve`` for what
    ``None`` means). A language the extractors have no tables for gives sentences only: no
    figure is read from words the rules do not know.

    Raises:
        InvalidInput: an unknown kind.
    """
    # the extractors are loaded by their first use, not by importing the package: a module that
    # needs one of them (``numbers``, by every writer of claims) does not compile the others'
    # patterns, which would add a tenth of a second to the review workbench's first frame
    from workbench.extract import attributions, items, languages, quantities, scan, sentences, temporal

    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise InvalidInput(f"unknown candidate kind {sorted(unknown)[0]!r}; kinds are {', '.join(KINDS)}")
    code = languages.resolve(language, text)
    if code not in languages.READ:
        wanted &= {"sentence"}
    first_words, exact = _first_words(), temporal.FIRST_NAMES
    if code != languages.ENGLISH and (grammar := languages.grammar(code)) is not None:
        first_words, exact = grammar.first_words, frozenset()
    found: list[dict[str, Any]] = []
    # Lookalikes (COVID-19) are kept for masking: their digits are not counts or dates either.
    designators = items.find(text, all_shapes=True) if wanted & {"item", "date", "quantity"} else []
    if "item" in wanted:
        found += [
            {"kind": "item", "start": d.start, "end": d.end, "text": d.text, "normalized": d.variant, "base": d.key}
            for d in designators
            if d.equipment
        ]
    dates: list[temporal.DateMention] = []
    shared = scan.tokens(text, first_words, exact=exact) if wanted & {"date", "quantity"} else []
    if wanted & {"date", "quantity"}:
        masked = [(d.start, d.end) for d in designators]
        dates = temporal.find(text, published=published, masked=masked, shared=shared, language=code)
    if "date" in wanted:
        found += [{**_row("date", d), "resolved": d.resolved} for d in dates]
    if "quantity" in wanted:
        spans = [(d.start, d.end) for d in dates]
        counted = quantities.find(text, designators=designators, masked=spans, shared=shared, language=code)
        found += [_row("quantity", q) for q in counted]
    if "attribution" in wanted:
        found += [_row("attribution", a) for a in attributions.find(text, language=code)]
    if "sentence" in wanted:
        found += [_row("sentence", s) for s in sentences.find(text, language=code)]
    found.sort(key=lambda c: (c["start"], KINDS.index(c["kind"]), c["end"]))
    return found
