"""The review desk in the workbench, driven by keys: retract, undo, notes, merge, cases, my queue, four eyes."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from store import Store
from tests.tui_helpers import drive, import_samples, make_app, settle
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim, update_claim
from workbench.desk import assign_claim
from workbench.models import ClaimRead
from workbench.relations import add_contradiction
from workbench.settings import set_setting
from workbench.spans import Quote
from workbench.tui.app import WorkbenchApp
from workbench.tui.desk import CasePicker, PromptDialog
from workbench.tui.dialogs import ClaimPicker, ConfirmDialog
from workbench.tui.inspector import Inspector
from workbench.tui.screens.claims import ClaimsScreen
from workbench.tui.screens.queues import QueuesScreen
from workbench.tui.screens.reader import ReaderScreen


@pytest.fixture
def samples(store: Store) -> Store:
    import_samples(store)
    return store


def tanks(store: Store, actor: str = "ana") -> ClaimRead:
    return create_claim(store=store, actor=actor, text="At least five T-72B3 tanks were delivered",
                        evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip


def helicopters(
    store: Store, text: str = "Russia delivered two helicopters to Mali", quote: str = "two helicopters"
) -> ClaimRead:
    return create_claim(store=store, actor="ana", text=text,
                        evidence=[EvidenceSpec(2, Quote(quote, 1))])  # fmt: skip


async def inspect(app: object, pilot: Pilot[None], claim_id: int) -> ReaderScreen:
    reader = app.screen  # type: ignore[attr-defined]
    assert isinstance(reader, ReaderScreen)
    reader.open_claim(claim_id)  # its source opens, the cursor on its evidence
    await settle(app, pilot)  # type: ignore[arg-type]
    return reader


def test_a_wrong_link_is_retracted_with_a_reason_and_ctrl_z_puts_it_back(samples: Store) -> None:
    claim = tanks(samples)
    app = make_app(samples)
    seen: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await inspect(app, pilot, claim.id)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"wrong span", "enter")
        await settle(app, pilot)
        inspector = app.screen.query_one(Inspector)
        seen.append(str(inspector.query_one("#claim-evidence", OptionList).get_option_at_index(0).prompt))
        await pilot.press("ctrl+z")
        await settle(app, pilot)

    drive(app, scenario)
    assert "RETRACTED by ana: wrong span" in seen[0]
    [evidence] = fetch(samples, read.claim, claim.id).evidence
    assert evidence.retracted_at is None  # put back by the undo
    actions = [e.action for e in fetch(samples, read.audit_events, ("evidence", evidence.id))]
    assert actions == ["claim.create", "evidence.retract", "undo"]


def test_an_accidental_dispute_is_undone_with_ctrl_z_and_a_decision_takes_a_note(samples: Store) -> None:
    claim = tanks(samples)
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await inspect(app, pilot, claim.id)
        await pilot.press("d")
        await settle(app, pilot)
        assert fetch(samples, read.claim, claim.id).status == "disputed"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert fetch(samples, read.claim, claim.id).status == "in_review"
        await pilot.press("x")  # rejected, on purpose this time: N says why
        await settle(app, pilot)
        await pilot.press("N")
        await settle(app, pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"the trucks carry BMDs", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    history = fetch(samples, read.audit_events, ("claim", claim.id), newest_first=True, limit=2)
    note, decision = history
    assert (decision.action, note.action) == ("claim.status", "note")
    assert note.data["note"] == "the trucks carry BMDs" and note.data["regarding"] == decision.seq


def test_a_claim_stated_twice_is_merged_with_keys(samples: Store) -> None:
    kept = helicopters(samples)
    twice = helicopters(samples, "Mali took delivery of two helicopters", "received two helicopters")
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await inspect(app, pilot, twice.id)
        await pilot.press("J")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimPicker)
        options = app.screen.query_one("#picker-claims", OptionList)
        assert options.get_option_at_index(0).id == str(kept.id)
        await pilot.press("enter", "enter")  # from the search to the list, then choose
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)

    drive(app, scenario)
    assert fetch(samples, read.claim, twice.id).merged_into == kept.id
    assert len(fetch(samples, read.claim, kept.id).evidence) == 2


def test_a_case_narrows_every_screen_and_k_puts_the_source_and_claim_in_it(samples: Store) -> None:
    claim = tanks(samples)
    other = helicopters(samples)
    app = make_app(samples)
    rows: dict[str, list[str]] = {}

    async def scenario(pilot: Pilot[None]) -> None:
        await inspect(app, pilot, other.id)  # on source 2: the list's second row
        await pilot.press("W")
        await settle(app, pilot)
        assert isinstance(app.screen, CasePicker)
        await pilot.press("end", "enter")  # "New case…"
        await settle(app, pilot)
        await pilot.press(*"Armour", "enter")
        await settle(app, pilot)
        assert app.case == "Armour" and "case Armour" in app.sub_title
        await pilot.press("K")
        await settle(app, pilot)
        rows["sources"] = [str(k.value) for k in app.screen.query_one("#sources").rows]
        await pilot.press("C")  # the claims screen

        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        rows["claims"] = [str(k.value) for k in app.screen.query_one("#claims").rows]
        app.switch_mode("queues")
        await settle(app, pilot)
        assert isinstance(app.screen, QueuesScreen)
        rows["contradictions"] = [str(i.id) for i in app.screen.items["contradictions"]]
        await pilot.press("W")
        await settle(app, pilot)
        await pilot.press("home", "enter")  # everything again
        await settle(app, pilot)
        rows["all"] = [str(i.id) for i in app.screen.items["contradictions"]]

    add_contradiction(store=samples, actor="ana", a=claim.id, b=other.id)
    drive(app, scenario)
    assert rows["sources"] == ["2"] and rows["claims"] == [str(other.id)]
    assert rows["contradictions"] == [] and len(rows["all"]) == 1  # the pair is half outside the case
    [case] = fetch(samples, read.audit_events, search="case.put")
    assert case.actor == "ana"


def test_my_queue_shows_the_claims_assigned_to_me(samples: Store) -> None:
    mine, theirs = tanks(samples), helicopters(samples)
    assign_claim(store=samples, actor="bob", claim_id=mine.id, reviewer="ana")
    app = make_app(samples)
    shown: list[list[str]] = []

    async def scenario(pilot: Pilot[None]) -> None:
        app.switch_mode("claims")
        await settle(app, pilot)
        shown.append([str(k.value) for k in app.screen.query_one("#claims").rows])
        await pilot.press("m")
        await settle(app, pilot)
        shown.append([str(k.value) for k in app.screen.query_one("#claims").rows])

    drive(app, scenario)
    assert shown == [[str(mine.id), str(theirs.id)], [str(mine.id)]]


def test_with_four_eyes_my_own_verification_is_refused_and_a_second_reviewer_s_accepted(samples: Store) -> None:
    claim = tanks(samples, actor="ana")
    set_setting(store=samples, actor="ana", name="four_eyes", to="on")
    for reviewer in ("ana", "bob"):
        app = make_app(samples, reviewer)

        async def scenario(pilot: Pilot[None], app: WorkbenchApp = app) -> None:
            await inspect(app, pilot, claim.id)
            await pilot.press("v")
            await settle(app, pilot)

        drive(app, scenario)
        found = fetch(samples, read.claim, claim.id)
        assert (found.status, found.approved_by) == (("in_review", None) if reviewer == "ana" else ("verified", "bob"))


def test_a_queue_decision_takes_a_note_with_n(samples: Store) -> None:
    a, b = tanks(samples), helicopters(samples)
    add_contradiction(store=samples, actor="setup", a=a.id, b=b.id)
    update_claim(store=samples, actor="setup", claim_id=a.id, credibility=2)
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        app.switch_mode("queues")
        await settle(app, pilot)
        assert isinstance(app.screen, QueuesScreen) and app.screen.current == "contradictions"  # the first with items
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("N", *"different weapons", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    note, dismissal = fetch(samples, read.audit_events, search="ana", newest_first=True, limit=2)
    assert (dismissal.action, note.action, note.entity) == ("contradiction.dismiss", "note", "claim_relation")
    assert note.data["regarding"] == dismissal.seq and note.data["note"] == "different weapons"


def test_a_case_name_with_markup_shows_as_typed_in_notices(samples: Store) -> None:
    """Notices carry names from the data: "[/]" in a case name is text, never markup that stops the app."""
    import asyncio

    from workbench.cases import add_case

    tanks(samples)
    add_case(store=samples, actor="bob", name="Mali [/] deliveries")
    app = make_app(samples)
    seen: list[str] = []

    async def run() -> None:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(app, pilot)
            await pilot.press("W")
            await settle(app, pilot)
            await pilot.press("down", "enter")  # the case
            await settle(app, pilot)
            await pilot.press("K")
            await settle(app, pilot)
            seen.extend(str(n.message) for n in app._notifications)

    asyncio.run(run())
    assert app.return_code in (None, 0)
    assert any("Mali [/] deliveries" in message for message in seen)
