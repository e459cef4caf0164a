"""Relations between claims: duplicate and contradiction suggestions, and reviewers' decisions on them.

Every change is audited: each suggestion stored, each decision. A run of the matcher never
touches a pair a reviewer has decided (confirmed, dismissed or resolved, of either kind): a
dismissed pair stays dismissed and a decision is never overridden.
"""

from __future__ import annotations

import gc
import threading
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from store import Store, audit
from store.audit import Change, EventDraft, canonical, snapshot
from store.clock import now_iso
from store.vocabulary import ASPECTS, DECIDED, DUPLICATE_DECISIONS, WINNERS, Aspect, DuplicateDecision, RelationKind
from workbench import journal, read
from workbench.access import acting, maintaining, reading, writing
from workbench.checks import check_note, one_of
from workbench.errors import InvalidInput, NotFound
from workbench.figures import figure
from workbench.matching.rules import ClaimText, Values
from workbench.models import RelationRead
from workbench.sql import CLAIM as _CLAIM
from workbench.sql import RELATION as _RELATION
from workbench.sql import chunks

if TYPE_CHECKING:
    from workbench.facts.engine import Loaded
    from workbench.matching.engine import Match


@dataclass(frozen=True)
class MatchReport:
    """What a run of the matcher found and stored."""

    claims: int
    #: Every suggestion the run stored or left standing, by pair (read from the store as asked for).
    suggestions: Sequence[RelationRead]
    new: int
    updated: int
    withdrawn: int
    kept_decisions: int
    seconds: float
    #: Claims judged again as new or changed since the last run (``None``: a full run judged all).
    changed: int | None = None


def load_claims(connection: Connection, ids: Iterable[int] | None = None, *, merged: bool = False) -> list[ClaimText]:
    """Claims with their parsed values, as the matcher reads them (claims merged into others only if ``merged``)."""
    # `c.items` would be the column collection's items() method: index the column by name
    keys = _CLAIM.c["items"].label("item_keys")
    statement = select(_CLAIM.c.id, _CLAIM.c.text, _CLAIM.c.quantity, _CLAIM.c.date, keys)
    if ids is not None:
        statement = statement.where(_CLAIM.c.id.in_(list(ids)))
    if not merged:  # a claim merged into another is that one now: matched and suggested as the survivor
        statement = statement.where(_CLAIM.c.merged_into.is_(None))
    return [
        ClaimText(row.id, row.text, Values.from_columns(row.quantity, row.date, row.item_keys))
        for row in connection.execute(statement.order_by(_CLAIM.c.id))
    ]


def _suggestion_values(match: Any, now: str) -> dict[str, Any]:
    detail = {"reason": match.verdict.reason, **match.verdict.detail}
    return {
        "a": match.a,
        "b": match.b,
        "kind": match.verdict.kind,
        "status": "suggested",
        "score": float(match.score),
        "detail": canonical(detail),
        "note": None,
        "decided_by": None,
        "decided_at": None,
        "created_at": now,
        "aspect": match.verdict.aspect,
        "winner": None,
    }


