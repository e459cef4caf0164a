"""The reader: sources on the left, the article in the middle, the claim under the cursor on the right."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import Footer, Header, Input, Static, TextArea

from store.vocabulary import CLAIM_STATUSES, ClaimStatus
from workbench import read
from workbench.access import fetch, reading
from workbench.checks import check_credibility
from workbench.claims import EvidenceSpec, edit_claim, link_evidence, update_claim
from workbench.corrections import merge_claims, move_evidence, retract_evidence
from workbench.desk import assign_claim, tag_claim
from workbench.errors import NotFound
from workbench.facts import boilerplate
from workbench.languages import reading_language
from workbench.models import ClaimDetail, ClaimRow, EvidenceItem, SourceRow, SourceView
from workbench.spans import Offsets, find_caseless
from workbench.textsafe import one_line
from workbench.tui.article import ArticleView, Mark
from workbench.tui.base import Command, DataScreen
from workbench.tui.desk import NoteTarget, PromptDialog
from workbench.tui.dialogs import (
    ClaimPicker,
    ConfirmDialog,
    EditDialog,
    EditRequest,
    LinkRequest,
    OtherSourceChoice,
    OtherSources,
)
from workbench.tui.inspector import Inspector
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import PAGE, PagedTable
from workbench.tui.recording import link_span, record_claim
from workbench.tui.text import join, line

_WORD_END = re.compile(r"\w+")
#: Candidate kinds marked in the article (sentences are for selecting, not marking).
_MARKED = ("quantity", "date", "item", "attribution")
_SOURCE_COLUMNS = ("id", "source")
#: How long after showing a source to read ahead (work in a thread slows drawing: Python's GIL).
_SETTLE = 0.1
#: How many sources' candidates to keep.
_KEEP = 64
#: A source ready to show: its view, candidate marks and sentences.
_Prepared = tuple[SourceView, list[Mark], list[tuple[int, int]]]


def _source_cells(row: SourceRow, width: int = 40) -> list[Text | str]:
    """A source's row: its id, and on two lines: outlet, grade, date, claims and relations; its title."""
    flags = []
    if row.revision_of:
        flags.append(f"revises {row.revision_of}")
    if row.superseded:
        flags.append("old revision")
    if row.reprint_of:
        flags.append(f"reprint of {row.reprint_of}")
    if row.reprints:
        flags.append(f"{row.reprints} reprint{'s' if row.reprints != 1 else ''}")
    # the counts and marks first, where a narrow list still shows them; the outlet's name is cut instead
    first = join(
        line(row.outlet or "no outlet", 11, "bold"),
        Text(f" {row.reliability}" if row.reliability else "", style="bold"),
        Text(f" · {row.claims} claim{'s' if row.claims != 1 else ''}" if row.claims else "", style="bold"),
        Text(f" · {', '.join(flags)}" if flags else "", style="italic"),
    )
    second = join(Text(f"{row.published_at[:10]} · " if row.published_at else "", style="dim"), line(row.title, width))
    cell = join(first, "\n", second)
    cell.no_wrap, cell.overflow = True, "ellipsis"
    return [Text(str(row.id), style="dim"), cell]


