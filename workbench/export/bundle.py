"""The evidence bundle: everything needed to check an export without the store, and its checking.

Layout (a folder, or the same inside a ``.zip``)::

    manifest.json       provenance, chain head, the SHA-256 of every other file, and its own digest
    claims.jsonl        the claims, their evidence and relations, the sources' metadata (``jsonl``)
    annotations.jsonld  the same evidence as W3C Web Annotations
    sources/ID.txt      each cited source's text as stored (UTF-8): what every offset counts in
    audit.jsonl         the audit events about those claims, evidence, relations, sources and
                        outlets, plus the head event, each with its hash fields

``verify`` re-checks, reporting each problem with the file and item at fault: the manifest's
digest; every file's hash (and files missing or not listed); every evidence quote (and its
prefix and suffix) against its source text at its offsets; every source text against its
``content_sha256``; every audit event's hash, the links between consecutive events, and the
chain head. One changed byte anywhere fails at least the hash of the file that holds it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, select

from store.audit import canonical, event_hash
from store.models import AuditEvent, table
from workbench.errors import InvalidInput
from workbench.export.annotations import write_annotations
from workbench.export.formats import dumps, write_jsonl
from workbench.export.records import BATCH, Provenance, source_text

_EVENT = table(AuditEvent)
MANIFEST = "manifest.json"
BUNDLE_FORMAT = "claim-workbench-bundle/1"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_digest(manifest: dict[str, Any]) -> str:
    """The digest a manifest carries of itself: SHA-256 of its canonical JSON without ``digest``."""
    return _sha256(canonical({k: v for k, v in manifest.items() if k != "digest"}).encode())


@dataclass(frozen=True)
class Written:
    """What a bundle holds."""

    path: Path
    claims: int
    sources: int
    events: int
    manifest_sha256: str


def _cited_sources(claims_file: Path) -> list[int]:
    cited: set[int] = set()
    with claims_file.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("type") == "source":
                cited.add(int(record["id"]))
    return sorted(cited)


def _concerned(claims_file: Path) -> dict[str, set[int]]:
    """The entities the bundle is about, whose audit events it carries."""
    wanted: dict[str, set[int]] = {"claim": set(), "evidence": set(), "claim_relation": set(), "source": set(),
                                   "outlet": set()}  # fmt: skip
    with claims_file.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("type") == "claim":
                wanted["claim"].add(record["id"])
                wanted["evidence"].update(e["id"] for e in record["evidence"])
                wanted["claim_relation"].update(r["id"] for r in record["relations"])
            elif record.get("type") == "source":
                wanted["source"].add(record["id"])
                if record.get("outlet"):
                    wanted["outlet"].add(record["outlet"]["id"])
    return wanted


def _touches(event: Any, wanted: dict[str, set[int]]) -> bool:
    """Whether an event changed one of the wanted rows: its own entity or one it records as related."""
    if event.entity_id in wanted.get(event.entity, ()):
        return True
    if '"related"' not in event.data:
        return False
    related = json.loads(event.data).get("related", [])
    return any(r.get("id") in wanted.get(r.get("entity"), ()) for r in related)


def _write_events(connection: Connection, out: Any, wanted: dict[str, set[int]], head_seq: int) -> int:
    count = 0
    query = select(_EVENT).where(_EVENT.c.seq <= head_seq).order_by(_EVENT.c.seq)
    for event in connection.execution_options(yield_per=BATCH).execute(query):
        if event.seq == head_seq or _touches(event, wanted):
            out.write(dumps({column.name: getattr(event, column.name) for column in _EVENT.c}) + "\n")
            count += 1
    return count


def write_bundle(
    connection: Connection, prov: Provenance, ids: list[int], target: Path, *, base_url: str | None = None
) -> Written:
    """Write the bundle to ``target`` (a new folder, or a ``.zip``), all or nothing.

    Raises:
        InvalidInput: ``target`` exists (a folder must be new or empty).
    """
    as_zip = target.suffix.lower() == ".zip"
    if target.exists() and (as_zip or not target.is_dir() or any(target.iterdir())):
        raise InvalidInput(f"{target} exists; a bundle goes to a new folder or .zip")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".bundle-", dir=target.parent))
    try:
        claims_file = staging / "claims.jsonl"
        with claims_file.open("w", encoding="utf-8", newline="\n") as out:
            count = write_jsonl(out, connection, prov, ids)
        with (staging / "annotations.jsonld").open("w", encoding="utf-8", newline="\n") as out:
            write_annotations(out, connection, prov, ids, base_url=base_url)
        cited = _cited_sources(claims_file)
        (staging / "sources").mkdir()
        for source_id in cited:
            (staging / "sources" / f"{source_id}.txt").write_bytes(source_text(connection, source_id).encode())
        with (staging / "audit.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            events = _write_events(connection, out, _concerned(claims_file), prov.chain_seq)
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        manifest: dict[str, Any] = {
            "format": BUNDLE_FORMAT,
            **prov.as_dict(),
            "counts": {"claims": count, "sources": len(cited), "audit_events": events},
            "files": {p.relative_to(staging).as_posix(): _file_sha256(p) for p in files},
        }
        manifest["digest"] = manifest_digest(manifest)
        data = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        (staging / MANIFEST).write_bytes(data)
        if as_zip:
            partial = target.with_name(f".{target.name}.partial")
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                    archive.write(path, path.relative_to(staging).as_posix())
            partial.replace(target)
            shutil.rmtree(staging)
        else:
            if target.exists():
                target.rmdir()
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(target, count, len(cited), events, _sha256(data))


# -- verification ------------------------------------------------------------------------------


class _Reader:
    """The files of a bundle, in a folder or a zip, by their POSIX names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path) if path.is_file() else None
        #: Members of a zip that could not be read back (a damaged entry: its CRC or header).
        self.damaged: dict[str, str] = {}

    def names(self) -> list[str]:
        if self.archive is not None:
            return sorted(n for n in self.archive.namelist() if not n.endswith("/"))
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file())

    def read(self, name: str) -> bytes | None:
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            return None
        try:
            if self.archive is not None:
                return self.archive.read(name)
            return (self.path / name).read_bytes()
        except (KeyError, OSError):
            return None
        except zipfile.BadZipFile as e:
            self.damaged[name] = str(e)
            return None


