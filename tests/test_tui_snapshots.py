"""How each screen of the workbench looks on the samples (SVG snapshots, reviewed by eye when they change).

The clock is fixed (``SOURCE_DATE_EPOCH``) so that times and hashes on screen are the same every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from store import Store
from tests.tui_helpers import SIZE, import_samples, make_app, settle
from workbench.claims import EvidenceSpec, create_claim
from workbench.relations import run_match
from workbench.spans import Quote
from workbench.tui.app import WorkbenchApp


@pytest.fixture
def reviewed(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The samples with four claims, matched: a duplicate and a contradiction to decide."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    import_samples(store)
    for text, source, quote in [
        ("At least five T-72B3 tanks were delivered to Mali", 1, Quote("at least five T-72B3")),
        ("Russia delivered two helicopters to Mali", 2, Quote("two helicopters", 1)),
        ("Russia delivered four helicopters to Mali", 2, Quote("at least four helicopters")),
        ("Russia delivered two Mi-17 helicopters to Mali", 1, Quote("two Mil Mi-17s")),
    ]:
        create_claim(store=store, actor="ana", text=text, evidence=[EvidenceSpec(source, quote)])
    run_match(store=store, actor="ana")
    yield store


def waiting(*keys: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, WorkbenchApp)
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)

    return run


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("reader", ["right_square_bracket"]),
        ("claims", ["C"]),
        ("queues", ["Q"]),
        ("matrix", ["M"]),
        ("outlets", ["O"]),
        ("audit", ["A"]),
        ("help", ["question_mark"]),
        ("search", ["S", *"helicopters", "down"]),
    ],
)
def test_screen(snap_compare: Callable[..., bool], reviewed: Store, name: str, keys: list[str]) -> None:
    assert snap_compare(make_app(reviewed), terminal_size=SIZE, run_before=waiting(*keys))


def test_claim_dialog(snap_compare: Callable[..., bool], reviewed: Store) -> None:
    assert snap_compare(make_app(reviewed), terminal_size=SIZE, run_before=waiting("s", "c"))


@pytest.fixture
def on_the_desk(reviewed: Store) -> Store:
    """The reviewed samples with a case, a tag, an assignment, a retracted link and a signed-off claim."""
    from workbench.cases import add_case, put
    from workbench.claims import link_evidence, update_claim
    from workbench.corrections import retract_evidence
    from workbench.desk import assign_claim, tag_claim

    add_case(store=reviewed, actor="ana", name="Mali armour")
    put(store=reviewed, actor="ana", name="Mali armour", sources=[1], claims=[1])
    add_case(store=reviewed, actor="ana", name="Helicopters")
    tag_claim(store=reviewed, actor="ana", claim_id=1, tags=["armour", "needs imagery"])
    assign_claim(store=reviewed, actor="ana", claim_id=1, reviewer="bob")
    wrong = link_evidence(
        store=reviewed, actor="ana", claim_id=1, evidence=EvidenceSpec(2, Quote("two helicopters", 1))
    )
    retract_evidence(store=reviewed, actor="ana", evidence_id=wrong.id, note="about the helicopters, not the tanks")
    update_claim(store=reviewed, actor="bob", claim_id=1, status="verified")
    return reviewed


def test_the_inspector_shows_the_desk(snap_compare: Callable[..., bool], on_the_desk: Store) -> None:
    """Who reviewed and approved, the assignee, the tags, the retracted link marked as such."""
    assert snap_compare(make_app(on_the_desk), terminal_size=SIZE, run_before=waiting("right_square_bracket"))


def test_case_picker(snap_compare: Callable[..., bool], on_the_desk: Store) -> None:
    assert snap_compare(make_app(on_the_desk), terminal_size=SIZE, run_before=waiting("W"))
