"""The evidence bundle: everything needed to check an export without the store, and its checking.

Layout (a folder, or the same inside a ``.zip``)::

    manifest.json       provenance, chain head, the SHA-256 of every other file, and its own digest
    claims.jsonl        the claims, their evidence and relations, the sources' metadata (``jsonl``)
    annotations.jsonld  the same evidence as W3C Web Annotations
    sources/ID.txt      each cited source's text as stored (UTF-8): what every offset counts in
    originals/SHA256    the bytes each cited source was imported from, where kept, named by their hash
    audit.jsonl         the audit events about those claims, evidence, relations, sources and
                        outlets, plus the head event, each with its hash fields

``verify`` re-checks, reporting each problem with the file and item at fault: the manifest's
digest; every file's hash (and files missing or not listed); every evidence quote (and its
prefix and suffix) against its source text at its offsets; every source text against its
``content_sha256``; every original against its name, and that each original a source names is
there; every audit event's hash, the links between consecutive events, and the chain head. One
changed byte anywhere fails at least the hash of the file that holds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, select

from store.audit import canonical, event_hash
from workbench.errors import InvalidInput
from workbench.export.annotations import write_annotations
from workbench.export.formats import dumps, write_jsonl
from workbench.export.records import BATCH, Provenance, source_text
from workbench.sql import EVENT as _EVENT
from workbench.sql import ORIGINAL as _ORIGINAL
from workbench.sql import SOURCE_ORIGINAL as _SOURCE_ORIGINAL

MANIFEST = "manifest.json"
#: The folder of the originals the cited sources were imported from, each named by its SHA-256.
ORIGINALS = "originals"
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
        # every key registration goes with the events: they say which key signs whose events
        if event.seq == head_seq or event.action == "key.register" or _touches(event, wanted):
            out.write(dumps({column.name: getattr(event, column.name) for column in _EVENT.c}) + "\n")
            count += 1
    return count


def _zip(folder: Path, archive: Path, at: str) -> None:
    """Zip ``folder`` with every entry dated ``at`` (the export's time): the same export, the same bytes."""
    stamp = (int(at[0:4]), int(at[5:7]), int(at[8:10]), int(at[11:13]), int(at[14:16]), int(at[17:19]))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as source, out.open(info, "w") as entry:
                shutil.copyfileobj(source, entry, 1 << 20)


def _write_originals(connection: Connection, source_ids: list[int], folder: Path) -> int:
    """Write the kept originals of these sources as ``originals/SHA256``, each once; how many."""
    written: set[str] = set()
    for at in range(0, len(source_ids), BATCH):
        query = (
            select(_ORIGINAL.c.sha256, _ORIGINAL.c.content)
            .join(_SOURCE_ORIGINAL, _SOURCE_ORIGINAL.c.sha256 == _ORIGINAL.c.sha256)
            .where(_SOURCE_ORIGINAL.c.source_id.in_(source_ids[at : at + BATCH]))
            .distinct()
        )
        for sha, content in connection.execute(query):
            if sha not in written:
                folder.mkdir(exist_ok=True)
                (folder / sha).write_bytes(content)
                written.add(sha)
    return len(written)


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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".bundle-", dir=target.parent))
    except OSError as e:
        raise InvalidInput(f"cannot write {target}: {e.strerror or e}") from e
    try:
        claims_file = staging / "claims.jsonl"
        with claims_file.open("w", encoding="utf-8", newline="\n") as out:
            count = write_jsonl(out, connection, prov, ids)
        with (staging / "annotations.jsonld").open("w", encoding="utf-8", newline="\n") as out:
            write_annotations(out, connection, prov, ids, base_url=base_url)
        concerned = _concerned(claims_file)
        cited = sorted(concerned["source"])
        (staging / "sources").mkdir()
        for source_id in cited:
            (staging / "sources" / f"{source_id}.txt").write_bytes(source_text(connection, source_id).encode())
        kept = _write_originals(connection, cited, staging / ORIGINALS)
        with (staging / "audit.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            events = _write_events(connection, out, concerned, prov.chain_seq)
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        manifest: dict[str, Any] = {
            "format": BUNDLE_FORMAT,
            **prov.as_dict(),
            "counts": {"claims": count, "sources": len(cited), "originals": kept, "audit_events": events},
            "files": {p.relative_to(staging).as_posix(): _file_sha256(p) for p in files},
        }
        manifest["digest"] = manifest_digest(manifest)
        data = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        (staging / MANIFEST).write_bytes(data)
        if as_zip:
            partial = target.with_name(f".{target.name}.partial")
            try:
                _zip(staging, partial, prov.exported_at)
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
            shutil.rmtree(staging)
        else:
            umask = os.umask(0)
            os.umask(umask)
            for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
                folder.chmod(0o777 & ~umask)  # mkdtemp makes it private; a bundle is made to be handed on
            if target.exists():
                target.rmdir()
            staging.rename(target)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise InvalidInput(f"cannot write {target}: {e.strerror or e}") from e
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(target, count, len(cited), events, _sha256(data))


# -- verification ------------------------------------------------------------------------------


#: Limits of what ``bundle verify`` reads, so that a crafted bundle (a zip bomb, a million entries)
#: fails in seconds and in little memory instead of exhausting the machine.
MAX_ENTRIES = 100_000
#: Largest file read whole (the manifest, claims, audit events, a source text); others are hashed in chunks.
MAX_READ = 128 * 1024 * 1024
#: Largest manifest read: it lists at most ``MAX_ENTRIES`` files, about 10 MB.
MAX_MANIFEST = 12 * 1024 * 1024
#: Largest total the entries of a zip may expand to, and the most one entry may expand by.
MAX_TOTAL = 16 * 1024**3
MAX_RATIO = 200
#: Problems listed at most: past these, a bundle is plainly not what it claims to be.
MAX_PROBLEMS = 200
_CHUNK = 1 << 20
#: Longest JSON Lines record read: a claim with many links, an event with many changes, not a flood.
MAX_LINE = 16 * 1024 * 1024


class _Enough(Exception):
    """Enough problems found to say the bundle fails: the rest are counted, not listed."""


class Problems(list[str]):
    """The problems found, up to ``MAX_PROBLEMS``: one more ends the check (``_Enough``)."""

    def append(self, problem: str) -> None:
        """Add a problem; past ``MAX_PROBLEMS``, stop the check."""
        if len(self) >= MAX_PROBLEMS:
            raise _Enough
        super().append(problem)


class _Reader:
    """The files of a bundle, in a folder or a zip, by their POSIX names.

    Only regular files count: a symbolic link, a pipe or a device in a folder, a duplicated name
    or a directory entry carrying data in a zip is reported (``odd``), never read. Entries that
    would expand past the limits above are reported too (``odd``), before any of them is read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path) if path.is_file() else None
        #: Members that could not be read back (a damaged zip entry: its CRC, header or method).
        self.damaged: dict[str, str] = {}
        #: Entries that are not plain files, or appear twice, with what is wrong with them.
        self.odd: dict[str, str] = {}
        self._names: list[str] = []
        if self.archive is not None:
            seen: set[str] = set()
            entries = self.archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise InvalidInput(f"{path.name}: {len(entries):,} entries; a bundle holds at most {MAX_ENTRIES:,}")
            if sum(i.file_size for i in entries) > MAX_TOTAL:
                raise InvalidInput(f"{path.name}: would expand past {MAX_TOTAL // 1024**3} GB: not checked")
            for info in entries:
                if info.file_size > 10 * _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    self.odd[info.filename] = f"expands {info.file_size // max(info.compress_size, 1):,}-fold: not read"
                if info.filename in seen:
                    self.odd[info.filename] = "appears more than once in the zip"
                seen.add(info.filename)
                if info.is_dir():
                    if info.file_size:
                        self.odd[info.filename] = "a folder entry carrying data"
                    continue
                self._names.append(info.filename)
        else:
            for folder, _dirs, files in os.walk(path):
                for file in files:
                    full = Path(folder) / file
                    name = full.relative_to(path).as_posix()
                    if not stat.S_ISREG(full.lstat().st_mode):
                        self.odd[name] = "not a regular file"
                    else:
                        self._names.append(name)
        self._names = sorted(set(self._names))

    def names(self) -> list[str]:
        return list(self._names)

    def _open(self, name: str) -> Any:
        if "\0" in name or PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            return None
        if name in self.odd or name not in self._names:
            return None
        if self.archive is not None:
            return self.archive.open(name)
        return (self.path / name).open("rb")

    def read(self, name: str) -> bytes | None:
        """A file's bytes, whole: at most ``MAX_READ`` (past it the file is reported, not read)."""
        try:
            stream = self._open(name)
            if stream is None:
                return None
            with stream:
                data: bytes = stream.read(MAX_READ + 1)
        except OSError:
            return None
        except Exception as e:  # a damaged entry: BadZipFile, zlib.error, an unknown method, encryption
            self.damaged[name] = f"{type(e).__name__}: {e}"
            return None
        if len(data) > MAX_READ:
            self.damaged[name] = f"larger than {MAX_READ // 1024**2} MB: not read"
            return None
        return data

    def digest(self, name: str) -> str | None:
        """A file's SHA-256, read in chunks whatever its size (an original may be a large PDF)."""
        hashed = hashlib.sha256()
        try:
            stream = self._open(name)
            if stream is None:
                return None
            with stream:
                while chunk := stream.read(_CHUNK):
                    hashed.update(chunk)
        except OSError:
            return None
        except Exception as e:  # a damaged entry, as in ``read``
            self.damaged[name] = f"{type(e).__name__}: {e}"
            return None
        return hashed.hexdigest()


def _lines(data: bytes, name: str, problems: list[str]) -> Iterable[tuple[int, Any]]:
    """JSON Lines, split on line feeds only (the records may hold U+2028 and other line breaks)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{name}: not UTF-8 ({e.reason} at byte {e.start})")
        return
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            problems.append(f"{name}: line {number}: {len(line):,} characters; a record holds at most {MAX_LINE:,}")
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as e:
            problems.append(f"{name}: line {number}: not JSON ({type(e).__name__})")
            continue
        if not isinstance(record, dict):
            problems.append(f"{name}: line {number}: not a record")
            continue
        yield number, record


_SHAPE = (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError)
#: Claim fields whose exported value must be what the audit trail last recorded.
_AUDITED = ("text", "status", "credibility")


def _check_claim(
    record: dict[str, Any],
    where: str,
    text_of: Any,
    recorded: dict[tuple[str, int], tuple[int, dict[str, Any]]],
    problems: list[str],
) -> None:
    state = recorded.get(("claim", record["id"]))
    if state is not None:
        seq, after = state
        for field in _AUDITED:
            if field in after and record.get(field) != after[field]:
                problems.append(f"{where}: claim {record['id']}: its {field} is not what audit event #{seq} recorded")
    for evidence in record.get("evidence") or []:
        selectors = {s.get("type"): s for s in evidence.get("selectors") or [] if isinstance(s, dict)}
        position = selectors.get("TextPositionSelector")
        if position is None:
            continue  # orphaned: its text is gone from the source, nothing to check
        quote = selectors.get("TextQuoteSelector") or {}
        start, end = position.get("start"), position.get("end")
        at = f"{where}: claim {record['id']}, evidence {evidence.get('id')}"
        source = f"sources/{evidence['source_id']}.txt"
        text = text_of(int(evidence["source_id"]))
        linked = recorded.get(("evidence", int(evidence["id"])))
        if linked is not None and (linked[1].get("exact"), linked[1].get("start"), linked[1].get("end")) != (
            evidence.get("quote"),
            start,
            end,
        ):
            problems.append(f"{at}: the quote or its place is not what audit event #{linked[0]} recorded")
        if text is None:
            problems.append(f"{at}: {source} is missing")
        elif not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            problems.append(f"{at}: the span {start}:{end} is not within {source}")
        elif text[start:end] != evidence.get("quote"):
            problems.append(f"{at}: the quote is not at {start}:{end} of {source}")
        elif not text[:start].endswith(str(quote.get("prefix") or "")) or not text[end:].startswith(
            str(quote.get("suffix") or "")
        ):
            problems.append(f"{at}: the context around {start}:{end} differs from {source}")


def _check_claims(
    reader: _Reader,
    manifest: dict[str, Any],
    recorded: dict[tuple[str, int], tuple[int, dict[str, Any]]],
    problems: list[str],
) -> None:
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
        where = f"claims.jsonl: line {number}"
        try:
            kind = record.get("type")
            if kind == "export" and record.get("chain_head") != manifest.get("chain_head"):
                problems.append("claims.jsonl: its chain head differs from the manifest's")
            elif kind == "claim":
                _check_claim(record, where, text_of, recorded, problems)
            elif kind == "source":
                source_id = int(record["id"])
                text = text_of(source_id)
                original = record.get("original_sha256")
                if original is not None and f"{ORIGINALS}/{original}" not in manifest.get("files", {}):
                    problems.append(f"claims.jsonl: source {source_id}'s original {str(original)[:16]}… is missing")
                if text is not None and _sha256(text.encode()) != record.get("content_sha256"):
                    problems.append(f"sources/{source_id}.txt: its text does not hash to source {source_id}'s "
                                    "content_sha256 in claims.jsonl")  # fmt: skip
                imported = recorded.get(("source", source_id))
                if imported is not None and imported[1].get("content_sha256") != record.get("content_sha256"):
                    problems.append(f"claims.jsonl: source {source_id}'s text is not the one audit event "
                                    f"#{imported[0]} recorded")  # fmt: skip
        except _SHAPE:
            problems.append(f"{where}: not a record of the expected shape")


def _check_events(
    reader: _Reader, manifest: dict[str, Any], problems: list[str], trusted: frozenset[str] = frozenset()
) -> dict[tuple[str, int], tuple[int, dict[str, Any]]]:
    """Check the events, their signatures and, with ``trusted`` public keys, whose they are.

    Returns each claim's, evidence link's and source's last recorded state (seq, after), which
    the claims' check holds the exported records to: a quote or a text changed in the bundle,
    its hashes recomputed, no longer agrees with the trail.
    """
    from store.signing import signed_by

    recorded: dict[tuple[str, int], tuple[int, dict[str, Any]]] = {}
    keys: dict[str, str] = {}
    data = reader.read("audit.jsonl")
    if data is None:
        return recorded
    head = manifest.get("chain_head")
    head = head if isinstance(head, dict) else {}
    previous: dict[str, Any] | None = None
    found_head = False
    for number, event in _lines(data, "audit.jsonl", problems):
        try:
            seq = int(event["seq"])
            expected = event_hash(prev_hash=str(event["prev_hash"]), seq=seq, at=str(event["at"]),
                                  actor=str(event["actor"]), action=str(event["action"]),
                                  entity=str(event["entity"]), entity_id=event["entity_id"],
                                  data=str(event["data"]))  # fmt: skip
            if expected != event["hash"]:
                problems.append(f"audit.jsonl: event #{seq}: its hash does not match its content")
            elif previous is not None and seq == previous["seq"] + 1 and event["prev_hash"] != previous["hash"]:
                problems.append(f"audit.jsonl: event #{seq}: does not follow event #{previous['seq']}")
            if seq == head.get("seq"):
                found_head = True
                if event["hash"] != head.get("hash"):
                    problems.append(f"audit.jsonl: event #{seq} is not the chain head the manifest names")
            body = json.loads(event["data"])
            changes = [{"entity": event["entity"], "id": event["entity_id"], "after": body.get("after")}]
            actor, registered = str(event["actor"]), None
            for change in [*changes, *(body.get("related") or [])]:
                after = change.get("after")
                if change.get("entity") in ("claim", "evidence", "source") and isinstance(after, dict):
                    recorded[(str(change["entity"]), int(change["id"]))] = (seq, after)
                if (
                    change.get("entity") == "reviewer_key"
                    and isinstance(after, dict)
                    and after.get("reviewer") == actor
                ):
                    registered = str(after.get("public_key"))
            key = keys.get(actor) or registered  # a first key signs its own registration
            if key is not None and not signed_by(key, str(event["hash"]), event.get("signature")):
                problems.append(f"audit.jsonl: event #{seq} is not signed by {actor}'s key")
            elif trusted and (key is None or key not in trusted):
                unsigned = " (it is unsigned: made before its author had a key)" if key is None else ""
                problems.append(f"audit.jsonl: event #{seq} is not signed by a trusted key{unsigned}")
            if registered is not None:
                keys[actor] = registered
            previous = {"seq": seq, "hash": event["hash"]}
        except _SHAPE:
            problems.append(f"audit.jsonl: line {number}: not an audit event")
    if not found_head:
        problems.append(f"audit.jsonl: the chain head event #{head.get('seq')} is missing")
    return recorded


def verify_bundle(path: Path, *, expect: str | None = None, trust: frozenset[str] = frozenset()) -> list[str]:
    """Every problem found in the bundle at ``path``, each naming the file (and item) at fault.

    ``expect`` is the manifest's SHA-256 as printed when the bundle was made, sent separately:
    with it, a bundle rebuilt whole (new manifest, new digest) no longer passes. Whatever the
    bundle holds, the answer is a list of problems, never an exception.
    """
    if not path.exists():
        raise InvalidInput(f"no bundle at {path}")
    if not (path.is_dir() or path.is_file()):
        raise InvalidInput(f"{path} is not a file or a folder (a pipe or a device is not read)")
    problems = Problems()
    try:
        _verify(path, expect, problems, trust)
    except _Enough:
        return [*problems, f"{path.name}: stopped after {MAX_PROBLEMS} problems; the bundle fails"]
    except InvalidInput as e:
        return [*problems, str(e)]
    except Exception as e:  # a bundle crafted to break the checker is a bundle that fails
        return [*problems, f"{path.name}: could not be checked ({type(e).__name__}: {str(e)[:200]})"]
    return list(problems)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest exactly as the workbench writes it."""
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _verify(path: Path, expect: str | None, problems: list[str], trust: frozenset[str] = frozenset()) -> None:
    try:
        reader = _Reader(path)
    except zipfile.BadZipFile:
        problems.append(f"{path.name}: not a zip file")
        return
    raw = reader.read(MANIFEST)
    if raw is not None and len(raw) > MAX_MANIFEST:
        problems.append(
            f"{MANIFEST}: {len(raw) / 1024**2:.0f} MB, more than a manifest of {MAX_ENTRIES:,} files: not read"
        )
        return
    if raw is None:
        problems.append(f"{MANIFEST}: {reader.odd.get(MANIFEST) or reader.damaged.get(MANIFEST) or 'missing'}")
        return
    try:
        manifest = json.loads(raw.decode("utf-8"), parse_constant=_no_constants, object_pairs_hook=_unique)
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("no files listed")
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        problems.append(f"{MANIFEST}: altered: not a readable manifest ({e})")
        return
    if expect is not None and _sha256(raw) != expect.strip().lower():
        problems.append(f"{MANIFEST}: not the manifest expected (its SHA-256 is {_sha256(raw)})")
    if manifest.get("digest") != manifest_digest(manifest):
        problems.append(f"{MANIFEST}: altered: its digest does not match its content")
    elif raw != _manifest_bytes(manifest):
        problems.append(f"{MANIFEST}: altered: not written as the workbench writes it")
    for name, why in sorted(reader.odd.items()):
        problems.append(f"{name}: {why}")
    listed: dict[str, str] = files
    for name in reader.names():
        if name != MANIFEST and name not in listed:
            problems.append(f"{name}: not in the manifest")
    for name, expected in sorted(listed.items()):
        if name in reader.odd:
            continue
        actual = reader.digest(name)
        if actual is None:
            damage = reader.damaged.get(name)
            problems.append(f"{name}: damaged ({damage})" if damage else f"{name}: missing")
        elif actual != expected:
            problems.append(f"{name}: altered: its SHA-256 is {actual[:16]}…, the manifest says {expected[:16]}…")
        elif name.startswith(f"{ORIGINALS}/") and actual != PurePosixPath(name).name:
            problems.append(f"{name}: altered: an original's bytes must hash to its name")
    recorded = _check_events(reader, manifest, problems, trust)
    _check_claims(reader, manifest, recorded, problems)