def _matches(
    connection: Connection, threshold: float, *, across_stories: bool, full: bool
) -> tuple[list[Any], set[int] | None, set[int] | None, Loaded]:
    """Suggestions by facts, and by wording for claims without figures.

    Two claims that both state figures are judged by their facts alone (``workbench.facts``):
    wording never makes "seven killed" and "40 injured" one claim. A claim without figures can
    only be compared by its wording (``workbench.matching``), which suggests duplicates, and
    contradictions about which equipment (same wording, different designators); boilerplate
    lines are left out of both.

    Returns the suggestions, the claims new or changed since the last run (``None``: a full run),
    the claims whose pairs were judged again (``None``: all of them), and the run as loaded. Unless ``full``, only
    pairs holding a claim changed since the last run are judged (``engine.Loaded.changed``).
    """
    from workbench.facts import engine

    run = engine.load_run(connection, settings=f"across={across_stories} threshold={float(threshold)}")
    changed = None if full else run.changed()
    # every claim changed (the first run after an upgrade): judged as a full run, unrestricted
    scope = None if changed is not None and len(changed) >= len(run.shallow) else changed
    by_facts = engine.find_run(connection, run, across_stories=across_stories, changed=scope)
    found: dict[tuple[int, int], Any] = {(m.a, m.b): m for m in by_facts}
    figures = {c.id for c, keys in zip(run.shallow, run.packed, strict=True) if keys}
    furniture = {c.id for c in run.shallow if c.boilerplate}
    # wording decides only pairs holding a claim without figures (and no furniture): without
    # one in the store (a partner may be a claim unchanged since the last run), it has nothing to add
    plain = any(c.id not in figures and not c.boilerplate for c in run.shallow)
    wording = plain and (changed is None or bool(changed))
    for m in _by_wording(connection, run, threshold, figures, furniture, scope) if wording else []:
        if (m.a in figures and m.b in figures) or m.a in furniture or m.b in furniture or (m.a, m.b) in found:
            continue
        if scope is not None and m.a not in scope and m.b not in scope:
            continue
        if m.verdict.kind == "duplicate" or m.verdict.aspect == "entity":
            found[(m.a, m.b)] = m
    from workbench.meaning import by_meaning  # deferred like the engines

    for pair in by_meaning(connection, run, across_stories=across_stories):
        if (pair.a, pair.b) not in found and pair.a not in furniture and pair.b not in furniture:
            found[(pair.a, pair.b)] = pair
    return sorted(found.values(), key=lambda m: (m.a, m.b)), changed, scope, run


def _by_wording(
    connection: Connection,
    run: Loaded,
    threshold: float,
    figures: set[int],
    furniture: set[int],
    scope: set[int] | None,
) -> list[Match]:
    """Wording's suggestions for the pairs only wording can judge: a claim without figures in each.

    Only pairs holding such a claim (and no boilerplate line, and, in an incremental run, a
    changed claim) are found and scored: two claims with figures are the facts' to judge, and
    finding their pairs first would cost a store of templated reports gigabytes. Pairs are
    found from each claim's stored words; only the claims of those pairs are read and normalised.
    """
    import numpy as np

    from workbench.matching.blocking import FEW
    from workbench.matching.engine import match_words
    from workbench.matching.normalize import matchable

    ids = np.asarray([c.id for c in run.shallow], dtype=np.int64)
    furnished = np.isin(ids, np.fromiter(furniture, dtype=np.int64, count=len(furniture)))
    plain = ~np.isin(ids, np.fromiter(figures, dtype=np.int64, count=len(figures))) & ~furnished
    changed = None if scope is None else np.isin(ids, np.fromiter(scope, dtype=np.int64, count=len(scope)))

    def keep(pairs: Any) -> Any:
        left, right = pairs[:, 0], pairs[:, 1]
        kept = ~furnished[left] & ~furnished[right] & (plain[left] | plain[right])
        return kept if changed is None else kept & (changed[left] | changed[right])

    def read(at: list[int]) -> list[tuple[ClaimText, str]]:
        wanted = [int(ids[i]) for i in at]
        # as the run loaded them: a claim merged since is still the one the run judges
        loaded = {c.id: c for part in chunks(wanted) for c in load_claims(connection, part, merged=True)}
        return [(loaded[claim_id], matchable(loaded[claim_id].text)) for claim_id in wanted]

    if changed is not None and int(changed.sum()) * FEW < len(ids):
        # a run after a few new claims: the pairs holding them, found from their words
        return match_words([words.split() for words in run.words], read, threshold=threshold, wanted=changed, keep=keep)
    vocabulary: dict[str, str] = {}  # one string per distinct word, not one per use: a store says each word often
    tokens = [[vocabulary.setdefault(w, w) for w in words.split()] for words in run.words]
    return match_words(tokens, read, threshold=threshold, wanted=plain, keep=keep)


def _relations_of(connection: Connection, claims: set[int] | None) -> list[Any]:
    """Every relation holding one of ``claims`` (``None``: every relation): all a run may touch."""
    if claims is None:
        return list(connection.execute(select(_RELATION)).mappings())
    found: dict[int, Any] = {}
    for part in chunks(sorted(claims)):
        statement = select(_RELATION).where(or_(_RELATION.c.a.in_(part), _RELATION.c.b.in_(part)))
        found.update((row["id"], row) for row in connection.execute(statement).mappings())
    return [found[key] for key in sorted(found)]


