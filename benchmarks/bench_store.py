"""Store benchmark: import speed and claim creation speed, against raw sqlite3 inserts of the same rows.

Run:  python benchmarks/bench_store.py [--articles 2000] [--claims 100000] [--seed 7]

Generates seeded articles of realistic length and wording, writes them as Markdown files, and
imports them through the same path as `workbench import` (read_file + import_documents, one
transaction per file). Then creates claims with evidence through the bulk service
(create_claims) and, for reference, through the one-claim-per-transaction service
(create_claim). The baseline is raw sqlite3 `executemany` of identical rows into an identical
schema with the same pragmas, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from store import open_store
from store.models import AuditEvent, Claim, Evidence, Outlet, Source
from workbench.claims import EvidenceSpec, NewClaim, create_claim, create_claims
from workbench.ingest import read_file
from workbench.ingest.document import Document
from workbench.sources import import_documents
from workbench.spans import Offsets

COUNTRIES = ["Mali", "Niger", "Burkina Faso", "Chad", "Sudan", "Libya", "the Central African Republic", "Guinea"]
EQUIPMENT = [
    "T-72B3 tanks", "Mi-17 helicopters", "Mi-24P gunships", "L-39C trainers", "Su-25 attack aircraft",
    "BTR-80A carriers", "BRDM-2 scout cars", "Kamaz trucks", "59N6-TE radars", "Tigr vehicles",
    "VN2C fighting vehicles", "Bayraktar TB2 drones", "Puma M36 APCs", "S-60 anti-aircraft guns",
]  # fmt: skip
SOURCES = [
    "an AFP journalist saw", "two military sources told Reuters", "the defence ministry said",
    "according to a local official", "France says", "satellite images show", "a UN report found",
]  # fmt: skip
NUMBERS = ["two", "three", "four", "five", "six", "a dozen", "at least five", "about 20", "nearly 50", "dozens of"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def sentence(rng: random.Random) -> str:
    """One news sentence with a quantity, an item, a place, a date and an attribution."""
    templates = [
        "{country} has taken delivery of {n} {item} from Russia, {src}.",
        "The delivery on {day} {month} adds to {n} {item} supplied since {year} under closer ties with Moscow.",
        "Officials in {country} received {n} {item} late on Wednesday at a military base near the capital, {src}.",
        "“Today we can say with pride that our army operates independently,” the minister said in {month} {year}.",
        "Analysts said the {item} were likely transported by rail before being flown in from Syria in {month}.",
        "The army of {country} said the new consignment included {n} {item} and “much other material”.",
        "Between {year} and {year2}, {country} received {n} {item}, {src}, although figures vary by outlet.",
    ]
    year = rng.randint(2013, 2024)
    return rng.choice(templates).format(
        country=rng.choice(COUNTRIES),
        n=rng.choice(NUMBERS),
        item=rng.choice(EQUIPMENT),
        src=rng.choice(SOURCES),
        day=rng.randint(1, 28),
        month=rng.choice(MONTHS),
        year=year,
        year2=year + rng.randint(1, 6),
    )


def article(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A 4–7 kB article and the (start, end) code-point spans of its sentences."""
    text, spans = "", []
    target = rng.randint(4000, 7000)
    while len(text) < target:
        paragraph = [sentence(rng) for _ in range(rng.randint(3, 6))]
        for i, s in enumerate(paragraph):
            if i:
                text += " "
            spans.append((len(text), len(text) + len(s)))
            text += s
        text += "\n"
    return text, spans


@dataclass
class Row:
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""
    ok: bool | None = None


