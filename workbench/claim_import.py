"""Claims in bulk from a spreadsheet (CSV) or JSON Lines: for teams moving in with claims on file.

Columns (CSV header or JSON keys): ``text`` (required), ``source`` (an id, URL or title),
``quote`` (the exact words in that source), ``occurrence``, ``stance``, ``credibility`` and
``status``. Every row is checked — its source found, its quote anchored — before it is
written; rows that fail are reported by line and left out. An unknown column rejects the whole
file, since a misspelt ``qoute`` would otherwise lose every quote without a word.

The file is read twice and never held whole: a first pass reads every row (a file that cannot
be read at all — not UTF-8, broken CSV — changes nothing), then the rows are checked and written
``BATCH`` at a time, each batch in a transaction of its own, so that memory stays flat at a
million rows and other reviewers are never kept waiting longer than one batch. An import cut
short leaves the batches before it in the store, each whole, and says how far it got.
"""

from __future__ import annotations

import csv
import io
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from store import Store
from workbench import settings
from workbench.access import reading
from workbench.checks import check_actor, check_credibility, check_stance, check_status, check_text
from workbench.claims import NEEDS_SUPPORT, EvidenceSpec, NewClaim, create_claims
from workbench.errors import InvalidInput, NotFound
from workbench.files import open_regular
from workbench.spans import Quote, locate
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import name_key

#: Rows checked and written together: one short transaction each.
BATCH = 2000
#: Source texts kept while checking quotes (rows quoting one source come together).
TEXTS = 256
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


def _csv_rows(path: Path, text: Iterable[str]) -> Iterator[_Row]:
    reader = csv.reader(text, strict=True)
    header = next(reader, [])
    headers = [h.strip().lower() for h in header]
    _check_columns(headers)
    start = reader.line_num + 1  # the line a record starts on (a quoted cell may span lines)
    for cells in reader:
        where, start = f"{path.name}:{start}", reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(headers):
            yield _Row(where, None, f"{len(cells)} cells but {len(headers)} columns")
            continue
        values = {h: (c.strip() or None) for h, c in zip(headers, cells, strict=False)}
        yield _Row(where, values)


def _jsonl_rows(path: Path, text: Iterable[str]) -> Iterator[_Row]:
    # lines end at line feeds only (the stream is opened so): U+2028 and friends may sit inside a JSON string
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield _Row(where, None, f"not JSON ({e.msg})")
            continue
        except (ValueError, RecursionError):  # a number of thousands of digits, nesting too deep
            yield _Row(where, None, "not JSON this workbench can read")
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
    twice = sorted({h for h in headers if headers.count(h) > 1})
    if twice:  # a CSV reader keeps the last of the two: a column would be lost without a word
        raise InvalidInput(f"column {twice[0]!r} appears twice in the header")
    unknown = [h for h in headers if h not in COLUMNS]
    if unknown:
        raise InvalidInput(f"unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
    if "text" not in headers:
        raise InvalidInput("no 'text' column")
    if "quote" in headers and "source" not in headers:
        raise InvalidInput("a 'quote' column needs a 'source' column")


def rows(path: Path) -> Iterator[_Row]:
    """The file's rows one at a time, each parsed or with the reason it cannot be.

    Raises:
        InvalidInput: an unknown extension, unreadable or non-UTF-8 file, or bad CSV (as met).
    """
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{path.name}: claims come in .csv or .jsonl files")
    with open_regular(path) as handle:
        # newline="" lets the CSV reader see line ends as written; JSON Lines end at "\n" alone
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="" if kind == "csv" else "\n")
        try:
            yield from _csv_rows(path, text) if kind == "csv" else _jsonl_rows(path, text)
        except UnicodeDecodeError as e:
            raise InvalidInput(f"{path.name}: not UTF-8 text (byte {e.start} of a block of the file)") from e
        except csv.Error as e:
            raise InvalidInput(f"{path.name}: not valid CSV ({e})") from e
        except RecursionError as e:  # pragma: no cover - json guards itself, this is belt and braces
            raise InvalidInput(f"{path.name}: nested too deeply") from e
        except OSError as e:
            raise InvalidInput(f"{path}: {e.strerror or e}") from e


def read_rows(path: Path) -> int:
    """Read every row once without keeping any, and count them: a file that cannot be read fails here.

    Raises:
        InvalidInput: as ``rows``.
    """
    return sum(1 for _ in rows(path))