def run_match(
    *, store: Store, actor: str, threshold: float | None = None, across_stories: bool = False, full: bool = False
) -> MatchReport:
    """Find likely duplicate and contradicting claims across the store and store them as suggestions.

    Claims are compared by their facts inside each story (``across_stories`` widens that to the
    whole store), and by wording where they state no figures (see ``_matches``). A run judges
    again only pairs holding a claim that is new or changed since the last run (edited, linked to
    another source, regrouped, or the scope changed); ``full`` judges every pair.

    New pairs become ``suggested`` relations (one ``relation.suggest`` event each); a pair
    already suggested is updated if its kind or score changed (``relation.update``); an
    earlier suggestion this run no longer finds among the pairs it judged (a claim was edited)
    is withdrawn (``relation.withdraw``); a pair a reviewer decided is left alone.

    A run never keeps reviewers waiting: the facts of new claims are worked out outside any
    transaction and stored a part at a time, the pairs are judged on one read snapshot, and the
    suggestions are written in short transactions (``BATCH`` pairs) with a pause between them
    for any other writer. Each part is checked against the store as it is then: a pair a
    reviewer decided meanwhile is left alone, and a pair holding a claim edited, relinked or
    merged meanwhile is left as it was, for the next run to judge.

    ``threshold`` (the wording score for claims without figures) defaults to
    ``workbench.matching.engine.DEFAULT_THRESHOLD``.

    Raises:
        InvalidInput: a threshold outside 0–100.
    """
    # deferred: numpy and the blocking index load only when matching runs, not with every reader
    from workbench.facts import engine
    from workbench.matching.engine import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0 <= threshold <= 100:
        raise InvalidInput(f"threshold must be 0–100, not {figure(threshold)}")
    acting(store, actor)  # before any work: a run that could not be recorded is refused at once
    started = time.perf_counter()
    _refresh(store)
    with reading(store) as connection:
        if connection.dialect.name == "postgresql":  # one snapshot for every query of the run
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        claims = connection.execute(select(func.count()).select_from(_CLAIM)).scalar_one()
        with _uncollected():
            matches, changed, scope, run = _matches(connection, threshold, across_stories=across_stories, full=full)
        found = {(m.a, m.b) for m in matches}
        withdrawn = sorted(
            {(row["a"], row["b"]) for row in _relations_of(connection, scope) if row["status"] == "suggested"} - found
        )
        work: list[tuple[tuple[int, int], Any]] = sorted(
            [((m.a, m.b), m) for m in matches] + [(pair, None) for pair in withdrawn], key=lambda item: item[0]
        )
        versions = _versions(connection, {c for pair, _ in work for c in pair})
    written = _Written()
    for at in range(0, len(work), BATCH):
        began = time.perf_counter()
        with writing(store, actor) as (connection, actor):
            _write(connection, actor, work[at : at + BATCH], versions, written)
        _let_others_write(time.perf_counter() - began)
    with maintaining(store) as connection:
        engine.remember(connection, run, unsettled=written.unsettled)
    suggestions = Suggestions(store, written.by_pair())
    seconds = time.perf_counter() - started
    judged_again = None if changed is None else len(changed)
    return MatchReport(
        claims, suggestions, written.new, written.updated, written.withdrawn, written.kept, seconds, judged_again
    )


#: Pairs written in one transaction of a run; the write lock is let go between two of them.
BATCH = 2000
#: The longest pause between two of a run's transactions (seconds): long enough for every writer
#: waiting for the lock (each tries every 25 ms at most, ``store.engine.RETRY_SECONDS``) to
#: find it free.
PAUSE = 0.1


def _let_others_write(held: float) -> None:
    """Pause as long as the write lock was ``held`` (at most ``PAUSE``): it is free half the time."""
    time.sleep(min(PAUSE, held))


def _refresh(store: Store) -> None:
    """Work out and store the facts of every claim new or edited since the last run, a part at a time.

    The work (most of a first run) is done outside any transaction; each part is stored in a
    short one of its own, with a pause after it for other writers.
    """
    from workbench.facts import engine

    with reading(store) as connection:
        todo = engine.stale(connection)
    with engine.deriver() as derive:
        for at in range(0, len(todo), engine.PARALLEL * 2):
            part = todo[at : at + engine.PARALLEL * 2]
            derived = derive([(claim.text, claim.published) for claim in part])
            began = time.perf_counter()
            with maintaining(store) as connection:
                engine.store(connection, part, derived)
            _let_others_write(time.perf_counter() - began)


