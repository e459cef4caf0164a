"""Exports on the samples: golden files of every format, the JSON-LD ones expanded and checked against
the rules of their models, and the evidence bundle tampered with byte by byte.

The clock is fixed (``SOURCE_DATE_EPOCH``) so that every export of the same store is the same bytes.
Set ``UPDATE_GOLDEN=1`` to rewrite the golden files (then read the diff before committing it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from sqlalchemy import select

from store import Store
from tests.conftest import ROOT, SAMPLES, Cli
from tests.tui_helpers import import_samples
from workbench import read
from workbench.access import fetch, reading
from workbench.claims import EvidenceSpec, create_claim, update_claim
from workbench.cli.app import Exit
from workbench.errors import InvalidInput
from workbench.export import export, verify_bundle
from workbench.export.claimreview import RATINGS
from workbench.relations import add_contradiction, resolve_contradiction
from workbench.spans import Quote
from workbench.sql import RELATION

GOLDEN = ROOT / "tests" / "golden"
ANNO = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "reviewing", "tagging"}  # fmt: skip
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def reviewed(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The samples with four claims: two verified, one verified that cannot be judged, one contradicting."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    import_samples(store)
    tanks = create_claim(store=store, actor="ana", text="At least five T-72B3 tanks were delivered to Mali",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    helicopters = create_claim(
        store=store, actor="ana", text="Russia delivered two combat helicopters to Mali",
        evidence=[EvidenceSpec(2, Quote("two helicopters", 1)), EvidenceSpec(2, Quote("two helicopters", 2))],
    )  # fmt: skip
    boats = create_claim(store=store, actor="ana", text="=Small boats were delivered too",
                         evidence=[EvidenceSpec(1, Quote("small boats"))])  # fmt: skip
    four = create_claim(store=store, actor="ben", text="Russia delivered four helicopters to Mali",
                        evidence=[EvidenceSpec(2, Quote("at least four helicopters"))])  # fmt: skip
    update_claim(store=store, actor="ana", claim_id=tanks.id, status="verified", credibility=2, note="on video")
    update_claim(store=store, actor="ana", claim_id=helicopters.id, status="verified", credibility=3)
    update_claim(store=store, actor="ana", claim_id=boats.id, status="verified")
    relation = add_contradiction(store=store, actor="ben", a=helicopters.id, b=four.id, aspect="quantity")
    resolve_contradiction(store=store, actor="ana", relation_id=relation.id, note="four in all, two this week",
                          winner="neither")  # fmt: skip
    return store


def render(store: Store, format: str, **options: Any) -> str:
    out = io.StringIO(newline="")
    export(store=store, format=format, out=out, label="mali.db", reviewer="ana", **options)
    return out.getvalue()


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode())
    assert text == path.read_bytes().decode(), f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"


CLAIMREVIEW = {"publisher": "Mali Desk", "base_url": "https://factcheck.example.org"}


@pytest.mark.parametrize(
    ("format", "name", "options"),
    [
        ("json", "export.json", {}),
        ("jsonl", "export.jsonl", {}),
        ("csv", "export.csv", {}),
        ("claimreview", "export.claimreview.jsonld", CLAIMREVIEW),
        ("annotations", "export.annotations.jsonld", {}),
    ],
)
def test_each_format_matches_its_golden_file(reviewed: Store, format: str, name: str, options: dict[str, Any]) -> None:
    golden(name, render(reviewed, format, **options))


def test_json_carries_evidence_sources_relations_and_the_chain_head(reviewed: Store) -> None:
    document = json.loads(render(reviewed, "json"))
    header = document["export"]
    assert header["store"] == "mali.db" and header["exported_by"] == "ana"
    assert header["exported_at"] == "2026-01-01T00:00:00.000000Z"
    assert re.fullmatch(r"[0-9a-f]{64}", header["chain_head"]["hash"]) and header["chain_head"]["seq"] > 0
    claims = {c["id"]: c for c in document["claims"]}
    assert sorted(claims) == [1, 2, 3]  # verified only; claim 4 is in review
    [evidence] = claims[1]["evidence"]
    sources = {s["id"]: s for s in document["sources"]}
    assert evidence["quote"] == "at least five T-72B3"
    assert [s["type"] for s in evidence["selectors"]] == ["TextQuoteSelector", "TextPositionSelector"]
    assert sources[1]["content_sha256"] and "text" not in sources[1]
    [relation] = claims[2]["relations"]
    assert (relation["kind"], relation["status"], relation["other"]) == ("contradiction", "resolved", 4)
    assert relation["note"] == "four in all, two this week" and relation["winner"] == "neither"
    assert sources[2]["outlet"]["name"] == "AFP" and claims[2]["independent_sources"] == 1


def test_jsonl_has_a_header_then_claims_then_sources(reviewed: Store) -> None:
    lines = [json.loads(line) for line in render(reviewed, "jsonl").splitlines()]
    assert [line["type"] for line in lines] == ["export", "claim", "claim", "claim", "source", "source"]


def test_named_claims_are_exported_whatever_their_status(reviewed: Store) -> None:
    document = json.loads(render(reviewed, "json", claims=[4]))
    assert [c["id"] for c in document["claims"]] == [4]
    assert document["export"]["selection"] == {"claims": [4], "status": None}


def test_csv_is_one_row_per_claim_and_evidence_and_formulas_stay_text(reviewed: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(render(reviewed, "csv"), newline="")))
    assert [(r["claim_id"], r["evidence_id"]) for r in rows] == [("1", "1"), ("2", "2"), ("2", "3"), ("3", "4")]
    tanks = rows[0]
    assert (tanks["item"], tanks["quantity"], tanks["qualifier"]) == ("T-72B3", "5", "at_least")
    assert (tanks["quote"], tanks["status"], tanks["credibility"]) == ("at least five T-72B3", "verified", "2")
    assert rows[1]["outlet"] == "AFP"
    assert rows[3]["claim"] == "'=Small boats were delivered too"  # never a formula in a spreadsheet
    assert {r["exported_by"] for r in rows} == {"ana"} and len({r["chain_head"] for r in rows}) == 1


def schema_org_loader(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context maps every term under its vocabulary; offline, that is what we give."""
    assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}, url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}