def _lines(data: bytes, name: str, problems: list[str]) -> Iterable[tuple[int, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{name}: not UTF-8 ({e.reason} at byte {e.start})")
        return
    for number, line in enumerate(text.splitlines(), 1):
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{name}: line {number}: not JSON ({e.msg})")


def _check_claims(reader: _Reader, manifest: dict[str, Any], problems: list[str]) -> None:
    data = reader.read("claims.jsonl")
    if data is None:
        return
    texts: dict[int, str | None] = {}

    def text_of(source_id: int) -> str | None:
        if source_id not in texts:
            raw = reader.read(f"sources/{source_id}.txt")
            try:
                texts[source_id] = None if raw is None else raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"sources/{source_id}.txt: not UTF-8")
                texts[source_id] = None
        return texts[source_id]

    for number, record in _lines(data, "claims.jsonl", problems):
        kind = record.get("type") if isinstance(record, dict) else None
        if kind == "export" and record.get("chain_head") != manifest.get("chain_head"):
            problems.append("claims.jsonl: its chain head differs from the manifest's")
        elif kind == "claim":
            for evidence in record.get("evidence", []):
                selectors = {s.get("type"): s for s in evidence.get("selectors", []) if isinstance(s, dict)}
                position = selectors.get("TextPositionSelector")
                if position is None:
                    continue  # orphaned: its text is gone from the source, nothing to check
                quote = selectors.get("TextQuoteSelector", {})
                start, end = position.get("start"), position.get("end")
                where = f"claims.jsonl: line {number}: claim {record.get('id')}, evidence {evidence.get('id')}"
                source = f"sources/{evidence.get('source_id')}.txt"
                text = text_of(evidence["source_id"])
                if text is None:
                    problems.append(f"{where}: {source} is missing")
                elif not isinstance(start, int) or not isinstance(end, int) or text[start:end] != evidence.get("quote"):
                    problems.append(f"{where}: the quote is not at {start}:{end} of {source}")
                elif not text[:start].endswith(quote.get("prefix", "")) or not text[end:].startswith(
                    quote.get("suffix", "")
                ):
                    problems.append(f"{where}: the context around {start}:{end} differs from {source}")
        elif kind == "source":
            text = text_of(record["id"])
            if text is not None and _sha256(text.encode()) != record.get("content_sha256"):
                problems.append(f"sources/{record['id']}.txt: its text does not hash to source {record['id']}'s "
                                "content_sha256 in claims.jsonl")  # fmt: skip


def _check_events(reader: _Reader, manifest: dict[str, Any], problems: list[str]) -> None:
    data = reader.read("audit.jsonl")
    if data is None:
        return
    head = manifest.get("chain_head") or {}
    previous: dict[str, Any] | None = None
    found_head = False
    for number, event in _lines(data, "audit.jsonl", problems):
        try:
            expected = event_hash(prev_hash=event["prev_hash"], seq=event["seq"], at=event["at"],
                                  actor=event["actor"], action=event["action"], entity=event["entity"],
                                  entity_id=event["entity_id"], data=event["data"])  # fmt: skip
        except (KeyError, TypeError):
            problems.append(f"audit.jsonl: line {number}: not an audit event")
            continue
        if expected != event["hash"]:
            problems.append(f"audit.jsonl: event #{event['seq']}: its hash does not match its content")
        if previous is not None and event["seq"] == previous["seq"] + 1 and event["prev_hash"] != previous["hash"]:
            problems.append(f"audit.jsonl: event #{event['seq']}: does not follow event #{previous['seq']}")
        if event["seq"] == head.get("seq"):
            found_head = True
            if event["hash"] != head.get("hash"):
                problems.append(f"audit.jsonl: event #{event['seq']} is not the chain head the manifest names")
        previous = event
    if not found_head:
        problems.append(f"audit.jsonl: the chain head event #{head.get('seq')} is missing")


def verify_bundle(path: Path, *, expect: str | None = None) -> list[str]:
    """Every problem found in the bundle at ``path``, each naming the file (and item) at fault.

    ``expect`` is the manifest's SHA-256 as printed when the bundle was made, sent separately:
    with it, a bundle rebuilt whole (new manifest, new digest) no longer passes.
    """
    if not path.exists():
        raise InvalidInput(f"no bundle at {path}")
    try:
        reader = _Reader(path)
    except zipfile.BadZipFile:
        return [f"{path.name}: not a zip file"]
    raw = reader.read(MANIFEST)
    if raw is None:
        return [f"{MANIFEST}: missing"]
    try:
        manifest = json.loads(raw.decode("utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            raise ValueError("no files listed")
    except (UnicodeDecodeError, ValueError) as e:
        return [f"{MANIFEST}: altered: not a readable manifest ({e})"]
    problems: list[str] = []
    if expect is not None and _sha256(raw) != expect.strip().lower():
        problems.append(f"{MANIFEST}: not the manifest expected (its SHA-256 is {_sha256(raw)})")
    if manifest.get("digest") != manifest_digest(manifest):
        problems.append(f"{MANIFEST}: altered: its digest does not match its content")
    listed: dict[str, str] = manifest["files"]
    for name in reader.names():
        if name != MANIFEST and name not in listed:
            problems.append(f"{name}: not in the manifest")
    for name, expected in sorted(listed.items()):
        data = reader.read(name)
        if data is None:
            problems.append(
                f"{name}: damaged ({reader.damaged[name]})" if name in reader.damaged else f"{name}: missing"
            )
        elif _sha256(data) != expected:
            problems.append(
                f"{name}: altered: its SHA-256 is {_sha256(data)[:16]}…, the manifest says {expected[:16]}…"
            )
    _check_claims(reader, manifest, problems)
    _check_events(reader, manifest, problems)
    return problems