def _versions(connection: Connection, ids: Iterable[int]) -> dict[int, tuple[int, int | None]]:
    """Each claim's version and the claim it is merged into: what a write checks has not changed since the read."""
    found: dict[int, tuple[int, int | None]] = {}
    for part in chunks(ids):
        statement = select(_CLAIM.c.id, _CLAIM.c.version, _CLAIM.c.merged_into).where(_CLAIM.c.id.in_(part))
        found.update((row.id, (row.version, row.merged_into)) for row in connection.execute(statement))
    return found


class Suggestions(Sequence["RelationRead"]):
    """A run's suggestions by pair, read from the store a page at a time as they are asked for.

    A first run at a million claims stores millions: the report holds their ids, and what is
    listed (the first fifty, or every one for ``--json``) is read when it is listed, as stored then.
    """

    PAGE = 1000

    def __init__(self, store: Store, ids: list[int]) -> None:
        self._store = store
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> RelationRead: ...
    @overload
    def __getitem__(self, index: slice) -> list[RelationRead]: ...
    def __getitem__(self, index: int | slice) -> RelationRead | list[RelationRead]:
        if isinstance(index, slice):
            return self._read(self._ids[index])
        found = self._read([self._ids[index]])
        if not found:  # a reviewer's merge or correction removed it since the run
            raise IndexError(f"suggestion {self._ids[index]} is no longer stored")
        return found[0]

    def __iter__(self) -> Iterator[RelationRead]:
        for at in range(0, len(self._ids), self.PAGE):
            yield from self._read(self._ids[at : at + self.PAGE])

    def _read(self, ids: list[int]) -> list[RelationRead]:
        """The relations ``ids`` in that order, leaving out any removed since the run."""
        with reading(self._store) as connection:
            found = {r.id: r for r in read.relations_by_id(connection, ids)}
        return [found[i] for i in ids if i in found]


@dataclass
class _Written:
    """What a run's transactions wrote, added up over them."""

    new: int = 0
    updated: int = 0
    withdrawn: int = 0
    kept: int = 0
    #: Every suggestion the run stored or left standing: its pair and id (three integers each,
    #: not the rows: a first run at a million claims leaves millions).
    touched: array[int] = field(default_factory=lambda: array("q"))

    def touch(self, row: dict[str, Any]) -> None:
        self.touched.extend((row["a"], row["b"], row["id"]))

    def by_pair(self) -> list[int]:
        """The ids of the suggestions touched, in order of their pairs."""
        import numpy as np  # deferred like the engines

        rows = np.frombuffer(self.touched, dtype=np.int64).reshape(-1, 3)
        ids: list[int] = rows[np.lexsort((rows[:, 1], rows[:, 0])), 2].tolist()
        return ids

    #: Claims changed since the run read them: their pairs were left for the next run.
    unsettled: set[int] = field(default_factory=set)


def _write(
    connection: Connection,
    actor: str,
    work: list[tuple[tuple[int, int], Any]],
    versions: dict[int, tuple[int, int | None]],
    written: _Written,
) -> None:
    """Write one part of a run: suggest, update or withdraw each pair against the store as it is now."""
    claims = {c for pair, _ in work for c in pair}
    current = _versions(connection, claims)
    moved = {c for c in claims if current.get(c) != versions.get(c)}
    written.unsettled |= moved
    existing = _relations_between(connection, [pair for pair, _ in work])
    now = now_iso()
    new_rows: list[dict[str, Any]] = []
    drafts: list[EventDraft] = []
    for pair, match in work:
        if pair[0] in moved or pair[1] in moved:
            continue
        rows = existing.get(pair, [])
        if match is None:  # the latest run is the queue: a pair it no longer finds is withdrawn
            for row in rows:
                if row["status"] == "suggested":
                    connection.execute(delete(_RELATION).where(_RELATION.c.id == row["id"]))
                    change = Change("claim_relation", row["id"], snapshot("claim_relation", row), None)
                    drafts.append(EventDraft(actor=actor, action="relation.withdraw", change=change))
                    written.withdrawn += 1
            continue
        if any(r["status"] in DECIDED for r in rows):
            written.kept += 1
            continue
        values = _suggestion_values(match, now)
        if not rows:
            new_rows.append(values)
            continue
        row = rows[0]  # the pair's open suggestion: keep it current
        changes = {k: values[k] for k in ("kind", "score", "detail", "aspect") if row[k] != values[k]}
        if not (changes and (changes.keys() - {"detail"} or abs(row["score"] - values["score"]) >= 1)):
            written.touch(row)  # as it stays stored
            continue
        written.touch(row)
        before = snapshot("claim_relation", row)
        connection.execute(update(_RELATION).where(_RELATION.c.id == row["id"]).values(**changes))
        after = journal.state(connection, "claim_relation", row["id"])
        drafts.append(
            EventDraft(actor=actor, action="relation.update", change=Change("claim_relation", row["id"], before, after))
        )
        written.updated += 1
    if new_rows:
        inserted = connection.execute(
            insert(_RELATION).returning(_RELATION.c.id, sort_by_parameter_order=True), new_rows
        )
        for values, relation_id in zip(new_rows, [r.id for r in inserted], strict=True):
            change = Change(
                "claim_relation", relation_id, None, snapshot("claim_relation", {"id": relation_id, **values})
            )
            drafts.append(EventDraft(actor=actor, action="relation.suggest", change=change))
            written.touch({"id": relation_id, **values})
        written.new += len(new_rows)
    audit.append(connection, drafts, at=now)


