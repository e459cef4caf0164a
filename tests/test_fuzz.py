"""Fuzzing every importer and ``bundle verify``: whatever the bytes, one line and exit 0 or 1, never a traceback.

A rejected file leaves the store as it was; a bundle of junk is a list of problems.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, dump
from workbench.export.bundle import verify_bundle

#: Every extension the importers read, each with bytes that are, or look like, its format.
EXTENSIONS = ["txt", "md", "html", "json", "jsonl", "csv", "pdf", "docx", "warc", "warc.gz", "wacz"]
HEADS = [b"", b"---\ntitle: x\n---\n", b"<html><body><p>", b'{"text": "', b"%PDF-1.4\n", b"PK\x03\x04", b"WARC/1.0\r\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extension=st.sampled_from(EXTENSIONS),
    head=st.sampled_from(HEADS),
    body=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
def test_any_file_is_imported_or_refused_in_one_line(
    sample_cli: Cli, db_path: Path, tmp_path_factory: object, extension: str, head: bytes, body: bytes
) -> None:
    folder = Path(str(tmp_path_factory.mktemp("fuzz")))  # type: ignore[attr-defined]
    path = folder / f"input.{extension}"
    path.write_bytes(head + body)
    before = dump(db_path)
    run = sample_cli("import", str(path))
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if run.code == 1:
        assert run.stderr.count("\n") <= 2 and dump(db_path) == before


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a name twice is one of the things tried
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


NAMES = st.sampled_from(["manifest.json", "claims.jsonl", "audit.jsonl", "sources/1.txt", "originals/ab", "../x", "a/"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(NAMES, st.binary(max_size=500)), max_size=6), raw=st.binary(max_size=300))
def test_any_bundle_is_a_list_of_problems_never_an_exception(
    tmp_path_factory: object, entries: list[tuple[str, bytes]], raw: bytes
) -> None:
    folder = Path(str(tmp_path_factory.mktemp("bundle")))  # type: ignore[attr-defined]
    for name, data in (("zipped.zip", _zip(entries)), ("raw.zip", raw)):
        path = folder / name
        path.write_bytes(data)
        problems = verify_bundle(path)
        assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
        assert problems  # none of these is a bundle the workbench made
