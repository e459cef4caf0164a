"""The audit log, newest first, with the chain's verification status on top."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static

from workbench import read
from workbench.access import fetch
from workbench.integrity import verify_store
from workbench.models import AuditEventRead, Verification
from workbench.tui.base import DataScreen
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import PAGE, PagedTable
from workbench.tui.text import join, line


def _cells(event: AuditEventRead) -> list[Text | str]:
    entity = f"{event.entity}:{event.entity_id}" if event.entity_id is not None else event.entity
    return [
        Text(str(event.seq), style="dim"),
        Text(event.at[:19].replace("T", " ")),
        line(event.actor, 20),
        Text(event.action, style="bold"),
        Text(entity),
        line(str(event.data.get("note") or ""), 60),
    ]


#: Fields every row changes on every write: left out of the details, which show what was decided.
_BOOKKEEPING = frozenset({"updated_at", "version", "approved_at"})  # the event says when
#: Most rows of one change shown in the details.
_DETAIL_LINES = 40


def _value(value: object) -> Text:
    """A recorded value on one line: text made safe, JSON kept short."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return line(shown, 70)


def _change(
    entity: str, entity_id: object, before: dict[str, object] | None, after: dict[str, object] | None
) -> list[Text]:
    """One row's change, readable: created with its fields, deleted, or each field that changed, old → new."""
    name = Text(f"{entity}:{entity_id}", style="bold")
    if after is None:
        return [join(name, " deleted")]
    if before is None:
        fields = [join(f"  {k}: ", _value(v)) for k, v in sorted(after.items()) if v is not None and k != "id"]
        return [join(name, " created"), *fields]
    changed = [k for k in sorted(after) if after.get(k) != before.get(k) and k not in _BOOKKEEPING]
    return [join(name, " changed" if changed else " unchanged")] + [
        join(f"  {k}: ", _value(before.get(k)), " → ", _value(after.get(k))) for k in changed
    ]


def details(event: AuditEventRead) -> Text:
    """An event as a reviewer reads it: what it did to each row, field by field, and its note."""
    data = event.data
    lines = [Text(f"#{event.seq} {event.action} · {event.actor} · {event.at[:19].replace('T', ' ')}", style="bold")]
    if data.get("note"):
        lines.append(join("note: ", line(str(data["note"]), 90)))
    lines += _change(event.entity, event.entity_id, data.get("before"), data.get("after"))
    for related in data.get("related") or []:
        lines += _change(related.get("entity", "?"), related.get("id"), related.get("before"), related.get("after"))
    if len(lines) > _DETAIL_LINES:
        lines = [
            *lines[:_DETAIL_LINES],
            Text(f"… {len(lines) - _DETAIL_LINES} more lines (workbench audit log --json)"),
        ]
    return Text("\n").join(lines)


class AuditScreen(DataScreen):
    """Who changed what, when, and whether the chain still verifies."""

    AUTO_FOCUS = "#audit"
    TITLE_TEXT = "Audit"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="audit.filter", tooltip="Filter by action, actor or entity"),
        Binding("V", "verify", "Verify", id="audit.verify", tooltip="Verify what is new since the last check"),
        Binding(
            "F", "verify_full", "Full check", id="audit.verify_full", tooltip="Verify every event, every row, the file"
        ),
        Binding("escape", "focus_table", "Table", id="audit.table", show=False, tooltip="Back to the table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.search = ""
        self.events: dict[int, AuditEventRead] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("audit")
        yield Static(Text("Verifying the chain…"), id="audit-status")
        yield Input(placeholder="filter: action, actor or entity", id="audit-filter")
        table = PagedTable(id="audit")
        table.border_title = "Audit log, newest first"
        yield table
        yield Static(id="audit-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#audit", PagedTable).add_columns("seq", "at (UTC)", "actor", "action", "entity", "note")
        self.refresh_data()
        self.action_verify()

    def refresh_data(self) -> None:
        search = self.search

        def show(events: list[AuditEventRead]) -> None:
            self.events = {e.seq: e for e in events}
            table = self.query_one("#audit", PagedTable)
            # the total is unknown without counting the whole log: one more page while pages come full
            table.start(len(events) + (1 if len(events) == PAGE else 0), [(str(e.seq), _cells(e)) for e in events])

        self.load(
            lambda: fetch(self.store, read.audit_events, search=search, newest_first=True, limit=PAGE, case=self.case),
            show,
            group="audit",
        )

    @on(PagedTable.MoreWanted, "#audit")
    def more(self, event: PagedTable.MoreWanted) -> None:
        search = self.search

        def page() -> list[AuditEventRead]:
            return fetch(
                self.store,
                read.audit_events,
                search=search,
                newest_first=True,
                offset=event.offset,
                limit=PAGE,
                case=self.case,
            )

        def show(events: list[AuditEventRead]) -> None:
            self.events |= {e.seq: e for e in events}
            event.table.total = event.offset + len(events) + (1 if len(events) == PAGE else 0)
            event.table.append([(str(e.seq), _cells(e)) for e in events])

        self.load(page, show, group="more")

    def action_verify(self, full: bool = False) -> None:
        """Verify in a worker: from this machine's checkpoint (what is new since), or everything."""
        status = self.query_one("#audit-status", Static)
        status.update(Text("Verifying everything…" if full else "Verifying the chain…"))

        def show(result: Verification) -> None:
            if not result.ok:
                status.update(join(Text("✘ audit FAILED: ", style="bold red"), line(result.first_problem, 100)))
                return
            done = Text(f"✔ chain ok: {result.events:,} events, head {result.head}", style="bold green")
            if result.since_seq is not None:
                new = result.events - result.since_seq
                done.append(f"\n  {new:,} new since the check of {result.since_at}; F checks everything", style="dim")
            status.update(done)

        self.load(lambda: verify_store(store=self.store, full=full), show, group="verify")

    def action_verify_full(self) -> None:
        self.action_verify(full=True)

    @on(PagedTable.RowHighlighted, "#audit")
    def highlighted(self, event: PagedTable.RowHighlighted) -> None:
        found = self.events.get(int(str(event.row_key.value)))
        if found is not None:
            self.query_one("#audit-detail", Static).update(details(found))

    @on(Input.Changed, "#audit-filter")
    def filtered(self, event: Input.Changed) -> None:
        self.search = event.value
        self.refresh_data()

    @on(Input.Submitted, "#audit-filter")
    def filter_done(self) -> None:
        self.query_one("#audit", PagedTable).focus()

    def action_filter(self) -> None:
        self.query_one("#audit-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#audit", PagedTable).focus()