class ReaderScreen(DataScreen):
    """Read a source, select the words that state a claim, record and link claims, grade them."""

    AUTO_FOCUS = "#article"
    TITLE_TEXT = "Reader"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create_claim", "Claim", id="reader.create", tooltip="Record a claim from the selected words"),
        Binding("l", "link_claim", "Link", id="reader.link", tooltip="Link the selection to an existing claim"),
        Binding("v", "status('verified')", "Verify", id="reader.verify", tooltip="Mark the claim verified"),
        Binding("d", "status('disputed')", "Dispute", id="reader.dispute", tooltip="Mark the claim disputed"),
        Binding("x", "status('rejected')", "Reject", id="reader.reject", tooltip="Mark the claim rejected"),
        Binding(
            "r", "status('in_review')", "Review", id="reader.review", show=False, tooltip="Put the claim back in review"
        ),
        Binding(
            "u", "unlink", "Retract", id="reader.unlink", show=False, tooltip="Retract the evidence here, with why"
        ),
        Binding(
            "m",
            "move_evidence",
            "Move",
            id="reader.move",
            show=False,
            tooltip="Move the evidence here to another claim",
        ),
        Binding("J", "merge", "Merge", id="reader.merge", show=False, tooltip="Merge the claim into another"),
        Binding("a", "assign", "Assign", id="reader.assign", show=False, tooltip="Ask a reviewer to look at the claim"),
        Binding("t", "tag", "Tags", id="reader.tag", show=False, tooltip="The claim's tags"),
        Binding(
            "E",
            "edit_claim",
            "Edit",
            id="reader.edit",
            show=False,
            tooltip="Correct the claim's wording (kept on record)",
        ),
        *[
            Binding(
                str(n),
                f"credibility({n})",
                f"Cred {n}",
                id=f"reader.credibility{n}",
                show=False,
                tooltip=f"Set the claim's credibility to {n}",
            )
            for n in range(1, 7)
        ],
        Binding("s", "select_sentence", "Sentence", id="reader.sentence", tooltip="Select the sentence at the cursor"),
        Binding("w", "extend_word", "+Word", id="reader.word", show=False, tooltip="Extend the selection by a word"),
        Binding(
            "e",
            "extend_candidate",
            "+Candidate",
            id="reader.extend",
            show=False,
            tooltip="Extend the selection to the end of the next candidate",
        ),
        Binding("n", "candidate(1)", "Next cand.", id="reader.next_candidate", tooltip="Select the next candidate"),
        Binding(
            "p",
            "candidate(-1)",
            "Prev cand.",
            id="reader.previous_candidate",
            show=False,
            tooltip="Select the previous candidate",
        ),
        Binding(
            "right_square_bracket",
            "evidence(1)",
            "Next evid.",
            id="reader.next_evidence",
            tooltip="Go to the next evidence span",
        ),
        Binding(
            "left_square_bracket",
            "evidence(-1)",
            "Prev evid.",
            id="reader.previous_evidence",
            show=False,
            tooltip="Go to the previous evidence span",
        ),
        Binding(
            "greater_than_sign",
            "source(1)",
            "Next source",
            id="reader.next_source",
            show=False,
            tooltip="Open the next source",
        ),
        Binding(
            "less_than_sign",
            "source(-1)",
            "Prev source",
            id="reader.previous_source",
            show=False,
            tooltip="Open the previous source",
        ),
        Binding("slash", "find", "Find", id="reader.find", tooltip="Find words in the article"),
        Binding(
            "o",
            "other_sources",
            "Other sources",
            id="reader.others",
            show=False,
            tooltip="Sentences of other sources that state or dispute the claim, one key from linked",
        ),
        Binding("escape", "clear", "Clear", id="reader.clear", show=False, tooltip="Clear the selection"),
    ]

    #: Keys of the article itself, for the help screen.
    MORE_KEYS: ClassVar[list[tuple[str, str, str]]] = [
        ("shift+←/→/↑/↓", "Select", "Extend the selection by a character or a line"),
        ("ctrl+shift+←/→", "Select words", "Extend the selection by a word (w does too)"),
        ("shift+home/end", "Select to line end", "Extend the selection to the start or end of the line"),
        ("mouse drag", "Select", "Drag over the words to select them"),
        ("tab", "Next pane", "Move between the sources, the article and the claim"),
        ("enter", "Open evidence", "In the claim pane: open the highlighted evidence in its source"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: SourceView | None = None
        self.sentences: list[tuple[int, int]] = []
        self._pending: tuple[int, int | None, int | None] | None = None  # source, select start, end
        #: Sources prepared for showing: the one shown and its neighbours in the list.
        self._ahead: dict[int, _Prepared] = {}
        #: Candidates of recently shown sources (a source's text never changes).
        self._candidates: dict[int, tuple[list[Mark], list[tuple[int, int]]]] = {}

    def commands(self) -> list[Command]:
        verbs: dict[ClaimStatus, str] = {"verified": "verify", "disputed": "dispute", "rejected": "reject",
                                         "in_review": "review"}  # fmt: skip
        found: list[Command] = [
            (f"claim: {verb}", f"Mark the claim in the inspector {status.replace('_', ' ')}",
             partial(self.run_action, f"status('{status}')"))
            for status, verb in verbs.items()
        ]  # fmt: skip
        found += [
            ("claim: create from selection", "Record a claim from the selected words",
             partial(self.run_action, "create_claim")),
            ("claim: link selection", "Link the selected words to an existing claim",
             partial(self.run_action, "link_claim")),
        ]  # fmt: skip
        return found

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("reader")
        with Horizontal(id="reader"):
            sources = PagedTable(id="sources", fill="source")
            sources.border_title = "Sources"
            yield sources
            with Vertical(id="middle"):
                yield Static(id="source-head")
                yield ArticleView(id="article")
                yield Input(placeholder="find in this article; enter for the next match, escape to close", id="find")
            yield Inspector(id="inspector")
        yield Footer()

    # -- loading -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        table = self.query_one("#sources", PagedTable)
        for column in _SOURCE_COLUMNS:
            table.add_column(column, key=column)
        self.query_one("#find", Input).display = False
        self.refresh_data()

    def refresh_data(self) -> None:
        def first_page() -> tuple[int, list[SourceRow]]:
            with reading(self.store) as connection:
                case = self.case
                return read.source_count(connection, case=case), read.source_rows(connection, limit=PAGE, case=case)

        self.load(first_page, self._show_sources, group="sources")
        detail = self.query_one(Inspector).detail
        if detail is not None:  # the claim inspected may have changed meanwhile (an undo, another reviewer)
            claim_id = detail.claim.id

            def again() -> ClaimDetail | None:
                try:
                    return fetch(self.store, read.claim_detail, claim_id)
                except NotFound:  # gone: the inspector lets go of it quietly
                    return None

            self.load(again, self.query_one(Inspector).show, group="claim")

    def _show_sources(self, found: tuple[int, list[SourceRow]]) -> None:
        total, rows = found
        table = self.query_one("#sources", PagedTable)
        table.start(total, [(str(r.id), _source_cells(r)) for r in rows], height=2)
        if self.view is not None and str(self.view.source.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(self.view.source.id)), animate=False)
        if self.view is None and rows and self._pending is None:
            self.open_source(rows[0].id)
        elif self.view is not None:
            self._ahead.clear()  # their evidence may have changed meanwhile
            self._reload_marks()  # the article stays as it is, cursor and selection included

    @on(PagedTable.MoreWanted, "#sources")
    def more_sources(self, event: PagedTable.MoreWanted) -> None:
        self.load(
            lambda: fetch(self.store, read.source_rows, offset=event.offset, limit=PAGE, case=self.case),
            lambda rows: event.table.append([(str(r.id), _source_cells(r)) for r in rows], height=2),
            group="more",
        )

    @on(PagedTable.RowHighlighted, "#sources")
    def source_highlighted(self, event: PagedTable.RowHighlighted) -> None:
        if event.cursor_row != event.data_table.cursor_row or event.row_key not in event.data_table.rows:
            return  # the cursor has moved on since, or the list was reloaded without that row (another case)
        source_id = int(str(event.row_key.value))
        if self.view is None or self.view.source.id != source_id:
            self.open_source(source_id)

    def open_source(self, source_id: int, *, select: tuple[int, int] | None = None) -> None:
        """Open a source in the article pane, optionally selecting a span of it.

        A source read ahead (the neighbours of the one shown, see ``_read_ahead``) opens at once,
        then its evidence is read again in the background in case a claim changed meanwhile.
        """
        ready = self._ahead.get(source_id)
        if ready is not None:
            self.workers.cancel_group(self, "source")
            self._show_source(*ready, select=select)
            self._reload_marks(delay=_SETTLE)
            return
        self.load(
            lambda: self._prepare(source_id),
            lambda ready: self._show_source(*ready, select=select),
            group="source",
        )

    def _prepare(self, source_id: int) -> _Prepared:
        """(In a worker.) A source's text and evidence, and its marks (kept: texts never change)."""
        view = fetch(self.store, read.source_view, source_id)
        kept = self._candidates.get(source_id)
        if kept is None:
            kept = self._marks_of(view)
            if len(self._candidates) >= _KEEP:
                self._candidates.pop(next(iter(self._candidates)))
            self._candidates[source_id] = kept
        return view, *kept

    def _marks_of(self, view: SourceView) -> tuple[list[Mark], list[tuple[int, int]]]:
        """A source's candidate and furniture marks, and its sentences.

        Furniture (by its form, or a line the last match run found recurring) is shown as such,
        and its figures are no candidates.
        """
        from workbench.extract import candidates  # deferred: the extractors load here, after the first frame

        language = reading_language(view.text, view.source.language)
        found = candidates(
            view.text, published=view.source.published_at, kinds=[*_MARKED, "sentence"], language=language
        )
        sentences = [(c["start"], c["end"]) for c in found if c["kind"] == "sentence"]
        recurring = fetch(self.store, read.boilerplate_keys)
        furniture = [
            (start, end)
            for start, end in sentences
            if boilerplate.by_form(text := view.text[start:end]) or boilerplate.key(text) in recurring
        ]
        marks = [
            Mark(c["start"], c["end"], "candidate", c["kind"])
            for c in found
            if c["kind"] in _MARKED and not any(s <= c["start"] < e for s, e in furniture)
        ]
        marks += [Mark(start, end, "boilerplate", "boilerplate") for start, end in furniture]
        return marks, sentences

    def _read_ahead(self, source_id: int) -> None:
        """Prepare the sources above and below the one shown, so that moving to them is instant."""
        table = self.query_one("#sources", PagedTable)
        key = str(source_id)
        if key not in table.rows:
            return
        row = table.get_row_index(key)
        wanted = [self._source_at(index) for index in (row + 1, row - 1) if 0 <= index < table.row_count]

        def prepare() -> dict[int, _Prepared]:
            return {i: self._prepare(i) for i in wanted}

        def keep(ready: dict[int, _Prepared]) -> None:
            shown = {source_id: self._ahead[source_id]} if source_id in self._ahead else {}
            self._ahead = {**shown, **ready}

        # once the article is on screen: reading ahead competes with drawing it
        self.load(prepare, keep, group="ahead", delay=_SETTLE)

    def _evidence_marks(self, view: SourceView) -> list[Mark]:
        return [Mark(s.start, s.end, f"evidence.{s.status}", "evidence", s.claim_id) for s in view.spans]

    def _show_source(
        self,
        view: SourceView,
        marks: list[Mark],
        sentences: list[tuple[int, int]],
        *,
        select: tuple[int, int] | None,
    ) -> None:
        self.view = view
        self._ahead[view.source.id] = (view, marks, sentences)
        table = self.query_one("#sources", PagedTable)
        key = str(view.source.id)
        if key in table.rows and table.cursor_row != table.get_row_index(key):
            table.move_cursor(row=table.get_row_index(key), animate=False)  # the list follows the article
        self.sentences = sentences or [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", view.text)]
        article = self.query_one(ArticleView)
        article.show(view.text, [*marks, *self._evidence_marks(view)], at=select[0] if select else 0)
        if select is not None:
            article.select_span(*select)
        source = view.source
        head = join(
            Text(f"#{source.id} ", style="bold"),
            line(source.outlet or "unknown outlet", 30, "bold"),
            f" ({source.outlet_reliability or '–'}) · {source.published_at or 'no date'} · ",
            f"{source.language} · " if source.language and source.language != "en" else "",
            f"{view.pages} pages · " if view.pages else "",
            f"{view.agency} copy · " if view.agency else "",
            line(source.title, 70),
        )
        self.query_one("#source-head", Static).update(head, layout=False)  # its height is fixed
        inspector = self.query_one(Inspector)
        shown = inspector.detail.claim.id if inspector.detail else None
        if shown is not None and all(span.claim_id != shown for span in view.spans):
            inspector.show(None)  # another source: a claim with no evidence here is not this source's
        self._inspect_cursor()
        self._read_ahead(source.id)

    def _reload_marks(self, *, delay: float = 0.0) -> None:
        """After a claim changed: fetch the source's evidence again, keep the candidates and cursor."""
        if self.view is None:
            return
        source_id = self.view.source.id

        def show(view: SourceView) -> None:
            if self.view is None or view.source.id != self.view.source.id:
                return  # another source was opened meanwhile
            shown = self.view.spans
            self.view = view
            if view.spans == shown:
                return
            article = self.query_one(ArticleView)
            kept = [m for m in article.marks if m.kind != "evidence"]
            article.set_marks([*kept, *self._evidence_marks(view)])

        self.load(lambda: fetch(self.store, read.source_view, source_id), show, group="marks", delay=delay)

    # -- the claim under the cursor ------------------------------------------------------------

    @on(TextArea.SelectionChanged, "#article")
    def cursor_moved(self) -> None:
        self._inspect_cursor()

    def _inspect_cursor(self) -> None:
        article = self.query_one(ArticleView)
        span = article.selected_span
        at = span[0] if span else article.cursor_offset
        marks = [m for m in article.marks_at(at) if m.claim_id is not None]
        inspector = self.query_one(Inspector)
        shown = inspector.detail.claim.id if inspector.detail else None
        if marks and marks[0].claim_id != shown:
            self.show_claim(marks[0].claim_id)  # type: ignore[arg-type]

    def show_claim(self, claim_id: int) -> None:
        """Load a claim into the inspector."""
        self.load(lambda: fetch(self.store, read.claim_detail, claim_id), self.query_one(Inspector).show, group="claim")

    def open_claim(self, claim_id: int) -> None:
        """Show a claim, and open the source of its first current evidence at the span."""

        def show(detail: ClaimDetail) -> None:
            self.query_one(Inspector).show(detail)
            anchored = [e for e in detail.evidence if e.current and e.start is not None and e.end is not None]
            if anchored:
                first = anchored[0]
                self.open_source(first.source_id, select=(first.start, first.end))  # type: ignore[arg-type]

        self.load(lambda: fetch(self.store, read.claim_detail, claim_id), show, group="claim")

    @on(Inspector.EvidenceChosen)
    def evidence_chosen(self, event: Inspector.EvidenceChosen) -> None:
        evidence = event.evidence
        if evidence.start is None or evidence.end is None:
            self.open_source(evidence.source_id)
            self.notify("That evidence is orphaned: its text is not in this revision.", severity="warning")
        elif self.view is not None and self.view.source.id == evidence.source_id:
            self.query_one(ArticleView).select_span(evidence.start, evidence.end)
            self.query_one(ArticleView).focus()
        else:
            self.open_source(evidence.source_id, select=(evidence.start, evidence.end))
            self.query_one(ArticleView).focus()

    # -- actions on the selection --------------------------------------------------------------

    def _selection(self) -> tuple[int, int] | None:
        span = self.query_one(ArticleView).selected_span
        if span is None or self.view is None:
            self.notify(
                "Select the words first: shift+arrows, s for the sentence, e to extend to a candidate, or drag.",
                severity="warning",
            )
            return None
        return span

    def action_create_claim(self) -> None:
        span = self._selection()
        if span is None or self.view is None:
            return
        source = self.view.source
        record_claim(
            self,
            source_id=source.id,
            span=span,
            quote=self.view.text[span[0] : span[1]],
            label=f"source {source.id} ({source.outlet or 'unknown outlet'})",
            then=self._changed,
        )

    def action_link_claim(self) -> None:
        span = self._selection()
        if span is None or self.view is None:
            return
        quote = self.view.text[span[0] : span[1]]
        link_span(self, source_id=self.view.source.id, span=span, quote=quote, then=self._changed)

    def action_other_sources(self) -> None:
        detail = self._claim()
        if detail is None:
            return
        claim = detail.claim

        def chosen(choice: OtherSourceChoice | None) -> None:
            if choice is None:
                return
            found = choice.suggestion
            assert found.source_id is not None
            if not choice.link:
                self.open_source(found.source_id, select=(found.start, found.end))
                return
            evidence = EvidenceSpec(found.source_id, Offsets(found.start, found.end), found.stance)
            self.act(
                lambda: link_evidence(store=self.store, actor=self.reviewer, claim_id=claim.id, evidence=evidence),
                lambda _: self._changed(claim.id),
                done=f"Linked source {found.source_id} ({found.stance}) to claim {claim.id}",
            )

        from workbench.suggest import claim_sources  # deferred: NumPy and the facts load when first asked

        self.load(
            lambda: claim_sources(store=self.store, claim_id=claim.id),
            lambda found: self.app.push_screen(OtherSources(claim.text, found), chosen),
            group="others",
        )

    def _changed(self, claim_id: int) -> None:
        self._ahead.clear()  # their evidence marks may show this claim
        self._reload_marks()
        self.show_claim(claim_id)
        if self.view is not None:
            self._refresh_source_row(self.view.source.id)

    def _refresh_source_row(self, source_id: int) -> None:
        def show(rows: list[SourceRow]) -> None:
            table = self.query_one("#sources", PagedTable)
            for row in rows:
                if str(row.id) in table.rows:
                    for key, cell in zip(_SOURCE_COLUMNS, _source_cells(row), strict=True):
                        table.update_cell(str(row.id), key, cell)

        self.load(lambda: fetch(self.store, read.source_rows, ids=[source_id]), show, group="source-row")

    def _claim(self) -> ClaimDetail | None:
        detail = self.query_one(Inspector).detail
        if detail is None:
            self.notify("No claim here: put the cursor on a highlighted span first.", severity="warning")
        return detail

    def action_edit_claim(self) -> None:
        detail = self._claim()
        if detail is None:
            return
        claim = detail.claim

        def edit(request: EditRequest | None) -> None:
            if request is None or request.text == claim.text:
                return
            done = f"Claim {claim.id}: wording corrected"
            self._change_claim(claim.id, claim.version, done, edit_claim, text=request.text, note=request.note)

        self.app.push_screen(EditDialog(claim.id, claim.text), edit)

    # -- corrections and the desk ---------------------------------------------------------------

    def note_target(self) -> NoteTarget | None:
        detail = self.query_one(Inspector).detail
        if detail is not None:
            return NoteTarget("claim", detail.claim.id, f"claim {detail.claim.id}")
        if self.view is not None:
            return NoteTarget("source", self.view.source.id, f"source {self.view.source.id}")
        return None

    def case_items(self) -> tuple[list[int], list[int]]:
        detail = self.query_one(Inspector).detail
        return ([self.view.source.id] if self.view else []), ([detail.claim.id] if detail else [])

    def _evidence_here(self, detail: ClaimDetail) -> EvidenceItem | None:
        """The claim's standing evidence at the cursor in this source (or its only one)."""
        article = self.query_one(ArticleView)
        span = article.selected_span
        at = span[0] if span else article.cursor_offset
        standing = [e for e in detail.evidence if e.retracted_at is None]
        here = [
            e
            for e in standing
            if self.view is not None
            and e.source_id == self.view.source.id
            and e.start is not None
            and e.end is not None
            and e.start <= at <= e.end
        ]
        if here or len(standing) == 1:
            return (here or standing)[0]
        self.notify("Put the cursor on the claim's evidence span first.", severity="warning")
        return None

    def action_unlink(self) -> None:
        detail = self._claim()
        evidence = None if detail is None else self._evidence_here(detail)
        if detail is None or evidence is None:
            return
        claim_id = detail.claim.id

        def retract(why: str | None) -> None:
            if why:
                self.act(
                    lambda: retract_evidence(store=self.store, actor=self.reviewer, evidence_id=evidence.id, note=why),
                    lambda _: self._changed(claim_id),
                    done=f"Evidence {evidence.id} retracted (kept on record) · ctrl+z undoes",
                )

        title = f"Retract evidence {evidence.id} of claim {claim_id}"
        self.app.push_screen(PromptDialog(title, "Why is it retracted", detail=evidence.exact), retract)

    def _pick_claim(self, title: str, verb: str, quote: str, exclude: int, then: Callable[[int], None]) -> None:
        def rank(text: str) -> list[tuple[ClaimRow, float]]:
            return [(row, score) for row, score in fetch(self.store, read.similar_claims, text) if row.id != exclude]

        def chosen(request: LinkRequest | None) -> None:
            if request is not None:
                then(request.claim_id)

        self.app.push_screen(ClaimPicker(quote, rank, title=title, verb=verb, stance=False), chosen)

    def action_move_evidence(self) -> None:
        detail = self._claim()
        evidence = None if detail is None else self._evidence_here(detail)
        if detail is None or evidence is None:
            return

        def move(claim_id: int) -> None:
            self.act(
                lambda: move_evidence(
                    store=self.store, actor=self.reviewer, evidence_id=evidence.id, claim_id=claim_id
                ),
                lambda _: self._changed(claim_id),
                done=f"Evidence {evidence.id} moved to claim {claim_id} · ctrl+z undoes",
            )

        title = f"Move evidence {evidence.id} to another claim"
        self._pick_claim(title, "Move", evidence.exact, detail.claim.id, move)

    def action_merge(self) -> None:
        detail = self._claim()
        if detail is None:
            return
        claim = detail.claim

        def merge(into: int) -> None:
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.act(
                        lambda: merge_claims(
                            store=self.store,
                            actor=self.reviewer,
                            from_id=claim.id,
                            into_id=into,
                            expected_version=claim.version,
                        ),
                        lambda _: self._changed(into),
                        done=f"Claim {claim.id} merged into claim {into} · ctrl+z undoes",
                    )

            question = f"Merge claim {claim.id} into claim {into}? Its evidence and decisions move there."
            self.app.push_screen(ConfirmDialog(question, claim.text), confirmed)

        self._pick_claim(f"Merge claim {claim.id} into…", "Merge", claim.text, claim.id, merge)

    def action_assign(self) -> None:
        detail = self._claim()
        if detail is None:
            return
        claim = detail.claim

        def assign(name: str | None) -> None:
            if name is None:
                return
            who = name or None
            self.act(
                lambda: assign_claim(
                    store=self.store,
                    actor=self.reviewer,
                    claim_id=claim.id,
                    reviewer=who,
                    expected_version=claim.version,
                ),
                lambda _: self._changed(claim.id),
                done=f"Claim {claim.id} assigned to {who or 'nobody'}",
            )

        prompt = PromptDialog(f"Assign claim {claim.id}", "The reviewer's name (empty: nobody)",
                              detail=claim.text, value=claim.assigned_to or "", required=False)  # fmt: skip
        self.app.push_screen(prompt, assign)

    def action_tag(self) -> None:
        detail = self._claim()
        if detail is None:
            return
        claim = detail.claim

        def retag(typed: str | None) -> None:
            if typed is None:
                return
            wanted = [t.strip() for t in typed.split(",") if t.strip()]
            keys = {t.casefold() for t in wanted}
            gone = [t for t in claim.tags if t.casefold() not in keys]
            new = [t for t in wanted if t.casefold() not in {h.casefold() for h in claim.tags}]

            def change() -> object:  # one transaction, one event: ctrl+z takes back the whole edit
                return tag_claim(store=self.store, actor=self.reviewer, claim_id=claim.id, tags=new, remove=gone,
                                 expected_version=claim.version)  # fmt: skip

            if new or gone:
                self.act(change, lambda _: self._changed(claim.id), done=f"Claim {claim.id}: tags saved")

        prompt = PromptDialog(f"Tags of claim {claim.id}", "Tags, separated by commas", detail=claim.text,
                              value=", ".join(claim.tags), required=False)  # fmt: skip
        self.app.push_screen(prompt, retag)

    def action_status(self, wanted: str) -> None:
        detail = self._claim()
        status = next((s for s in CLAIM_STATUSES if s == wanted), None)
        if detail is None or status is None:
            return
        claim = detail.claim

        def change(confirmed: bool | None = True) -> None:
            if not confirmed:
                return
            done = f"Claim {claim.id}: {status.replace('_', ' ')} · N: why · ctrl+z: undo"
            self._change_claim(claim.id, claim.version, done, update_claim, status=status)

        if claim.status == "verified" and status != "verified":
            # a verified claim is a decision made with care: one stray key does not undo it
            question = f"Claim {claim.id} is verified. Mark it {status.replace('_', ' ')}?"
            self.app.push_screen(ConfirmDialog(question, claim.text), change)
            return
        change()

    def action_credibility(self, wanted: int) -> None:
        detail = self._claim()
        if detail is None:
            return
        value = check_credibility(wanted)
        claim = detail.claim
        self._change_claim(claim.id, claim.version, f"Claim {claim.id}: credibility {value} · N: why", update_claim,
                           credibility=value)  # fmt: skip

    def _change_claim(
        self, claim_id: int, version: int, done: str, service: Callable[..., object], **values: object
    ) -> None:
        """Run a claim service on the claim shown, at the version shown, then show the claim as it is now."""
        self.act(
            lambda: service(
                store=self.store, actor=self.reviewer, claim_id=claim_id, expected_version=version, **values
            ),
            lambda _: self._changed(claim_id),
            done=done,
        )

    def refresh_after_conflict(self) -> None:
        """A claim changed under us: reload what is shown of it."""
        detail = self.query_one(Inspector).detail
        self._reload_marks()
        if detail is not None:
            self.show_claim(detail.claim.id)

    def _conflict(self, message: str) -> None:
        self.notify(message, title="Changed by someone else", severity="warning", timeout=8)
        self.refresh_after_conflict()

    # -- moving and selecting ------------------------------------------------------------------

    def action_select_sentence(self) -> None:
        article = self.query_one(ArticleView)
        at = article.cursor_offset
        for start, end in self.sentences:
            if start <= at < end or (at == end and start < end):
                article.select_span(start, end)
                return
        self.notify("No sentence at the cursor.", severity="warning")

    def action_extend_word(self) -> None:
        article = self.query_one(ArticleView)
        match = _WORD_END.search(article.source_text, article.cursor_offset)
        if match is not None:
            article.extend_to(match.end())

    def action_extend_candidate(self) -> None:
        article = self.query_one(ArticleView)
        at = article.cursor_offset
        following = [m for m in article.marks if m.kind in _MARKED and m.end > at]
        if following:
            article.extend_to(min(following, key=lambda m: (m.start, m.end)).end)

    def action_candidate(self, step: int) -> None:
        self._jump(step, evidence=False)

    def action_evidence(self, step: int) -> None:
        self._jump(step, evidence=True)

    def _jump(self, step: int, *, evidence: bool) -> None:
        article = self.query_one(ArticleView)
        span = article.selected_span or (article.cursor_offset, article.cursor_offset)
        marks = [m for m in article.marks if (m.kind == "evidence" if evidence else m.kind in _MARKED)]
        ahead = [m for m in marks if m.start > span[0]] if step > 0 else [m for m in marks if m.start < span[0]]
        if not ahead:
            self.notify(f"No {'evidence' if evidence else 'candidate'} {'after' if step > 0 else 'before'} this.")
            return
        target = min(ahead, key=lambda m: m.start) if step > 0 else max(ahead, key=lambda m: m.start)
        article.select_span(target.start, target.end)
        article.focus()

    def action_source(self, step: int) -> None:
        table = self.query_one("#sources", PagedTable)
        shown = str(self.view.source.id) if self.view is not None else None
        if shown is not None and shown not in table.rows:
            # opened from elsewhere (the palette, a search, a claim) beyond the rows loaded: the
            # next source is the one after it, not after the list's cursor
            source_id = int(shown)

            def next_one() -> int | None:
                return fetch(self.store, read.neighbour_source, source_id, step, case=self.case)

            def show(found: int | None) -> None:
                if found is not None:
                    self.open_source(found)

            self.load(next_one, show, group="step")
            return
        if shown is not None and table.cursor_row != table.get_row_index(shown):
            table.move_cursor(row=table.get_row_index(shown), animate=False)
        row = max(0, min(table.cursor_row + step, table.row_count - 1))
        if row != table.cursor_row:
            # open it now, not on the table's later message: one frame shows both changes
            self.open_source(self._source_at(row))
        table.move_cursor(row=row)

    def _source_at(self, row: int) -> int:
        table = self.query_one("#sources", PagedTable)
        return int(str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value))

    def action_find(self) -> None:
        field = self.query_one("#find", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#find")
    def find_next(self, event: Input.Submitted) -> None:
        article = self.query_one(ArticleView)
        wanted = event.value.strip()
        if not wanted:
            return
        # from just after the match shown (the next may start where it ends), else from the cursor
        shown = article.selected_span
        found = find_caseless(article.source_text, wanted, shown[0] + 1 if shown else article.cursor_offset)
        if found is None:
            article.highlight_found(None)
            self.notify(f"Not in this article: {one_line(wanted, 40)}", severity="warning")
            return
        article.highlight_found(found)
        article.select_span(*found)

    def action_clear(self) -> None:
        field = self.query_one("#find", Input)
        article = self.query_one(ArticleView)
        if field.display:
            field.display = False
            article.highlight_found(None)
            article.focus()
            return
        article.move_cursor(article.selection.end)
