"""schema.org ClaimReview JSON-LD, one per claim, as fact-check databases and search engines read them.

Every property Google's fact-check guidance requires or recommends is written: ``claimReviewed``,
``reviewRating`` (``ratingValue``, ``bestRating``, ``worstRating``, ``alternateName``), ``url``,
``author``, ``datePublished`` and ``itemReviewed``, a ``Claim`` with its ``appearance`` (every
source supporting or stating it) and ``firstAppearance`` (the earliest dated one).

The rating is the claim's Admiralty credibility, best first (see ``RATINGS``). Credibility 6,
"truth cannot be judged", is not a verdict: such claims are left out and counted, never given a
number they do not have.
"""

from __future__ import annotations

from typing import Any, TextIO

from sqlalchemy import Connection

from store.vocabulary import CREDIBILITIES, CREDIBILITY_WORDS
from workbench.export.formats import dumps
from workbench.export.records import Provenance, Sources, iter_claim_batches

BEST, WORST = 5, 1
#: Admiralty credibility -> (ratingValue on a 1–5 scale, 5 best; alternateName, the scale's words).
#: 6 ("cannot be judged") is no verdict and has no rating.
RATINGS = {value: (BEST + 1 - value, CREDIBILITY_WORDS[value].capitalize()) for value in CREDIBILITIES if value != 6}


def _appearance(source: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if source.get("url"):
        work["url"] = source["url"]
    if source.get("title"):
        work["headline"] = source["title"]
    if source.get("published_at"):
        work["datePublished"] = source["published_at"]
    if source.get("author"):
        work["author"] = {"@type": "Person", "name": source["author"]}
    if source.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": source["outlet"]["name"]}
    work["identifier"] = f"urn:sha256:{source['content_sha256']}"  # of the text the evidence quotes
    return work


def claim_review(
    claim: dict[str, Any], sources: dict[int, dict[str, Any]], *, publisher: str, base_url: str
) -> dict[str, Any] | None:
    """The ClaimReview of one claim, or ``None`` when its credibility is 6 (cannot be judged)."""
    rating = RATINGS.get(claim["credibility"])
    if rating is None:
        return None
    value, name = rating
    url = f"{base_url.rstrip('/')}/claims/{claim['id']}"
    cited = []
    for evidence in claim["evidence"]:
        if (
            evidence["stance"] != "refutes"
            and evidence["current"]
            and evidence["anchor_status"] != "orphaned"
            and evidence["retracted"] is None
            and evidence["source_id"] in sources
        ):
            source = sources[evidence["source_id"]]
            if source not in cited:
                cited.append(source)
    appearances = [_appearance(s) for s in cited]
    dated = sorted((s for s in cited if s.get("published_at")), key=lambda s: str(s["published_at"]))
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
    if dated or appearances:
        item["firstAppearance"] = _appearance(dated[0]) if dated else appearances[0]
    if dated:
        item["datePublished"] = dated[0]["published_at"]
        first_outlet = dated[0].get("outlet")
        if first_outlet:
            item["author"] = {"@type": "Organization", "name": first_outlet["name"]}
    organisation = {"@type": "Organization", "name": publisher, "url": base_url}
    return {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "claimReviewed": claim["text"],
        "datePublished": claim["updated_at"][:10],
        "author": organisation,
        "publisher": organisation,
        # who did the review work and who signed it off (schema.org CreativeWork contributor / editor)
        "contributor": {"@type": "Person", "name": claim["reviewed_by"]},
        **({"editor": {"@type": "Person", "name": claim["approved_by"]}} if claim["approved_by"] else {}),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
        },
        "itemReviewed": item,
    }


def write_claimreview(
    out: TextIO, connection: Connection, prov: Provenance, ids: list[int], *, publisher: str, base_url: str
) -> tuple[int, int]:
    """A JSON-LD graph: the export described as a Dataset, then a ClaimReview per claim.

    Returns (reviews written, claims left out for credibility 6).
    """
    dataset = {
        "@type": "Dataset",
        "@id": f"{base_url.rstrip('/')}/exports/{prov.chain_head}",
        "name": f"Claim reviews exported from {prov.store}",
        "dateCreated": prov.exported_at,
        "creator": {"@type": "Person", "name": prov.reviewer},
        "publisher": {"@type": "Organization", "name": publisher, "url": base_url},
        "isBasedOn": f"urn:sha256:{prov.chain_head}",
        "description": f"Made from audit chain head {prov.chain_head} (event {prov.chain_seq}) "
        f"of store {prov.store_id}.",
    }
    out.write('{"@context": "https://schema.org",\n "@graph": [\n  ' + dumps(dataset))
    sources = Sources(connection)
    written = skipped = 0
    for batch in iter_claim_batches(connection, ids, with_relations=False):
        known = sources.fetch(batch)
        for claim in batch:
            review = claim_review(claim, known, publisher=publisher, base_url=base_url)
            if review is None:
                skipped += 1
                continue
            out.write(",\n  " + dumps(review))
            written += 1
    out.write("\n ]\n}\n")
    return written, skipped
