"""Queues of decisions: duplicate suggestions, contradictions, orphaned evidence — one key each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from store.vocabulary import DuplicateDecision
from workbench import read
from workbench.access import reading
from workbench.figures import figure
from workbench.models import OrphanRead, PairRead, PairSide
from workbench.relations import (
    MatchReport,
    add_contradiction,
    decide_duplicate,
    dismiss_contradiction,
    resolve_contradiction,
    run_match,
)
from workbench.syndication import run_syndication
from workbench.tui.base import DataScreen
from workbench.tui.desk import NoteTarget
from workbench.tui.dialogs import Resolution, ResolveDialog
from workbench.tui.modebar import ModeBar
from workbench.tui.text import join, line, passage

#: Which keys act in which queue.
_ORDER = ("duplicates", "contradictions", "orphans")
_KEYS = {
    "duplicates": "a same claim · d distinct · s skip · tab next queue · m run matching",
    "contradictions": "c confirm · x dismiss · r resolve with a note · s skip · tab next queue · m run matching",
    "orphans": "enter open the claim · s skip · tab next queue",
}


def _side(label: str, side: PairSide) -> Text:
    parts: list[Text | str] = [Text(f"{label} · claim #{side.claim_id}\n", style="bold"), passage(side.text, "bold")]
    if side.value:
        parts += ["\n\nvalue: ", Text(f" {side.value} ", style="bold black on yellow")]
    parts.append(f"\n\nevidence ({len(side.spans)}):")
    for span in side.spans:
        where = "orphaned" if span.start is None else f"{span.start}:{span.end}"
        parts += ["\n• ", line(span.outlet or "unknown outlet", 30, "bold"), f" · source {span.source_id} · {where}"]
        parts += [f" · {span.stance}\n  “", passage(span.exact, "italic"), "”"]
    return join(*parts)


#: Items of a queue loaded at once: a reviewer works through a long queue a window at a time.
WINDOW = 100


class QueuesScreen(DataScreen):
    """Decide, item by item: each decision is one key, audited, and moves to the next item."""

    TITLE_TEXT = "Queues"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "duplicate(True)", "Same claim", id="queues.duplicate", tooltip="They are one claim"),
        Binding("d", "duplicate(False)", "Distinct", id="queues.distinct", tooltip="They are different claims"),
        Binding("c", "confirm", "Confirm", id="queues.confirm", tooltip="Record the contradiction as real"),
        Binding("x", "dismiss_contradiction", "Dismiss", id="queues.dismiss", tooltip="Not a contradiction"),
        Binding("r", "resolve", "Resolve", id="queues.resolve", tooltip="Settle it, with a note and a winner"),
        Binding("s", "skip", "Skip", id="queues.skip", tooltip="Leave this one for later"),
        Binding("enter", "open", "Open", id="queues.open", tooltip="Open the claim in the reader"),
        Binding("tab", "next_queue", "Next queue", id="queues.next", tooltip="Show the next queue"),
        Binding(
            "m", "match", "Run matching", id="queues.match", tooltip="Find duplicate and contradiction suggestions"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, list[Any]] = {"duplicates": [], "contradictions": [], "orphans": []}
        #: The item shown, within the window loaded.
        self.index: dict[str, int] = {"duplicates": 0, "contradictions": 0, "orphans": 0}
        #: Where the window loaded starts in each queue, and how many the queue holds in all.
        self.base: dict[str, int] = {"duplicates": 0, "contradictions": 0, "orphans": 0}
        self.total: dict[str, int] = {"duplicates": 0, "contradictions": 0, "orphans": 0}
        #: The item last decided here, until the reviewer moves on: what N notes.
        self._decided: NoteTarget | None = None
        #: Whether the queues were read once: until then an empty queue is one not read yet.
        self._read = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("queues")
        with TabbedContent(id="queues", initial="duplicates"):
            for name, title in (("duplicates", "Duplicates"), ("contradictions", "Contradictions"),
                                ("orphans", "Orphaned evidence")):  # fmt: skip
                with TabPane(title, id=name):
                    yield Static(id=f"{name}-count", classes="queue-count")
                    with Horizontal(classes="pair"):
                        yield VerticalScroll(Static(id=f"{name}-a"), classes="side")
                        yield VerticalScroll(Static(id=f"{name}-b"), classes="side")
                    yield Static(Text(_KEYS[name], style="dim"), classes="queue-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    @property
    def current(self) -> str:
        """The queue shown."""
        return self.query_one(TabbedContent).active or "duplicates"

    def _queues(self) -> tuple[dict[str, list[Any]], dict[str, int]]:
        """A window of each queue from where the reviewer is in it, and each queue's size."""
        try:
            return self._read_queues()
        except Exception:
            if not self._read:  # the message says why; the screen must not go on saying it is reading
                self.app.call_from_thread(self._unreadable)
            raise

    def _unreadable(self) -> None:
        for name in self.items:
            self.query_one(f"#{name}-count", Static).update(Text("The queues could not be read.", style="dim"))

    def _read_queues(self) -> tuple[dict[str, list[Any]], dict[str, int]]:
        case, base = self.case, dict(self.base)
        with reading(self.store) as connection:
            orphans = read.orphan_queue(connection, case=case)
            items: dict[str, list[Any]] = {
                "duplicates": read.duplicate_queue(connection, case=case, offset=base["duplicates"], limit=WINDOW),
                "contradictions": read.contradiction_queue(
                    connection, case=case, offset=base["contradictions"], limit=WINDOW
                ),
                "orphans": orphans,
            }
            totals = {name: read.queue_size(connection, name, case=case) for name in ("duplicates", "contradictions")}
        return items, totals | {"orphans": len(orphans)}

    @staticmethod
    def _target(item: Any) -> NoteTarget:
        if isinstance(item, OrphanRead):
            return NoteTarget("evidence", item.evidence_id, f"evidence {item.evidence_id}")
        return NoteTarget("claim_relation", item.id, f"relation {item.id} (claims {item.a} and {item.b})")

    def note_target(self) -> NoteTarget | None:
        """The pair just decided (a note says why), else the one shown."""
        if self._decided is not None:
            return self._decided
        items = self.items.get(self.current, [])
        return self._target(items[self.index[self.current]]) if items else None

    def case_items(self) -> tuple[list[int], list[int]]:
        items = self.items.get(self.current, [])
        if not items:
            return [], []
        item = items[self.index[self.current]]
        return [], [item.claim_id] if isinstance(item, OrphanRead) else [item.a, item.b]

    def refresh_data(self) -> None:
        self.load(self._queues, lambda found: self._show_all(*found, advance=True), group="queues")

    def _show_all(self, items: dict[str, list[Any]], totals: dict[str, int], *, advance: bool = False) -> None:
        """Show the queues; with ``advance``, an empty queue gives way to the first with items."""
        stale = [name for name in items if not items[name] and self.base[name] > 0 and totals[name] > 0]
        if stale:  # decisions emptied the window at the end of a queue: start it again from the top
            for name in stale:
                self.base[name] = self.index[name] = 0
            self.refresh_data()
            return
        self.items, self.total, self._read = items, totals, True
        tabs = self.query_one(TabbedContent)
        for name in items:
            tabs.get_tab(name).label = f"{name.capitalize()} ({totals[name]:,})"
            self._show(name)
        shown = self.current
        waiting = [name for name in _ORDER if items[name]]
        if advance and not items[shown] and waiting:
            self.action_show_queue(waiting[0])
            self.notify(f"Nothing left in {shown}; showing {waiting[0]}.", timeout=4)

    def _show(self, name: str) -> None:
        items = self.items[name]
        index = self.index[name] = min(self.index[name], max(len(items) - 1, 0))
        count = self.query_one(f"#{name}-count", Static)
        a, b = self.query_one(f"#{name}-a", Static), self.query_one(f"#{name}-b", Static)
        if not items and not self._read:  # a large store's queues take a moment: not "nothing" yet
            count.update(Text("Reading the queue…", style="dim"))
            a.update("")
            b.update("")
            return
        if not items:
            count.update(Text("Nothing to decide here." + (" Press m to run matching." if name != "orphans" else "")))
            a.update("")
            b.update("")
            return
        item = items[index]
        if isinstance(item, PairRead):
            what = f"{item.kind} ({item.aspect})" if item.aspect else item.kind
            score = "" if item.score is None else f" · score {figure(item.score)}"
            head = join(
                Text(f"{self.base[name] + index + 1:,} of {self.total[name]:,}", style="bold"),
                f" · #{item.id} {what} · {item.status}{score} · ",
                line(item.reason or item.note or "", 100),
            )
            count.update(head)
            a.update(_side("A", item.side_a))
            b.update(_side("B", item.side_b))
        else:
            orphan: OrphanRead = item
            count.update(join(Text(f"{index + 1} of {len(items)}", style="bold"), f" · evidence #{orphan.evidence_id}"))
            a.update(join(Text(f"claim #{orphan.claim_id} ({orphan.claim_status})\n", style="bold"),
                          passage(orphan.claim_text, "bold")))  # fmt: skip
            b.update(join(Text("lost from ", style="bold"), line(orphan.outlet or "unknown outlet", 30),
                          f" · source {orphan.source_id} · ", line(orphan.source_title, 60),
                          "\n“", passage(orphan.exact, "italic"), "”"))  # fmt: skip

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self._show(self.current)

    def _item(self, kind: str) -> Any:
        if self.current != kind:
            self.notify(f"That key works in the {kind} queue.", severity="warning")
            return None
        items = self.items[kind]
        if not items:
            self.notify("Nothing to decide here.")
            return None
        return items[self.index[kind]]

    def _decide(self, kind: str, change: Callable[[Any], object], done: str) -> None:
        item = self._item(kind)
        if item is not None:

            def decided(_: object) -> None:
                self._decided = self._target(item)
                self._after_decision()

            self.act(lambda: change(item), decided, done=f"{done} · N: why · ctrl+z: undo")

    def _after_decision(self) -> None:
        """Reload; when that emptied the queue shown, move on to the next one with something in it."""
        self.refresh_data()

    def action_next_queue(self) -> None:
        self.action_show_queue(_ORDER[(_ORDER.index(self.current) + 1) % len(_ORDER)])

    def action_duplicate(self, same: bool) -> None:
        decision: DuplicateDecision = "duplicate" if same else "distinct"
        self._decide(
            "duplicates",
            lambda r: decide_duplicate(store=self.store, actor=self.reviewer, a=r.a, b=r.b, decision=decision),
            f"Recorded: {decision}",
        )

    def action_confirm(self) -> None:
        self._decide(
            "contradictions",
            lambda r: add_contradiction(store=self.store, actor=self.reviewer, a=r.a, b=r.b),
            "Contradiction confirmed",
        )

    def action_dismiss_contradiction(self) -> None:
        self._decide(
            "contradictions",
            lambda r: dismiss_contradiction(store=self.store, actor=self.reviewer, relation_id=r.id),
            "Contradiction dismissed",
        )

    def action_resolve(self) -> None:
        item = self._item("contradictions")
        if item is None:
            return

        def resolved(result: Resolution | None) -> None:
            if result is not None:
                self.act(
                    lambda: resolve_contradiction(
                        store=self.store,
                        actor=self.reviewer,
                        relation_id=item.id,
                        note=result.note,
                        winner=result.winner,
                    ),
                    lambda _: self._after_decision(),
                    done="Contradiction resolved",
                )

        self.app.push_screen(ResolveDialog(item.side_a.text, item.side_b.text), resolved)

    def action_skip(self) -> None:
        self._decided = None
        name = self.current
        if not self.items[name]:
            return
        if self.index[name] + 1 < len(self.items[name]):
            self.index[name] += 1
            self._show(name)
            return
        # past the window: the next one, or back to the top of the queue
        following = self.base[name] + len(self.items[name])
        self.base[name] = following if following < self.total[name] and name != "orphans" else 0
        self.index[name] = 0
        if self.base[name] or following > len(self.items[name]):
            self.refresh_data()
        else:
            self._show(name)

    def action_open(self) -> None:
        items = self.items[self.current]
        if not items:
            return
        item = items[self.index[self.current]]
        self.workbench.open_claim(item.claim_id if isinstance(item, OrphanRead) else item.a)

    def action_show_queue(self, name: str) -> None:
        self._decided = None
        self.query_one(TabbedContent).active = name

    def action_reprints(self) -> None:
        def shown(found: list[Any]) -> None:
            self.notify(f"{len(found)} reprint pairs on file", title="Reprints")

        self.act(lambda: run_syndication(store=self.store, actor=self.reviewer), shown)

    def action_match(self) -> None:
        def shown(report: MatchReport) -> None:
            self.notify(
                f"{len(report.suggestions)} suggestions ({report.new} new, {report.withdrawn} withdrawn) "
                f"among {report.claims} claims in {report.seconds:.1f} s"
                + ("" if report.changed is None else f"; {report.changed} new or changed since the last run"),
                title="Matching",
            )
            self.refresh_data()

        self.notify("Matching claims…", timeout=2)
        self.act(lambda: run_match(store=self.store, actor=self.reviewer), shown)
