"""Recording a claim from a span, or linking a span to a claim: the dialog, then the one service call.

Every screen that shows spans (the reader, search, a claim's other sources) records and links
the same way, through these two functions.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim, link_evidence
from workbench.models import ClaimRow
from workbench.spans import Offsets
from workbench.tui.base import DataScreen
from workbench.tui.dialogs import ClaimDialog, ClaimPicker, LinkRequest, NewClaimRequest


def record_claim(
    screen: DataScreen, *, source_id: int, span: tuple[int, int], quote: str, label: str, then: Callable[[int], object]
) -> None:
    """Ask for the claim's wording (pre-filled with ``quote``), then create it with the span as its evidence."""

    def created(request: NewClaimRequest | None) -> None:
        if request is None:
            return
        evidence = EvidenceSpec(source_id, Offsets(*span), request.stance)
        screen.act(
            lambda: create_claim(
                store=screen.store,
                actor=screen.reviewer,
                text=request.text,
                evidence=[evidence],
                credibility=request.credibility,
            ),
            lambda claim: then(claim.id),
            done=f"Claim recorded from {span[0]}:{span[1]}",
        )

    screen.app.push_screen(ClaimDialog(quote, label), created)


def link_span(
    screen: DataScreen, *, source_id: int, span: tuple[int, int], quote: str, then: Callable[[int], object]
) -> None:
    """Ask which claim the span backs (claims ranked by likeness to ``quote``), then link it."""

    def rank(text: str) -> list[tuple[ClaimRow, float]]:
        return fetch(screen.store, read.similar_claims, text)

    def chosen(request: LinkRequest | None) -> None:
        if request is None:
            return
        evidence = EvidenceSpec(source_id, Offsets(*span), request.stance)
        screen.act(
            lambda: link_evidence(
                store=screen.store, actor=screen.reviewer, claim_id=request.claim_id, evidence=evidence
            ),
            lambda _: then(request.claim_id),
            done=f"Linked to claim {request.claim_id}",
        )

    screen.app.push_screen(ClaimPicker(quote, rank), chosen)