def generated_store(
    path: Path, sources: int, claims: int, seed: int, *, outlets: int = 300, urls: bool = False, verified: bool = False
) -> None:
    """A store of ``sources`` generated articles and ``claims`` claims quoting sentences of them.

    Articles go through ``import_documents`` one at a time (as `workbench import` would), claims
    through ``create_claims`` 10,000 at a time. ``urls`` gives every article a URL; ``verified``
    makes every claim verified with a credibility of 1-5 (what exports are about).
    """
    rng = random.Random(seed)
    store = open_store(path)
    spans: list[list[tuple[int, int]]] = []
    texts: list[str] = []
    started = time.perf_counter()
    for i in range(sources):
        text, found = article(rng)
        texts.append(text)
        spans.append(found)
        outlet = f"Outlet {rng.randint(1, outlets)}"
        url = f"https://news{rng.randint(1, 50)}.example/{i}" if urls else None
        document = Document(text=text, format="md", title=f"Report {i}", outlet=outlet, origin=f"report-{i}.md",
                            url=url)  # fmt: skip
        import_documents(store=store, actor="bench", documents=[document])
    imported = time.perf_counter() - started
    batch: list[NewClaim] = []
    for _ in range(claims):
        source = rng.randrange(sources)
        start, end = rng.choice(spans[source])
        evidence = [EvidenceSpec(source + 1, Offsets(start, end))]
        if verified:
            batch.append(NewClaim(texts[source][start:end], evidence, credibility=rng.randint(1, 5), status="verified"))
        else:
            batch.append(NewClaim(texts[source][start:end], evidence))
        if len(batch) == 10_000:
            create_claims(store=store, actor="bench", claims=batch)
            batch = []
    if batch:
        create_claims(store=store, actor="bench", claims=batch)
    store.close()
    print(f"built {path}: {sources:,} sources in {imported:.0f} s, {claims:,} claims in "
          f"{time.perf_counter() - started - imported:.0f} s")  # fmt: skip


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection on a fresh store's schema (triggers included: they fire on
    updates and deletes only), with the same pragmas."""
    with open_store(path):
        pass
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def raw_insert(connection: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    values = [tuple(r[c] for c in columns) for r in rows]
    connection.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)


def copy_rows(store_path: Path, table: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows exactly as the workbench wrote them (ids included), to replay through raw sqlite3."""
    with open_store(store_path) as store, store.read() as connection:
        statement = select(table)
        if limit:
            statement = statement.limit(limit)
        return [dict(r) for r in connection.execute(statement).mappings()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=2000, help="claims created one transaction each")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[Row] = []

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        spans_by_article: list[list[tuple[int, int]]] = []
        total_bytes = 0
        for i in range(args.articles):
            text, spans = article(rng)
            spans_by_article.append(spans)
            total_bytes += len(text.encode())
            outlet = rng.choice(["AFP", "Reuters", "Military Africa", "RFI", "Le Monde", "BBC"])
            published = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
            front = f"---\noutlet: {outlet}\ntitle: Article {i}\npublished: {published}\n---\n"
            (folder / f"{i:06d}.md").write_text(front + text, encoding="utf-8")

        # Import: the same path as `workbench import`, one transaction per file.
        db = Path(tmp) / "bench.db"
        store = open_store(db)
        files = sorted(folder.glob("*.md"))

        def run_import() -> int:
            count = 0
            for path in files:
                count += len(import_documents(store=store, actor="bench", documents=read_file(path)))
            return count

        seconds, _ = timed(run_import)
        import_mbps = total_bytes / seconds / 1e6

        # Bulk claims through the service, in batches of 10,000.
        plan: list[NewClaim] = []
        for n in range(args.claims):
            source = rng.randrange(args.articles)
            start, end = rng.choice(spans_by_article[source])
            plan.append(
                NewClaim(
                    text=f"Claim {n}: deliveries reported in source {source + 1}",
                    evidence=[EvidenceSpec(source + 1, Offsets(start, end))],
                    credibility=rng.randint(1, 6),
                )
            )

        def run_bulk() -> int:
            for at in range(0, len(plan), 10_000):
                create_claims(store=store, actor="bench", claims=plan[at : at + 10_000])
            return len(plan)

        bulk_seconds, _ = timed(run_bulk)
        bulk_rate = args.claims / bulk_seconds

        def run_single() -> int:
            for item in plan[: args.single]:
                create_claim(store=store, actor="bench", text=item.text, evidence=item.evidence)
            return args.single

        single_seconds, _ = timed(run_single)
        single_rate = args.single / single_seconds
        store.close()

        # Baseline: the same rows through raw sqlite3 executemany, one transaction per batch.
        outlets = copy_rows(db, Outlet.__table__)  # type: ignore[attr-defined]
        sources = copy_rows(db, Source.__table__)  # type: ignore[attr-defined]
        claims = copy_rows(db, Claim.__table__, args.claims)  # type: ignore[attr-defined]
        evidence = copy_rows(db, Evidence.__table__, args.claims)  # type: ignore[attr-defined]
        events = copy_rows(db, AuditEvent.__table__)  # type: ignore[attr-defined]
        claim_events = [e for e in events if e["action"] == "claim.create"][: args.claims]
        raw = raw_connection(Path(tmp) / "raw.db")
        raw_insert(raw, "outlet", outlets)
        start = time.perf_counter()
        for source_row in sources:  # one transaction per article, as import does
            raw.execute("BEGIN IMMEDIATE")
            raw_insert(raw, "source", [source_row])
            raw.execute("COMMIT")
        raw_import_mbps = sum(len(s["text"].encode()) for s in sources) / (time.perf_counter() - start) / 1e6
        start = time.perf_counter()
        for at in range(0, len(claims), 10_000):
            raw.execute("BEGIN IMMEDIATE")
            raw_insert(raw, "claim", claims[at : at + 10_000])
            raw_insert(raw, "evidence", evidence[at : at + 10_000])
            raw_insert(raw, "audit_event", claim_events[at : at + 10_000])
            raw.execute("COMMIT")
        raw_claim_rate = len(claims) / (time.perf_counter() - start)
        raw.close()

    ratio = raw_claim_rate / bulk_rate
    rows += [
        Row("import, text", import_mbps, "MB/s", raw_import_mbps, "≥ 2 MB/s", import_mbps >= 2),
        Row("claims, bulk (create_claims)", bulk_rate, "claims/s", raw_claim_rate, "within 10× of raw", ratio <= 10),
        Row("claims, one transaction each (create_claim)", single_rate, "claims/s", raw_claim_rate, "interactive"),
    ]
    print(f"articles: {args.articles} ({total_bytes / 1e6:.1f} MB of text), claims: {args.claims:,}, seed {args.seed}")
    print("each claim = 1 claim row + 1 evidence row + 1 audit event")
    print("baseline = raw sqlite3 executemany of the same rows, same schema and pragmas, same run\n")
    header = f"{'metric':<46} {'value':>12} {'unit':<9} {'raw sqlite3':>12} {'raw/value':>9}  {'target':<18} ok"
    print(header)
    print("-" * len(header))
    for r in rows:
        baseline = f"{r.baseline:,.1f}" if r.baseline is not None else "–"
        slower = f"{r.baseline / r.value:.1f}×" if r.baseline else "–"
        verdict = "–" if r.ok is None else ("yes" if r.ok else "NO")
        print(f"{r.metric:<46} {r.value:>12,.1f} {r.unit:<9} {baseline:>12} {slower:>9}  {r.target:<18} {verdict}")


if __name__ == "__main__":
    main()
