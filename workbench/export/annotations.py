"""W3C Web Annotation Data Model JSON-LD: an AnnotationCollection whose pages hold one Annotation per evidence link.

Each Annotation says "this span of this source is evidence for this claim":

- ``target``: a SpecificResource whose ``source`` is the article's URL, or ``urn:sha256:`` of
  its stored text when it has none, with a TextQuoteSelector (exact, prefix, suffix) and, for
  anchored evidence, a TextPositionSelector (code points of the stored text, as the model counts
  them). Both select the same segment, as the model requires of multiple selectors.
- ``body``: the claim's IRI (a SpecificResource, purpose ``identifying``), its text (a
  TextualBody, purpose ``describing``, with no IRI: the W3C test suite reads an embedded body
  with an ``id`` and a ``purpose`` as an external resource, which may not carry a purpose) and
  the stance (``supports``, ``refutes``, ``mentions``; purpose ``tagging``).
- ``motivation``: ``linking`` (the span is linked to a claim about it); ``creator`` and
  ``created``: who linked it and when; ``generator`` and ``generated``: this export.

Identifiers are IRIs under ``--base-url`` when given, else ``urn:uuid:`` names derived from the
store's identity (the hash of its first audit event), so the same evidence gets the same IRI in
every export of that store and never collides with another store's.

The collection embeds its pages in order (``first``, each page's ``next``), ``PAGE`` annotations
each; embedded annotations take the collection's ``@context``, as the model prescribes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import Connection

from workbench import __version__
from workbench.export.formats import dumps
from workbench.export.records import Provenance, Sources, count_evidence, iter_claim_batches

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PAGE = 1000


class Names:
    """IRIs of the things an annotation export names."""

    def __init__(self, prov: Provenance, base_url: str | None) -> None:
        self.base = base_url.rstrip("/") if base_url else None
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:claim-workbench:store:{prov.store_id}")
        self.prov = prov

    def __call__(self, *path: object) -> str:
        """The IRI of ``path`` (``("claims", 3)`` -> ``…/claims/3``)."""
        joined = "/".join(str(p) for p in path)
        if self.base:
            return f"{self.base}/{joined}"
        return f"urn:uuid:{uuid.uuid5(self.namespace, joined)}"


def target_source(source: dict[str, Any]) -> str:
    """The target's source IRI: the article's URL, else the SHA-256 of its stored text."""
    return str(source["url"]) if source.get("url") else f"urn:sha256:{source['content_sha256']}"


def annotation(claim: dict[str, Any], evidence: dict[str, Any], source: dict[str, Any], names: Names) -> dict[str, Any]:
    """One evidence link as an Annotation."""
    selectors = [dict(s) for s in evidence["selectors"]]
    target: dict[str, Any] = {"type": "SpecificResource", "source": target_source(source)}
    target["selector"] = selectors if len(selectors) > 1 else selectors[0]
    return {
        "id": names("annotations", evidence["id"]),
        "type": "Annotation",
        "motivation": "linking",
        "created": evidence["created_at"],
        "creator": {"type": "Person", "nickname": evidence["created_by"]},
        "body": [
            # the claim itself, by its IRI: a resource with a purpose is a SpecificResource (4.1)
            {"type": "SpecificResource", "source": names("claims", claim["id"]), "purpose": "identifying"},
            # its wording; an embedded TextualBody has no IRI of its own, or it reads as an external resource
            {"type": "TextualBody", "purpose": "describing", "value": claim["text"], "format": "text/plain"},
            {"type": "TextualBody", "purpose": "tagging", "value": evidence["stance"], "format": "text/plain"},
        ],
        "target": target,
    }


def _annotations(connection: Connection, ids: list[int], names: Names) -> Iterator[dict[str, Any]]:
    sources = Sources(connection)
    for batch in iter_claim_batches(connection, ids, with_relations=False):
        known = sources.fetch(batch)
        for claim in batch:
            for evidence in claim["evidence"]:
                # an orphaned quote is no longer in that text; a retracted link was withdrawn
                if evidence["anchor_status"] != "orphaned" and evidence["retracted"] is None:
                    yield annotation(claim, evidence, known[evidence["source_id"]], names)


def write_annotations(
    out: TextIO, connection: Connection, prov: Provenance, ids: list[int], *, base_url: str | None, page: int = PAGE
) -> int:
    """The collection with its pages embedded one inside the next; returns the number of annotations."""
    names = Names(prov, base_url)
    total = count_evidence(connection, ids)
    pages = -(-total // page)
    collection = {
        "@context": CONTEXT,
        "id": names("exports", prov.chain_head, "annotations"),
        "type": "AnnotationCollection",
        "label": f"Evidence for {len(ids)} claims from {prov.store}, audit chain head {prov.chain_head} "
        f"(event {prov.chain_seq}), exported by {prov.reviewer}",
        "total": total,
        "creator": {"type": "Person", "nickname": prov.reviewer},
        "created": prov.exported_at,
        "generator": {
            "id": "https://pypi.org/project/claim-workbench/",
            "type": "Software",
            "name": f"claim-workbench {__version__}",
        },
        "generated": prov.exported_at,
    }
    if not pages:  # an empty collection has no pages: a page MUST hold one or more annotations
        out.write(dumps(collection) + "\n")
        return 0
    collection["last"] = names("exports", prov.chain_head, "annotations", "page", pages - 1)
    head = dumps(collection)
    out.write(head[:-1] + ', "first": ')
    written = 0
    items = _annotations(connection, ids, names)
    for number in range(pages):
        page_id = names("exports", prov.chain_head, "annotations", "page", number)
        header = {"id": page_id, "type": "AnnotationPage", "partOf": collection["id"], "startIndex": number * page}
        out.write(dumps(header)[:-1] + ', "items": [')
        for index in range(page):
            item = next(items, None)
            if item is None:
                break
            out.write(("\n  " if index == 0 else ",\n  ") + dumps(item))
            written += 1
        if number + 1 < pages:
            out.write('\n ], "next": ')
        else:
            out.write("\n ]")
    out.write("}" * pages + "}\n")
    return written
