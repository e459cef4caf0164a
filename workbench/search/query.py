"""What a user types into search, read once into a tree, then written for SQLite FTS5 or PostgreSQL.

The language: words (all of them must be there), ``"exact phrases"``, ``prefix*``, ``OR``
between alternatives, ``NOT`` before what must not be there (``tanks NOT exercise``), and
parentheses. Words are cut and folded as the index cuts them (``T-72B3`` is the phrase
"t 72b3", ``Bamakó`` is "bamako"), so nothing a user types can reach the database's own query
syntax: a malformed query is one line naming the problem, never a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import InvalidInput
from workbench.search.terms import STOPWORDS, WORD, fold

#: Longest query accepted, in characters: a query is a few words, not an article.
MAX_QUERY_CHARS = 1000
#: Most words and phrases in one query.
MAX_TERMS = 64

_OPERATORS = {"OR", "NOT", "AND"}
_OR = "the query has OR with nothing on one side: write 'tanks OR armour'"
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<open>\()|(?P<close>\))|(?P<bare>[^\s()"]+)')


@dataclass(frozen=True)
class Term:
    """Words that must appear in this order (one word, or a phrase); ``prefix``: the last may go on."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class All:
    """Every part must match."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    """At least one part must match."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Without:
    """``keep`` must match and ``drop`` must not."""

    keep: Node
    drop: Node


Node = Term | All | Any | Without


@dataclass(frozen=True)
class Query:
    """A parsed query: its tree, and the folded words it looks for (to mark them in results)."""

    tree: Node
    terms: tuple[Term, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in WORD.findall(text) if fold(w))


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: phrase, open, close, operator, word, prefix."""
    if text.count('"') % 2:
        raise InvalidInput('the query has a quote (") that is never closed')
    found: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        if match["phrase"] is not None:
            found.append(("phrase", match["phrase"]))
        elif match["open"]:
            found.append(("open", "("))
        elif match["close"]:
            found.append(("close", ")"))
        else:
            bare = match["bare"]
            if bare in _OPERATORS:
                found.append(("operator", bare))
            elif bare.endswith("*") and _words(bare[:-1]) and not bare[:-1].endswith("*"):
                found.append(("prefix", bare[:-1]))
            else:
                found.append(("word", bare))
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.terms: list[Term] = []

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def either(self) -> Node | None:
        parts = [self.every()]
        while (token := self.peek()) is not None and token == ("operator", "OR"):
            self.at += 1
            if self.peek() is None or self.peek() in {("close", ")"), ("operator", "OR")}:
                raise InvalidInput(_OR)
            parts.append(self.every())
        if len(parts) == 1:
            return parts[0]
        kept = tuple(p for p in parts if p is not None)
        if len(kept) < len(parts):
            raise InvalidInput(_OR)
        return Any(kept)

    def every(self) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token not in {("close", ")"), ("operator", "OR")}:
            kind, value = token
            if kind == "operator" and value == "NOT":
                self.at += 1
                if not parts:
                    raise InvalidInput("the query has NOT with nothing before it to keep: write 'tanks NOT exercise'")
                drop = self.atom()
                if drop is None:
                    raise InvalidInput("the query has NOT with nothing after it: write 'tanks NOT exercise'")
                keep = parts.pop() if len(parts) == 1 else All(tuple(parts))
                parts = [Without(keep, drop)]
                continue
            if kind == "operator":  # AND: words are joined by AND anyway
                self.at += 1
                if not parts or self.peek() is None or self.peek() in {("close", ")"), ("operator", "OR")}:
                    raise InvalidInput("the query has AND with nothing on one side: write 'tanks AND Mali'")
                continue
            atom = self.atom()
            if atom is not None:
                parts.append(atom)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def atom(self) -> Node | None:
        token = self.peek()
        if token is None:
            return None
        kind, value = token
        self.at += 1
        if kind == "open":
            inside = self.either()
            if self.peek() != ("close", ")"):
                raise InvalidInput("the query opens a parenthesis that is never closed")
            self.at += 1
            if inside is None:
                raise InvalidInput("the query has empty parentheses")
            return inside
        if kind == "close":
            raise InvalidInput("the query closes a parenthesis that was never opened")
        if kind == "operator":
            raise InvalidInput(f"the query has {value} right after another operator")
        words = _words(value)
        if not words:
            return None  # punctuation alone says nothing to look for
        term = Term(words, prefix=kind == "prefix")
        self.terms.append(term)
        return term


def parse(text: str) -> Query:
    """The query ``text`` as a tree.

    Raises:
        InvalidInput: empty, too long, only common words, or malformed (an unclosed quote or
            parenthesis, an operator with nothing on one side); the message says which.
    """
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("the query is empty: give words to look for")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query is {len(text):,} characters; at most {MAX_QUERY_CHARS:,}")
    parser = _Parser(_tokens(text))
    tree = parser.either()
    if parser.peek() == ("close", ")"):
        raise InvalidInput("the query closes a parenthesis that was never opened")
    if tree is None or not parser.terms:
        raise InvalidInput("the query has no words to look for, only punctuation or operators")
    if len(parser.terms) > MAX_TERMS:
        raise InvalidInput(f"the query has {len(parser.terms)} words and phrases; at most {MAX_TERMS}")
    if all(all(w in STOPWORDS for w in t.words) and not t.prefix for t in parser.terms):
        common = ", ".join(sorted({w for t in parser.terms for w in t.words}))
        raise InvalidInput(f"the query has only common words ({common}); add one that says what to find")
    return Query(tree, tuple(parser.terms))


def fts5(node: Node) -> str:
    """The query as an SQLite FTS5 MATCH expression: every word quoted, so none is read as syntax."""
    if isinstance(node, Term):
        phrase = '"' + " ".join(node.words) + '"'
        return phrase + "*" if node.prefix else phrase
    if isinstance(node, All):
        return "(" + " AND ".join(fts5(p) for p in node.parts) + ")"
    if isinstance(node, Any):
        return "(" + " OR ".join(fts5(p) for p in node.parts) + ")"
    return f"({fts5(node.keep)} NOT {fts5(node.drop)})"


def any_of(words: list[str]) -> str:
    """An FTS5 expression matching any of ``words`` (folded words), for queries built from a text."""
    return " OR ".join('"' + w.replace('"', "") + '"' for w in words)