def _relations_between(connection: Connection, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], list[Any]]:
    """Every relation of each of ``pairs``, by pair, in id order."""
    wanted = set(pairs)
    found: dict[tuple[int, int], list[Any]] = {}
    for part in chunks({a for a, _ in pairs}):
        statement = select(_RELATION).where(_RELATION.c.a.in_(part)).order_by(_RELATION.c.id)
        for row in connection.execute(statement).mappings():
            if (row["a"], row["b"]) in wanted:
                found.setdefault((row["a"], row["b"]), []).append(row)
    return found


@contextmanager
def _uncollected() -> Iterator[None]:
    """No cyclic garbage collection while a run builds its objects: a collection would scan them all.

    A run makes a few objects for every claim of the store and frees them together at its end,
    and makes no cycles; each full collection on the way would walk every one of them (a second
    of a 100,000-claim run). Collection resumes as it was after the run. Only a process running
    nothing else is left without it: in the review workbench, its other threads keep collecting.
    """
    if threading.active_count() > 1:  # never for a user interface's other threads: only a lone run
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pair(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise InvalidInput("a claim cannot be related to itself")
    return (a, b) if a < b else (b, a)


def _check_claims(connection: Connection, *ids: int) -> None:
    for claim_id in ids:
        journal.row(connection, "claim", claim_id)  # NotFound if missing


def _existing(connection: Connection, pair: tuple[int, int], kind: str) -> Any:
    """The pair's relation of ``kind``, if there is one."""
    statement = select(_RELATION).where(_RELATION.c.a == pair[0], _RELATION.c.b == pair[1], _RELATION.c.kind == kind)
    return connection.execute(statement).mappings().first()


def _decide(
    connection: Connection,
    *,
    actor: str,
    action: str,
    kind: RelationKind,
    pair: tuple[int, int],
    values: dict[str, Any],
    note: str | None,
) -> RelationRead:
    """Insert or update the pair's relation of ``kind`` with a reviewer's decision; one event."""
    now = now_iso()
    values = {**values, "decided_by": actor, "decided_at": now, "note": note}
    row = _existing(connection, pair, kind)
    if row is None:
        full = {"a": pair[0], "b": pair[1], "kind": kind, "score": None, "detail": None, "created_at": now,
                "aspect": None, "winner": None, **values}  # fmt: skip
        relation_id = connection.execute(insert(_RELATION).values(**full).returning(_RELATION.c.id)).scalar_one()
        change = Change("claim_relation", relation_id, None, snapshot("claim_relation", {"id": relation_id, **full}))
    else:
        relation_id = row["id"]
        before = snapshot("claim_relation", row)
        connection.execute(update(_RELATION).where(_RELATION.c.id == relation_id).values(**values))
        change = Change("claim_relation", relation_id, before, journal.state(connection, "claim_relation", relation_id))
    journal.record(connection, actor=actor, action=action, change=change, note=note)
    return read.relation(connection, relation_id)


def decide_duplicate(
    *, store: Store, actor: str, a: int, b: int, decision: DuplicateDecision, note: str | None = None
) -> RelationRead:
    """Record whether two claims are the same claim (``duplicate``) or not (``distinct``).

    Works whether or not the pair was suggested; a later decision replaces an earlier one.
    Confirmed duplicates form groups transitively (see ``duplicate_groups``).

    Raises:
        InvalidInput: a decision other than duplicate or distinct, or a claim paired with itself.
        NotFound: an unknown claim.
    """
    decision = one_of(decision, DUPLICATE_DECISIONS, "decision")
    pair = _pair(a, b)
    with writing(store, actor) as (connection, actor):
        _check_claims(connection, *pair)
        return _decide(
            connection,
            actor=actor,
            action="relation.decide",
            kind="duplicate",
            pair=pair,
            values={"status": "confirmed" if decision == "duplicate" else "dismissed"},
            note=check_note(note),
        )


def add_contradiction(
    *, store: Store, actor: str, a: int, b: int, aspect: Aspect | None = None, note: str | None = None
) -> RelationRead:
    """Record that two claims contradict each other (confirming a suggestion, if there was one).

    ``aspect`` says what they disagree on; without it a suggestion keeps the aspect it was
    suggested with, and a new contradiction is ``other``. A dismissed contradiction can be
    confirmed again (the reviewer changed their mind); a resolved one stays resolved.

    Raises:
        InvalidInput: an unknown aspect, a claim paired with itself, or a resolved contradiction.
        NotFound: an unknown claim.
    """
    aspect = None if aspect is None else one_of(aspect, ASPECTS, "kind")
    pair = _pair(a, b)
    with writing(store, actor) as (connection, actor):
        _check_claims(connection, *pair)
        existing = _existing(connection, pair, "contradiction")
        if existing is not None and existing["status"] == "resolved":
            raise InvalidInput(f"claims {pair[0]} and {pair[1]}: contradiction {existing['id']} is already resolved")
        kept = existing["aspect"] if existing is not None else None
        return _decide(
            connection,
            actor=actor,
            action="contradiction.add",
            kind="contradiction",
            pair=pair,
            values={"status": "confirmed", "aspect": aspect or kept or "other", "winner": None},
            note=check_note(note),
        )


def _contradiction(connection: Connection, relation_id: int) -> Any:
    row = connection.execute(select(_RELATION).where(_RELATION.c.id == relation_id)).mappings().first()
    if row is None or row["kind"] != "contradiction":
        raise NotFound(f"no contradiction with id {relation_id}")
    return row


def resolve_contradiction(
    *, store: Store, actor: str, relation_id: int, note: str, winner: str | None = None
) -> RelationRead:
    """Close a contradiction with what the evidence bears out: claim ``a``, ``b``, or ``neither``.

    Raises:
        InvalidInput: no note, an unknown winner, or a contradiction already closed.
        NotFound: no such contradiction.
    """
    note_text = check_note(note)
    if note_text is None:
        raise InvalidInput("resolving a contradiction needs a note saying why")
    side = None if winner is None else one_of(winner.lower(), WINNERS, "winner")
    with writing(store, actor) as (connection, actor):
        row = _contradiction(connection, relation_id)
        if row["status"] in {"resolved", "dismissed"}:
            raise InvalidInput(f"contradiction {relation_id} is already {row['status']}")
        return _decide(
            connection,
            actor=actor,
            action="contradiction.resolve",
            kind="contradiction",
            pair=(row["a"], row["b"]),
            values={"status": "resolved", "winner": side},
            note=note_text,
        )


def dismiss_contradiction(*, store: Store, actor: str, relation_id: int, note: str | None = None) -> RelationRead:
    """Record that a suggested or recorded contradiction is not one.

    Raises:
        InvalidInput: it is already resolved or dismissed.
        NotFound: no such contradiction.
    """
    with writing(store, actor) as (connection, actor):
        row = _contradiction(connection, relation_id)
        if row["status"] in {"resolved", "dismissed"}:
            raise InvalidInput(f"contradiction {relation_id} is already {row['status']}")
        return _decide(
            connection,
            actor=actor,
            action="contradiction.dismiss",
            kind="contradiction",
            pair=(row["a"], row["b"]),
            values={"status": "dismissed"},
            note=check_note(note),
        )