class _Sources:
    """Finds the source a row names, by id, URL or title, preferring the current revision."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        columns = select(_SOURCE.c.id, _SOURCE.c.url, _SOURCE.c.title, _SOURCE.c.revision_of)
        rows = list(connection.execute(columns))
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
            if r.title:
                self._by_title.setdefault(name_key(r.title), []).append(r.id)
        self._texts: OrderedDict[int, str] = OrderedDict()
        #: Whether a second reviewer must verify (a row asking to start verified is refused alone).
        self.four_eyes = settings.value(connection, "four_eyes") == "on"

    def reading(self, connection: Connection) -> _Sources:
        """The same index, reading texts through ``connection`` (each batch has its own)."""
        self._connection = connection
        return self

    def find(self, ref: Any) -> int:
        """The source an id, URL or title (as ``workbench sources`` shows it) names."""
        if isinstance(ref, bool) or not isinstance(ref, int | str):
            raise InvalidInput(f"source must be an id, URL or title, not {ref!r}")
        text = str(ref).strip()
        if isinstance(ref, int) or (text.isascii() and text.isdecimal()):
            if int(text) not in self._ids:
                raise NotFound(f"no source with id {text}")
            return int(text)
        found = self._by_url.get(text) or self._by_title.get(name_key(text)) or []
        if not found:
            raise NotFound(f"no source with id, URL or title {text!r}")
        if len(found) > 1:
            raise InvalidInput(f"{text!r} names sources {', '.join(map(str, found))}: give the id")
        return found[0]

    def text(self, source_id: int) -> str:
        """The source's text (the last ``TEXTS`` read are kept: rows quoting one source come together)."""
        if source_id in self._texts:
            self._texts.move_to_end(source_id)
            return self._texts[source_id]
        statement = select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)
        text: str = self._connection.execute(statement).scalar_one()
        self._texts[source_id] = text
        if len(self._texts) > TEXTS:
            self._texts.popitem(last=False)
        return text


def _whole(value: Any, name: str) -> int:
    """A whole number from a JSON number or a cell of ASCII digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal() and len(value.strip()) < 19:
        return int(value.strip())
    raise InvalidInput(f"{name} must be a whole number, not {value!r}")


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text, not {value!r}")
    return value


def _claim(values: dict[str, Any], sources: _Sources) -> NewClaim:
    """The claim a row asks for, its quote anchored (raises with the row's problem)."""
    if values.get("text") is None:
        raise InvalidInput("no text")
    text = check_text(_text(values["text"], "text"))
    given = {k for k, v in values.items() if v is not None}
    credibility = check_credibility(_whole(values["credibility"], "credibility")) if "credibility" in given else 6
    status = check_status(_text(values["status"], "status")) if "status" in given else None
    evidence: list[EvidenceSpec] = []
    if "source" in given:
        if "quote" not in given:
            raise InvalidInput("a source needs a quote: the words in it that state the claim")
        source_id = sources.find(values["source"])
        occurrence = _whole(values["occurrence"], "occurrence") if "occurrence" in given else None
        if occurrence is not None and occurrence < 1:
            raise InvalidInput(f"occurrence counts from 1, not {occurrence}")
        quote = Quote(_text(values["quote"], "quote"), occurrence)
        locate(sources.text(source_id), quote)  # InvalidInput now, with the row, rather than later
        stance = check_stance(_text(values["stance"], "stance")) if "stance" in given else "supports"
        evidence.append(EvidenceSpec(source_id, quote, stance))
    else:
        stray = sorted(given & {"quote", "occurrence", "stance"})
        if stray:
            raise InvalidInput(f"{stray[0]} needs a source")
    if status in NEEDS_SUPPORT and not any(
        e.stance == "supports" and e.source_id not in sources.replaced for e in evidence
    ):
        raise InvalidInput(f"a claim cannot start {status} without supporting evidence on a current revision")
    if status == "verified" and sources.four_eyes:
        raise InvalidInput("four_eyes is on: a new claim cannot start verified; another reviewer verifies it")
    return NewClaim(text=text, evidence=evidence, credibility=credibility, status=status)


def import_claims(
    *, store: Store, actor: str, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Create the claims of a CSV or JSONL file; rows that fail are reported and left out.

    ``progress`` is called with the number of rows checked so far and the number in all.

    Raises:
        InvalidInput: the file as a whole cannot be read (see ``rows``; nothing was written),
            or the store changed under a batch (the batches before it are in; the message
            says how many claims).
    """
    actor = check_actor(actor)
    total = read_rows(path)
    report = ImportReport()
    sources: _Sources | None = None
    batch: list[_Row] = []
    for done, row in enumerate(rows(path), 1):
        if row.problem is not None or row.values is None:
            report.rejected.append((row.where, row.problem or "empty row"))
        else:
            batch.append(row)
        if len(batch) >= BATCH:
            sources = _import_batch(store, actor, path, batch, report, sources)
            batch = []
        if progress is not None:
            progress(done, total)
    if batch:
        _import_batch(store, actor, path, batch, report, sources)
    return report


def _import_batch(
    store: Store, actor: str, path: Path, batch: list[_Row], report: ImportReport, sources: _Sources | None
) -> _Sources:
    """Check a batch of rows (a short read), then create its claims (one short write)."""
    wanted: list[NewClaim] = []
    with reading(store) as connection:
        sources = _Sources(connection) if sources is None else sources.reading(connection)
        for row in batch:
            try:
                wanted.append(_claim(row.values or {}, sources))
            except (InvalidInput, NotFound) as e:
                report.rejected.append((row.where, str(e)))
    try:
        report.created += create_claims(store=store, actor=actor, claims=wanted)
    except (InvalidInput, NotFound) as e:  # the store changed between the check and the write
        before = f"{len(report.created):,} claims before it were imported" if report.created else "nothing was imported"
        raise InvalidInput(f"{path.name}: the store changed while importing ({e}); {before}") from e
    return sources
