"""The inspector: the claim under the cursor, its evidence in every source, its relations and history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.models import ClaimDetail, ClaimRead, EvidenceItem
from workbench.tui.text import join, line, passage, status


def _evidence_option(item: EvidenceItem) -> Option:
    where = "orphaned: text gone" if item.start is None else f"{item.start}:{item.end}"
    where += "" if item.page is None else f" p. {item.page}"
    outlet = item.outlet or "unknown outlet"
    grade = f" ({item.reliability})" if item.reliability else ""
    flags = [f for f, on in (("reprint", item.reprint), ("old revision", not item.current)) if on]
    retracted = (
        join(" · ", line(f"RETRACTED by {item.retracted_by}: {item.retraction_note or ''}", 80, "bold red"))
        if item.retracted_at is not None
        else ""
    )
    head = join(
        line(outlet, 28, "bold"),
        grade,
        f" · source {item.source_id} · {where} · ",
        Text(item.stance, style="italic"),
        f" · {item.anchor_status}",
        f" · {', '.join(flags)}" if flags else "",
        retracted,
    )
    quote = join(
        "…", passage(item.prefix[-24:], "dim"), passage(item.exact, "bold"), passage(item.suffix[:24], "dim"), "…"
    )
    return Option(join(head, "\n", quote), id=f"evidence-{item.id}")


class Inspector(VerticalScroll):
    """Shows one claim in full; enter on a piece of evidence opens its source at the span."""

    class EvidenceChosen(Message):
        """The reviewer asked to see a piece of evidence in its source."""

        def __init__(self, evidence: EvidenceItem) -> None:
            super().__init__()
            self.evidence = evidence

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: ClaimDetail | None = None
        self.border_title = "Claim"

    def compose(self) -> ComposeResult:
        hint = "Move the cursor onto a highlighted span, or select text and press c to record a claim."
        yield Static(Text(hint), id="claim-head")
        yield Static(id="claim-text")
        yield Static(id="claim-grade")
        yield OptionList(id="claim-evidence")
        yield Static(id="claim-related")
        yield Static(id="claim-history")

    def on_mount(self) -> None:
        self.query_one("#claim-evidence", OptionList).display = False

    def show(self, detail: ClaimDetail | None) -> None:
        """Show a claim (or nothing)."""
        self.detail = detail
        head, body, grade = (self.query_one(f"#claim-{n}", Static) for n in ("head", "text", "grade"))
        evidence = self.query_one("#claim-evidence", OptionList)
        related, history = self.query_one("#claim-related", Static), self.query_one("#claim-history", Static)
        evidence.clear_options()
        if detail is None:
            evidence.display = False
            for widget in (body, grade, related, history):
                widget.update("")
            head.update(Text("No claim here."))
            return
        claim = detail.claim
        self.border_title = f"Claim {claim.id}"
        head.update(
            join(
                Text(f"#{claim.id} ", style="bold"),
                status(claim.status),
                f" · credibility {claim.credibility} (suggested {claim.suggested_credibility})",
                f" · v{claim.version}",
            )
        )
        body.update(join(passage(claim.text, "bold"), *_desk(claim)))
        outlets = ", ".join(claim.outlets) or ("no outlet named" if claim.independent_sources else "")
        warning = Text(" · CONTRADICTED", style="bold red") if claim.contradicted else Text("")
        count = claim.independent_sources
        grade.update(
            join(
                f"{count} independent source{'s' if count != 1 else ''}" + (": " if outlets else ""),
                line(outlets, 60),
                warning,
                "\n",
                Text(f"rule: {claim.credibility_rule}", style="dim"),
                *_facts(detail),
            )
        )
        evidence.add_options([_evidence_option(e) for e in detail.evidence])
        evidence.border_title = f"Evidence ({len(detail.evidence)}) · enter opens it"
        evidence.display = bool(detail.evidence)
        lines = [Text("Related", style="bold")] if detail.related else []
        for r in detail.related:
            what = f"{r.kind} ({r.aspect})" if r.aspect else r.kind
            lines.append(join(f"{what}, {r.status} with #{r.other_id}: ", line(r.other_text, 70)))
        related.update(Text("\n").join(lines))
        events = [Text("History", style="bold")] + [
            join(Text(e.at[:19].replace("T", " "), style="dim"), f"  #{e.seq} {e.action} by ", line(e.actor, 24),
                 f" (about #{e.data['regarding']})" if e.data.get("regarding") else "",
                 join(" · ", line(str(e.data.get("note")), 60)) if e.data.get("note") else "")
            for e in detail.history[:12]
        ]  # fmt: skip
        history.update(Text("\n").join(events))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a piece of evidence: open it in the reader."""
        event.stop()
        if self.detail is not None and event.option.id:
            wanted = int(event.option.id.removeprefix("evidence-"))
            for item in self.detail.evidence:
                if item.id == wanted:
                    self.post_message(self.EvidenceChosen(item))


def _desk(claim: ClaimRead) -> list[Text | str]:
    """Who reviewed and approved the claim, whom it is assigned to, its tags, and where it was merged."""
    said: list[Text | str] = []
    reviewed = claim.edited_by or claim.created_by
    signed = f" · approved by {claim.approved_by}" if claim.approved_by else ""
    said += ["\n", line(f"reviewed by {reviewed}{signed}", 80, "dim")]
    if claim.assigned_to:
        said += [Text(" · assigned to ", style="dim"), line(claim.assigned_to, 24, "bold")]
    if claim.tags:
        said += [Text(" · tags: ", style="dim"), line(", ".join(claim.tags), 60)]
    if claim.merged_into:
        said += ["\n", Text(f"merged into claim {claim.merged_into}: work on that one", style="bold yellow")]
    return said


def _facts(detail: ClaimDetail) -> list[Text | str]:
    """The figures of the claim as matching reads them: value, what it counts, its event."""
    if not detail.facts:
        return []
    said = [
        " · ".join([f.value, *(w for w in (f.counted, f.event) if w), *(["total"] if f.total else [])])
        for f in detail.facts
    ]
    return ["\n", Text("facts: ", style="dim"), line("; ".join(said), 200)]