def test_claimreview_has_every_property_the_fact_check_guidance_asks_for(reviewed: Store) -> None:
    document = json.loads(render(reviewed, "claimreview", **CLAIMREVIEW))
    dataset, *reviews = document["@graph"]
    assert dataset["@type"] == "Dataset" and dataset["creator"]["name"] == "ana"
    assert [r["url"] for r in reviews] == ["https://factcheck.example.org/claims/1",
                                           "https://factcheck.example.org/claims/2"]  # fmt: skip
    for review in reviews:
        assert review["@type"] == "ClaimReview" and review["claimReviewed"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
        assert review["author"] == {"@type": "Organization", "name": "Mali Desk",
                                    "url": "https://factcheck.example.org"}  # fmt: skip
        rating = review["reviewRating"]
        assert set(rating) == {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"}
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"] and item["firstAppearance"]
    assert reviews[0]["reviewRating"]["alternateName"] == RATINGS[2][1] == "Probably true"
    assert reviews[1]["itemReviewed"]["appearance"][0]["publisher"]["name"] == "AFP"
    expanded = jsonld.expand(document, {"documentLoader": schema_org_loader})
    types = {t for node in expanded for t in node["@type"]}
    assert types == {"https://schema.org/Dataset", "https://schema.org/ClaimReview"}


def test_claimreview_leaves_out_what_cannot_be_judged(reviewed: Store) -> None:
    out = io.StringIO()
    done = export(store=reviewed, format="claimreview", out=out, label="mali.db", reviewer="ana", **CLAIMREVIEW)
    assert (done.claims, done.skipped) == (2, 1)  # claim 3 is verified with credibility 6


def anno_loader(url: str, options: Any = None) -> dict[str, Any]:
    assert url == ANNO, url
    document = json.loads((ROOT / "tests" / "data" / "anno.jsonld").read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def pages(collection: dict[str, Any]) -> list[dict[str, Any]]:
    found, page = [], collection.get("first")
    while page is not None:
        found.append(page)
        page = page.get("next")
    return found


def check_annotation(annotation: dict[str, Any], texts: dict[str, str]) -> None:
    """The MUSTs of the Web Annotation Data Model (W3C Recommendation, 23 February 2017) for one annotation."""
    # 3.1: exactly one IRI; one or more types, Annotation among them; one or more targets
    assert isinstance(annotation["id"], str) and IRI.match(annotation["id"])
    types = annotation["type"] if isinstance(annotation["type"], list) else [annotation["type"]]
    assert "Annotation" in types
    targets = annotation["target"] if isinstance(annotation["target"], list) else [annotation["target"]]
    assert targets
    # 3.2.4 embedded textual bodies: exactly one value, a TextualBody type; purposes are motivations
    for body in annotation["body"]:
        assert body["purpose"] in MOTIVATIONS
        if body["type"] == "TextualBody":
            # 3.3.5 (the W3C suite): an embedded body with an id and a purpose is an External Web
            # Resource with a purpose, which the model does not allow: a TextualBody carries no id
            assert isinstance(body["value"], str) and "id" not in body
        else:  # 4.1: a resource given a purpose is a SpecificResource with exactly one source IRI
            assert body["type"] == "SpecificResource" and IRI.match(body["source"])
    # 3.3.5 motivations; 3.3.1 lifecycle: created is an xsd:dateTime (with a timezone, as it SHOULD)
    motivations = annotation["motivation"] if isinstance(annotation["motivation"], list) else [annotation["motivation"]]
    assert set(motivations) <= MOTIVATIONS
    assert DATETIME.match(annotation["created"])
    assert annotation["creator"]["type"] == "Person"
    for target in targets:
        # 4.1 specific resources: exactly one source, an IRI
        assert target["type"] == "SpecificResource" and IRI.match(target["source"])
        selectors = target["selector"] if isinstance(target["selector"], list) else [target["selector"]]
        text = texts[target["source"]]
        segments = set()
        for selector in selectors:
            if selector["type"] == "TextQuoteSelector":  # 4.2.4: exactly one exact; at most one prefix, suffix
                assert isinstance(selector["exact"], str) and selector["exact"]
                assert isinstance(selector.get("prefix", ""), str) and isinstance(selector.get("suffix", ""), str)
                at = text.find(selector["prefix"] + selector["exact"] + selector["suffix"])
                assert at >= 0
                segments.add((at + len(selector["prefix"]), at + len(selector["prefix"]) + len(selector["exact"])))
            elif selector["type"] == "TextPositionSelector":  # 4.2.5: exactly one start and end, non-negative
                start, end = selector["start"], selector["end"]
                assert isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)
                segments.add((start, end))
            else:
                raise AssertionError(selector)
        assert len(segments) == 1  # 4.2: several selectors MUST select the same segment


def test_annotations_follow_every_must_of_the_web_annotation_model(reviewed: Store) -> None:
    collection = json.loads(render(reviewed, "annotations"))
    # 5.1 collections: the anno context (a single context MUST be a string), one IRI, the type, first
    assert collection["@context"] == ANNO
    assert IRI.match(collection["id"]) and collection["type"] == "AnnotationCollection"
    assert collection["label"].startswith("Evidence for 3 claims from mali.db, audit chain head ")
    found = pages(collection)
    assert found and collection["last"] == found[-1]["id"]
    # 5.2 pages: one IRI, the type, one or more items; partOf the collection; startIndex counts on
    index = 0
    texts = {}
    document = json.loads(render(reviewed, "json"))
    for source in document["sources"]:
        shown = export_text(reviewed, source["id"])
        texts[source["url"] or f"urn:sha256:{source['content_sha256']}"] = shown
    for page in found:
        assert IRI.match(page["id"]) and page["type"] == "AnnotationPage" and page["items"]
        assert page["partOf"] == collection["id"] and page["startIndex"] == index
        for annotation in page["items"]:
            assert "@context" not in annotation  # embedded: the collection's context applies
            check_annotation(annotation, texts)
        index += len(page["items"])
    assert collection["total"] == index == 4
    expanded = jsonld.expand(collection, {"documentLoader": anno_loader})
    oa = "http://www.w3.org/ns/oa#"
    first = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]
    items = first["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert items[0]["@type"] == [f"{oa}Annotation"]
    assert items[0][f"{oa}motivatedBy"] == [{"@id": f"{oa}linking"}]
    selectors = items[0][f"{oa}hasTarget"][0][f"{oa}hasSelector"]
    assert {"@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger", "@value": 197} in [
        s[f"{oa}start"][0] for s in selectors if f"{oa}start" in s
    ]


def test_annotations_are_paged(reviewed: Store) -> None:
    from workbench.export.annotations import write_annotations
    from workbench.export.records import claim_ids, provenance

    out = io.StringIO()
    with reviewed.read() as connection:
        ids = claim_ids(connection, status="verified")
        prov = provenance(connection, store="mali.db", reviewer="ana", status="verified")
        assert write_annotations(out, connection, prov, ids, base_url="https://x.example", page=3) == 4
    collection = json.loads(out.getvalue())
    found = pages(collection)
    assert [len(p["items"]) for p in found] == [3, 1] and [p["startIndex"] for p in found] == [0, 3]
    assert found[1]["id"] == collection["last"] == f"https://x.example/exports/{prov.chain_head}/annotations/page/1"


def export_text(store: Store, source_id: int) -> str:

    return fetch(store, read.source, source_id).text


def bundle(store: Store, target: Path) -> Path:
    export(store=store, format="bundle", target=target, label="mali.db", reviewer="ana")
    return target


def test_a_bundle_verifies_and_holds_texts_claims_annotations_and_events(reviewed: Store, tmp_path: Path) -> None:
    folder = bundle(reviewed, tmp_path / "b")
    assert verify_bundle(folder) == []
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    originals = sorted(p.name for p in (folder / "originals").iterdir())
    assert names == ["annotations.jsonld", "audit.jsonl", "claims.jsonl", "manifest.json",
                     *(f"originals/{o}" for o in originals), "sources/1.txt", "sources/2.txt"]  # fmt: skip
    samples = {hashlib.sha256(p.read_bytes()).hexdigest(): p.read_bytes() for p in SAMPLES.glob("*.md")}
    assert len(originals) == 2 and all((folder / "originals" / o).read_bytes() == samples[o] for o in originals)
    assert (folder / "sources" / "1.txt").read_text(encoding="utf-8") == export_text(reviewed, 1)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["exported_by"] == "ana" and manifest["store"] == "mali.db"
    events = [json.loads(line) for line in (folder / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events[-1]["hash"] == manifest["chain_head"]["hash"]
    actions = [e["action"] for e in events]
    assert {"source.import", "claim.create", "claim.status", "contradiction.resolve"} <= set(actions)
    assert actions.count("source.import") == 2  # the sources cited, and their outlets with them


def test_one_byte_changed_in_any_file_of_a_bundle_fails_naming_that_file(reviewed: Store, tmp_path: Path) -> None:
    original = bundle(reviewed, tmp_path / "original")
    names = sorted(p.relative_to(original).as_posix() for p in original.rglob("*") if p.is_file())
    for number, name in enumerate(names):
        copy = tmp_path / f"copy{number}"
        shutil.copytree(original, copy)
        path = copy / name
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle] = ord("x") if data[middle] != ord("x") else ord("y")
        path.write_bytes(bytes(data))
        problems = verify_bundle(copy)
        assert any(p.startswith(f"{name}:") for p in problems), (name, problems)


def test_a_changed_quote_is_named_by_claim_and_evidence(reviewed: Store, tmp_path: Path) -> None:
    folder = bundle(reviewed, tmp_path / "b")
    text = (folder / "sources" / "1.txt").read_text(encoding="utf-8")
    (folder / "sources" / "1.txt").write_text(text.replace("at least five T-72B3", "at least nine T-72B3"), "utf-8")
    problems = verify_bundle(folder)
    assert any(p.startswith("sources/1.txt: altered") for p in problems)
    assert any("claim 1, evidence 1: the quote is not at 197:217 of sources/1.txt" in p for p in problems)


def test_a_zip_bundle_tampered_with_in_transit_fails(reviewed: Store, tmp_path: Path) -> None:
    archive = bundle(reviewed, tmp_path / "b.zip")
    assert verify_bundle(archive) == []
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "claims.jsonl":
                data = data.replace(b'"credibility":2', b'"credibility":1')
            target.writestr(info, data)
    problems = verify_bundle(tampered)
    assert {p.split(":")[0] for p in problems} == {"claims.jsonl"}
    assert "claims.jsonl: line 2: claim 1: its credibility is not what audit event #" in "\n".join(problems)


def test_export_command_writes_files_whole_or_not_at_all(reviewed: Store, db_path: Path, tmp_path: Path) -> None:
    cli = Cli(db_path, reviewer="ana")
    out = tmp_path / "out" / "verified.json"
    out.parent.mkdir()
    run = cli("export", "-o", str(out))
    assert run.code == Exit.ok and run.stdout == "" and json.loads(out.read_text(encoding="utf-8"))["claims"]
    before = out.read_bytes()
    refused = cli("export", "--claim", "99", "-o", str(out))
    assert refused.code == Exit.refused and refused.stderr.strip() == "error: no claim with id 99"
    assert out.read_bytes() == before and sorted(p.name for p in out.parent.iterdir()) == ["verified.json"]
    missing = cli("export", "--format", "claimreview")
    assert missing.code == Exit.refused and "needs --publisher and --base-url" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_bundle_command_and_its_verification(reviewed: Store, db_path: Path, tmp_path: Path) -> None:
    cli = Cli(db_path, reviewer="ana")
    target = tmp_path / "mali.zip"
    made = cli("export", "--format", "bundle", "-o", str(target))
    assert made.code == Exit.ok and "manifest sha256" in made.stderr
    assert cli("bundle", "verify", str(target)).stdout.startswith("bundle ok")
    manifest = made.stderr.strip().rsplit(" ", 1)[1]
    assert cli("bundle", "verify", str(target), "--expect", manifest).code == Exit.ok
    assert cli("bundle", "verify", str(target), "--expect", "0" * 64).code == Exit.refused
    again = cli("export", "--format", "bundle", "-o", str(target))
    assert again.code == Exit.refused and "exists" in again.stderr
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("extra.txt", "smuggled")
    failed = cli("bundle", "verify", str(target))
    assert failed.code == Exit.refused and "FAILED: extra.txt: not in the manifest" in failed.stderr


def test_an_export_file_gets_the_usual_permissions_and_a_missing_folder_is_one_line(
    reviewed: Store, db_path: Path, tmp_path: Path
) -> None:
    cli = Cli(db_path, reviewer="ana")
    out = tmp_path / "verified.csv"
    assert cli("export", "-f", "csv", "-o", str(out)).code == Exit.ok
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    missing = cli("export", "-o", str(tmp_path / "no" / "such" / "folder.json"))
    assert missing.code == Exit.refused and missing.stderr.startswith("error: cannot write ")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_bundle_crafted_to_break_the_checker_is_reported_not_obeyed(reviewed: Store, tmp_path: Path) -> None:
    folder = bundle(reviewed, tmp_path / "b")
    claims = folder / "claims.jsonl"
    lines = claims.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[1] = lines[1].replace('"evidence":[', '"evidence":"x","was":[', 1)
    claims.write_text("\n".join([*lines, "[1]", "{" * 100_000, '{"type":"source"}']), encoding="utf-8")
    (folder / "audit.jsonl").write_text('{"seq":"x"}\n', encoding="utf-8")
    (folder / "sources" / "link.txt").symlink_to("/dev/zero")
    problems = verify_bundle(folder)
    for expected in ["claims.jsonl: line 2: not a record of the expected shape", "claims.jsonl: line 7: not a record",
                     "claims.jsonl: line 8: not JSON", "claims.jsonl: line 9: not a record of the expected shape",
                     "audit.jsonl: line 1: not an audit event", "sources/link.txt: not a regular file"]:  # fmt: skip
        assert any(p.startswith(expected) for p in problems), (expected, problems)


def test_texts_with_unicode_line_breaks_bundle_and_verify(store: Store, tmp_path: Path) -> None:
    from tests.tui_helpers import import_text

    source = import_text(store, "Seen at dawn\u2028b: three drones\x85 over the base.", title="Breaks")
    claim = create_claim(store=store, actor="ana", text="Three drones over the base",
                         evidence=[EvidenceSpec(source, Quote("b: three drones"))])  # fmt: skip
    update_claim(store=store, actor="ana", claim_id=claim.id, status="verified")
    assert verify_bundle(bundle(store, tmp_path / "b.zip")) == []


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_duplicate_zip_entries_are_refused(reviewed: Store, tmp_path: Path) -> None:
    archive = bundle(reviewed, tmp_path / "b.zip")
    doubled = tmp_path / "doubled.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(doubled, "w") as target:
        target.writestr("claims.jsonl", b"forged")
        for info in source.infolist():
            target.writestr(info, source.read(info))
    assert "claims.jsonl: appears more than once in the zip" in verify_bundle(doubled)


def test_a_zip_bundle_is_the_same_bytes_every_time_and_a_bad_target_is_one_line(
    reviewed: Store, db_path: Path, tmp_path: Path
) -> None:
    first, second = bundle(reviewed, tmp_path / "1.zip"), bundle(reviewed, tmp_path / "2.zip")
    assert first.read_bytes() == second.read_bytes()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    run = Cli(db_path, reviewer="ana")("export", "-f", "bundle", "-o", str(tmp_path / "afile" / "b.zip"))
    assert (
        run.code == Exit.refused and run.stderr.startswith("error: cannot write ") and len(run.stderr.splitlines()) == 1
    )


def test_an_empty_annotation_collection_has_no_pages_and_ids_need_an_absolute_base_url(reviewed: Store) -> None:
    empty = json.loads(render(reviewed, "annotations", status="draft"))
    assert empty["total"] == 0 and "first" not in empty and "last" not in empty
    with pytest.raises(InvalidInput, match="absolute http"):
        render(reviewed, "annotations", base_url="not a url")


def test_claims_carry_their_facts_once_matching_has_derived_them(reviewed: Store) -> None:
    from workbench.relations import run_match

    before = json.loads(render(reviewed, "json"))
    assert {c["id"]: c["facts"] for c in before["claims"]} == {1: None, 2: None, 3: None}  # not derived yet
    run_match(store=reviewed, actor="ana")
    claims = {c["id"]: c for c in json.loads(render(reviewed, "json"))["claims"]}
    [five] = claims[1]["facts"]
    assert (five["text"], five["value"], five["qualifier"], five["event"]) == (
        "At least five T-72B3",
        "at least 5 T-72B3",
        "at_least",
        "deliver",
    )
    assert claims[3]["facts"] == []  # "small boats": no figure


def test_a_suggestion_is_exported_with_its_rule_and_spans_as_stored(reviewed: Store) -> None:
    from workbench.relations import run_match

    create_claim(store=reviewed, actor="ana", text="At least 50 T-72B3 tanks were delivered to Mali")
    assert run_match(store=reviewed, actor="ana").new
    with reading(reviewed) as connection:
        rows = connection.execute(select(RELATION.c.id, RELATION.c.detail).where(RELATION.c.detail.is_not(None)))
        stored = {relation_id: json.loads(detail) for relation_id, detail in rows}
    assert stored
    for form in ("json", "jsonl"):
        text = render(reviewed, form)
        lines = [json.loads(line) for line in text.splitlines()] if form == "jsonl" else json.loads(text)["claims"]
        listed = {r["id"]: r["detail"] for c in lines if "relations" in c for r in c["relations"]}
        assert {i: listed[i] for i in stored} == stored  # under each claim of the pair, the rule and both spans
        assert all(r["detail"]["rule"] for r in (x for c in lines for x in c.get("relations", [])) if r["detail"])


def _relisted(folder: Path) -> None:
    """Make the manifest agree with the folder again (hashes and digest), as a forger would."""
    from workbench.export.bundle import manifest_digest

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
    manifest["digest"] = manifest_digest(manifest)
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (folder / "manifest.json").write_text(data, encoding="utf-8")


def test_an_original_changed_or_dropped_with_the_manifest_recomputed_still_fails(
    reviewed: Store, tmp_path: Path
) -> None:
    folder = bundle(reviewed, tmp_path / "b")
    first = sorted((folder / "originals").iterdir())[0]
    first.write_bytes(first.read_bytes().replace(b"five", b"nine"))
    _relisted(folder)
    assert any(p.startswith(f"originals/{first.name}: altered") for p in verify_bundle(folder))
    first.unlink()
    _relisted(folder)
    assert any("original" in p and "is missing" in p for p in verify_bundle(folder))
