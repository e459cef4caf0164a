"""Claims in bulk from a spreadsheet (CSV) or JSON Lines: for teams moving in with claims on file.

Columns (CSV header or JSON keys): ``text`` (required), ``source`` (an id, URL or title),
``quote`` (the exact words in that source), ``occurrence``, ``stance``, ``credibility`` and
``status``. Every row is checked — its source found, its quote anchored — before anything is
written; rows that fail are reported by line and left out, the others go in together in one
transaction. An unknown column rejects the whole file, since a misspelt ``qoute`` would
otherwise lose every quote without a word.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from store import Store
from store.models import Source, table
from workbench import journal
from workbench.claims import (
    NEEDS_SUPPORT,
    EvidenceSpec,
    NewClaim,
    check_credibility,
    check_stance,
    check_status,
    check_text,
    create_claims,
)
from workbench.errors import InvalidInput, NotFound, store_errors
from workbench.spans import Quote, locate

_SOURCE = table(Source)

COLUMNS = ("text", "source", "quote", "occurrence", "stance", "credibility", "status")
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass
class ImportReport:
    """What went in (claim ids, in file order) and what did not (where, why)."""

    created: list[int] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    where: str
    values: dict[str, Any] | None
    problem: str | None = None


def _csv_rows(path: Path, text: str) -> Iterator[_Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [(h or "").strip().lower() for h in reader.fieldnames or []]
    _check_columns(headers)
    reader.fieldnames = headers
    start = 2
    for record in reader:
        where = f"{path.name}:{start}"
        start = reader.line_num + 1
        if None in record:
            yield _Row(where, None, "more cells than columns")
            continue
        yield _Row(where, {k: v.strip() if isinstance(v, str) and v.strip() else None for k, v in record.items()})


def _jsonl_rows(path: Path, text: str) -> Iterator[_Row]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield _Row(where, None, f"not JSON ({e.msg})")
            continue
        if not isinstance(record, dict):
            yield _Row(where, None, "not a JSON object")
            continue
        unknown = sorted(set(record) - set(COLUMNS))
        if unknown:
            yield _Row(where, None, f"unknown field {unknown[0]!r} (fields: {', '.join(COLUMNS)})")
            continue
        yield _Row(where, {k: None if v in ("", None) else v for k, v in record.items()})


def _check_columns(headers: list[str]) -> None:
    unknown = [h for h in headers if h not in COLUMNS]
    if unknown:
        raise InvalidInput(f"unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
    if "text" not in headers:
        raise InvalidInput("no 'text' column")
    if "quote" in headers and "source" not in headers:
        raise InvalidInput("a 'quote' column needs a 'source' column")


def read_rows(path: Path) -> list[_Row]:
    """The file's rows, each parsed or with the reason it cannot be.

    Raises:
        InvalidInput: an unknown extension, unreadable or non-UTF-8 file, or bad CSV header.
    """
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{path.name}: claims come in .csv or .jsonl files")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise InvalidInput(f"{path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path.name}: not UTF-8 text (byte {e.start})") from e
    try:
        return list(_csv_rows(path, text) if kind == "csv" else _jsonl_rows(path, text))
    except csv.Error as e:
        raise InvalidInput(f"{path.name}: not valid CSV ({e})") from e


class _Sources:
    """Finds the source a row names, by id, URL or title, preferring the current revision."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        rows = list(connection.execute(select(_SOURCE.c.id, _SOURCE.c.url, _SOURCE.c.title_key, _SOURCE.c.revision_of)))
        replaced = {r.revision_of for r in rows if r.revision_of is not None}
        self.replaced = replaced
        self._ids = {r.id for r in rows}
        self._by_url: dict[str, list[int]] = {}
        self._by_title: dict[str, list[int]] = {}
        for r in rows:
            if r.id in replaced:
                continue
            if r.url:
                self._by_url.setdefault(r.url, []).append(r.id)
            if r.title_key:
                self._by_title.setdefault(r.title_key, []).append(r.id)
        self._texts: dict[int, str] = {}

    def find(self, ref: Any) -> int:
        text = str(ref).strip()
        if isinstance(ref, int) or text.isdigit():
            if int(text) not in self._ids:
                raise NotFound(f"no source with id {text}")
            return int(text)
        found = self._by_url.get(text) or self._by_title.get(text.casefold()) or []
        if not found:
            raise NotFound(f"no source with id, URL or title {text!r}")
        if len(found) > 1:
            raise InvalidInput(f"{text!r} names sources {', '.join(map(str, found))}: give the id")
        return found[0]

    def text(self, source_id: int) -> str:
        if source_id not in self._texts:
            statement = select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)
            self._texts[source_id] = self._connection.execute(statement).scalar_one()
        return self._texts[source_id]


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not (isinstance(value, int) or str(value).strip().isdigit()):
        raise InvalidInput(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _claim(values: dict[str, Any], sources: _Sources) -> NewClaim:
    """The claim a row asks for, its quote anchored (raises with the row's problem)."""
    text = check_text(str(values.get("text") or ""))
    credibility = check_credibility(_whole(values["credibility"], "credibility")) if values.get("credibility") else 6
    status = check_status(str(values["status"])) if values.get("status") else None
    evidence: list[EvidenceSpec] = []
    if values.get("source") is not None:
        if not values.get("quote"):
            raise InvalidInput("a source needs a quote: the words in it that state the claim")
        source_id = sources.find(values["source"])
        occurrence = _whole(values["occurrence"], "occurrence") if values.get("occurrence") else None
        quote = Quote(str(values["quote"]), occurrence)
        locate(sources.text(source_id), quote)  # InvalidInput now, with the row, rather than later
        evidence.append(EvidenceSpec(source_id, quote, check_stance(str(values.get("stance") or "supports"))))
    elif values.get("quote"):
        raise InvalidInput("a quote needs a source")
    if status in NEEDS_SUPPORT and not any(
        e.stance == "supports" and e.source_id not in sources.replaced for e in evidence
    ):
        raise InvalidInput(f"a claim cannot start {status} without supporting evidence on a current revision")
    return NewClaim(text=text, evidence=evidence, credibility=credibility, status=status)


def import_claims(
    *, store: Store, actor: str, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Create the claims of a CSV or JSONL file; rows that fail are reported and left out.

    ``progress`` is called with the number of rows checked so far and the number in all.

    Raises:
        InvalidInput: the file as a whole cannot be read (see ``read_rows``).
    """
    actor = journal.check_actor(actor)
    rows = read_rows(path)
    report = ImportReport()
    wanted: list[NewClaim] = []
    with store_errors(), store.read() as session:
        sources = _Sources(session.connection())
        for done, row in enumerate(rows, 1):
            if row.problem is not None or row.values is None:
                report.rejected.append((row.where, row.problem or "empty row"))
            else:
                try:
                    wanted.append(_claim(row.values, sources))
                except (InvalidInput, NotFound) as e:
                    report.rejected.append((row.where, str(e)))
            if progress is not None:
                progress(done, len(rows))
    report.created = create_claims(store=store, actor=actor, claims=wanted)
    return report
