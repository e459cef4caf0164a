"""The review workbench driven by its keys, on real stores; every assertion is on what the store holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from store import Store
from tests.conftest import Cli
from tests.tui_helpers import drive, import_samples, import_text, make_app, settle
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim, update_claim
from workbench.cli.app import Exit
from workbench.relations import run_match
from workbench.spans import Quote
from workbench.tui.app import WorkbenchApp
from workbench.tui.article import ArticleView
from workbench.tui.dialogs import ClaimDialog, ClaimPicker, ResolveDialog
from workbench.tui.inspector import Inspector
from workbench.tui.screens.queues import QueuesScreen
from workbench.tui.screens.reader import ReaderScreen


@pytest.fixture
def samples(store: Store) -> Store:
    import_samples(store)
    return store


def article(app: object) -> ArticleView:
    return app.screen.query_one(ArticleView)  # type: ignore[attr-defined, no-any-return]


def test_a_claim_from_a_keyboard_selection_has_the_exact_offsets(samples: Store) -> None:
    app = make_app(samples)
    armour = samples_text(samples, 1)
    wanted = "at least five T-72B3"
    start = armour.index(wanted)

    async def scenario(pilot: Pilot[None]) -> None:
        view = article(app)
        view.move_cursor(view.location_of(start))
        await pilot.press(*["shift+right"] * len(wanted))
        assert view.selected_span == (start, start + len(wanted))
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        app.screen.query_one("#claim-text", Input).value = "At least five T-72B3 tanks were delivered to Mali"
        await pilot.press("enter")
        await settle(app, pilot)

    drive(app, scenario)
    [claim] = fetch(samples, read.claims)
    assert claim.text == "At least five T-72B3 tanks were delivered to Mali"
    [evidence] = claim.evidence
    assert (evidence.source_id, evidence.start, evidence.end, evidence.exact) == (1, start, start + len(wanted), wanted)
    assert [e.action for e in fetch(samples, read.audit_events)][-1] == "claim.create"
    assert fetch(samples, read.audit_events)[-1].actor == "ana"


def samples_text(store: Store, source_id: int) -> str:
    from workbench import read
    from workbench.access import fetch

    return fetch(store, read.source, source_id).text


def test_sentence_key_and_word_extension_select_whole_units(samples: Store) -> None:
    app = make_app(samples)
    afp = samples_text(samples, 2)
    sentence = "An AFP journalist saw two helicopters and at least five transport trucks."
    at = afp.index(sentence)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press(">")  # the next source: the AFP story
        await settle(app, pilot)
        view = article(app)
        assert view.source_text == afp
        view.move_cursor(view.location_of(at + 5))
        await pilot.press("s")
        assert view.selected_span == (at, at + len(sentence))
        view.move_cursor(view.location_of(at))
        await pilot.press("w", "w")
        assert view.selected_span == (at, at + len("An AFP"))
        await pilot.press("e")  # on to the end of the next candidate: "AFP journalist saw" attribution or a figure
        span = view.selected_span
        assert span is not None and span[1] > at + len("An AFP")

    drive(app, scenario)


def test_wide_characters_and_curly_quotes_keep_offsets_exact(store: Store) -> None:
    text = "東京で “五両” の戦車 😀 were seen — at least five T-72B3.\nSecond line, café."
    source_id = import_text(store, text, title="Wide")
    app = make_app(store)
    wanted = "at least five"
    start = text.index(wanted)

    async def scenario(pilot: Pilot[None]) -> None:
        view = article(app)
        assert view.source_text == text
        view.move_cursor((0, 0))
        await pilot.press(*["right"] * start)
        await pilot.press(*["shift+right"] * len(wanted))
        assert view.selected_span == (start, start + len(wanted))
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        view.move_cursor(view.location_of(text.index("café")))
        await pilot.press("shift+end")
        assert view.selected_span == (text.index("café"), len(text))

    drive(app, scenario)
    [claim] = fetch(store, read.claims)
    assert (claim.evidence[0].source_id, claim.evidence[0].exact) == (source_id, wanted)


def test_markup_and_escape_codes_in_an_article_are_shown_as_text(store: Store) -> None:
    hostile = "Officials said [bold red]five[/] tanks \x1b[31marrived\x1b[0m [link=http://x]here[/link] \u202eevil.\n"
    import_text(store, hostile, title="[b]Hostile[/b] \x1b[2J")
    create_claim(store=store, actor="ana", text="[bold]Five[/bold] \x1b[2J tanks",
                 evidence=[EvidenceSpec(1, Quote("five"))])  # fmt: skip
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        view = article(app)
        shown = view.document.text
        assert "[bold red]five[/]" in shown and "[link=http://x]" in shown
        assert "\x1b" not in shown and "\u202e" not in shown and "␛[31m" in shown
        assert len(shown) == len(hostile)
        start = hostile.index("five")
        view.move_cursor(view.location_of(start))
        await settle(app, pilot)
        inspector = app.screen.query_one(Inspector)
        assert inspector.detail is not None
        rendered = "".join(str(s.render()) for s in inspector.query("Static"))
        assert "[bold]Five[/bold]" in rendered and "\x1b" not in rendered

    drive(app, scenario)


def test_status_and_credibility_keys_change_the_claim_under_the_cursor(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Five T-72B3 delivered",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    app = make_app(samples)
    start = claim.evidence[0].start
    assert start is not None

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("]")  # next evidence: selects it, the inspector shows its claim
        await settle(app, pilot)
        assert article(app).selected_span == (start, claim.evidence[0].end)
        assert app.screen.query_one(Inspector).detail.claim.id == claim.id  # type: ignore[union-attr]
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)

    drive(app, scenario)
    after = fetch(samples, read.claim, claim.id)
    assert (after.status, after.credibility) == ("verified", 2)
    assert [e.action for e in fetch(samples, read.audit_events)][-2:] == ["claim.status", "claim.credibility"]


def test_refused_actions_become_notices_not_crashes(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Helicopters arrived",
                         evidence=[EvidenceSpec(2, Quote("two helicopters", 1), "mentions")])  # fmt: skip
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press(">")
        await settle(app, pilot)
        await pilot.press("]")
        await settle(app, pilot)
        await pilot.press("v")  # verified needs supporting evidence: this one only mentions it
        await settle(app, pilot)
        assert any("cannot be verified" in n.message for n in app._notifications)
        await pilot.press("c")  # nothing selected? the selection of "]" is there; escape clears it
        await settle(app, pilot)
        if isinstance(app.screen, ClaimDialog):
            await pilot.press("escape")

    drive(app, scenario)
    assert fetch(samples, read.claim, claim.id).status == "in_review"


def test_a_claim_changed_meanwhile_is_a_conflict_not_an_overwrite(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Five T-72B3 delivered",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    app = make_app(samples, reviewer="ana")

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("]")
        await settle(app, pilot)
        # another reviewer, in another window, rejects it
        update_claim(store=samples, actor="bob", claim_id=claim.id, status="rejected")
        await pilot.press("v")
        await settle(app, pilot)
        assert any("changed meanwhile" in n.message for n in app._notifications)
        inspector = app.screen.query_one(Inspector)
        assert inspector.detail is not None and inspector.detail.claim.status == "rejected"  # refreshed

    drive(app, scenario)
    assert fetch(samples, read.claim, claim.id).status == "rejected"


def test_linking_a_selection_picks_the_most_similar_claim(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Russia delivered two helicopters to Mali",
                         evidence=[EvidenceSpec(2, Quote("two helicopters", 1))])  # fmt: skip
    create_claim(store=samples, actor="setup", text="Tanks had cages on their turrets")
    app = make_app(samples)
    armour = samples_text(samples, 1)
    wanted = "two Mil Mi-17s"
    start = armour.index(wanted)

    async def scenario(pilot: Pilot[None]) -> None:
        article(app).select_span(start, start + len(wanted))
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimPicker)
        options = app.screen.query_one("#picker-claims", OptionList)
        assert options.get_option_at_index(0).id == str(claim.id)
        await pilot.press("down")  # from the search box to the list, as the box says
        assert options.has_focus and options.highlighted == 0
        await pilot.press("enter")
        await settle(app, pilot)

    drive(app, scenario)
    evidence = fetch(samples, read.claim, claim.id).evidence
    assert [(e.source_id, e.exact) for e in evidence] == [(2, "two helicopters"), (1, wanted)]


def test_queues_decide_duplicates_and_resolve_contradictions_by_key(samples: Store) -> None:
    for text, quote in [
        ("Russia delivered two combat helicopters to Mali", "two helicopters"),
        ("Russia delivered 2 combat helicopters to Mali", "two helicopters"),
        ("Russia delivered four combat helicopters to Mali", "at least four helicopters"),
    ]:
        create_claim(store=samples, actor="setup", text=text, evidence=[EvidenceSpec(2, Quote(quote, 1))])
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await settle(app, pilot)
        await pilot.press("m")  # run matching
        await settle(app, pilot)
        await pilot.press("a")  # the duplicate: same claim
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        assert screen.current == "contradictions"  # the empty duplicates queue gave way
        await pilot.press("tab")
        assert screen.current == "orphans"
        await pilot.press("tab", "tab")
        assert screen.current == "contradictions"
        await pilot.press("c")  # confirm the first contradiction
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ResolveDialog)
        app.screen.query_one("#resolve-note", Input).value = "two now, four before"
        await pilot.press("enter")
        await settle(app, pilot)

    drive(app, scenario)
    relations = {(r.a, r.b): (r.kind, r.status) for r in fetch(samples, read.relations)}
    assert relations[(1, 2)] == ("duplicate", "confirmed")
    assert ("contradiction", "resolved") in relations.values()
    actions = [e.action for e in fetch(samples, read.audit_events)]
    assert {"relation.decide", "contradiction.add", "contradiction.resolve"} <= set(actions)


def test_outlets_are_graded_with_a_letter(samples: Store) -> None:
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)

    drive(app, scenario)
    assert fetch(samples, read.audit_events)[-1].action == "outlet.grade"


def test_the_claims_table_searches_and_opens_a_claim_in_the_reader(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Helicopters came from Russia",
                         evidence=[EvidenceSpec(2, Quote("two helicopters", 2))])  # fmt: skip
    create_claim(store=samples, actor="setup", text="Something else entirely")
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("C")
        await settle(app, pilot)
        await pilot.press("slash", *"helicop", "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#claims")
        assert table.row_count == 1  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = article(app)
        assert view.selected_span == (claim.evidence[0].start, claim.evidence[0].end)

    drive(app, scenario)


def test_every_binding_has_an_id_and_help_lists_them(samples: Store) -> None:
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        for screen_key in "RCQMOA":
            await pilot.press(screen_key)
            await settle(app, pilot)
            for binding in [*vars(type(app.screen)).get("BINDINGS", []), *type(app).BINDINGS]:
                assert isinstance(binding, Binding) and binding.id, binding
            await pilot.press("question_mark")
            await settle(app, pilot)
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await settle(app, pilot)

    drive(app, scenario)


def test_keys_remapped_by_id_act_and_show_in_the_help(samples: Store) -> None:
    claim = create_claim(store=samples, actor="setup", text="Five T-72B3 delivered",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    app = WorkbenchApp(samples, "ana", label="test.db", keys={"reader.verify": "V", "app.claims": "K"})
    shown: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("]")
        await settle(app, pilot)
        await pilot.press("v")  # no longer bound
        await settle(app, pilot)
        assert fetch(samples, read.claim, claim.id).status == "in_review"
        await pilot.press("V")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        shown.extend(str(table.get_row_at(i)[0]) for i in range(table.row_count))
        await pilot.press("escape")
        await pilot.press("K")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ClaimsScreen"

    drive(app, scenario)
    assert fetch(samples, read.claim, claim.id).status == "verified"
    assert "V" in shown and "v" not in shown and "K" in shown


def test_a_keys_file_naming_an_unknown_binding_is_refused(tmp_path: Path) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"reader.verify" = "V"\n"reader.verfy" = "W"\n', encoding="utf-8")
    run = Cli(tmp_path / "demo.db")("review", "--keys", str(keys))
    assert run.code == Exit.refused
    assert run.stderr.strip().splitlines() == [
        f"error: {keys}: no binding with id reader.verfy (`workbench keys` lists them)"
    ]
    assert not (tmp_path / "demo.db").exists()


def test_the_reader_keeps_its_place_across_screens(samples: Store) -> None:
    app = make_app(samples)
    text = samples_text(samples, 2)
    start = text.index("two helicopters", 1000)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("greater_than_sign")  # the second source
        await settle(app, pilot)
        article(app).select_span(start, start + 15)
        for key in ("C", "M", "R"):
            await pilot.press(key)
            await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.view is not None
        assert reader.view.source.id == 2
        assert article(app).selected_span == (start, start + 15)

    drive(app, scenario)


def test_find_selects_exactly_the_words_found_whatever_folds_before_them(store: Store) -> None:
    """ "Straße" folds to one more letter than it has: the match after it must not be off by one."""
    text = "Straße: tanks were seen. Then more TANKS, and STRASSE again."
    import_text(store, text, title="Street")
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        view = article(app)
        await pilot.press("slash", *"tanks", "enter")
        await settle(app, pilot)
        assert view.selected_span is not None
        assert text[slice(*view.selected_span)] == "tanks"
        await pilot.press("enter")  # the next match, from the cursor on
        await settle(app, pilot)
        assert text[slice(*view.selected_span)] == "TANKS"
        field = app.screen.query_one("#find", Input)
        field.value = "strasse"
        await pilot.press("enter")
        await settle(app, pilot)
        assert text[slice(*view.selected_span)] == "STRASSE"
        await pilot.press("enter")  # wraps round to the top
        await settle(app, pilot)
        assert text[slice(*view.selected_span)] == "Straße"

    drive(app, scenario)


def test_search_as_you_type_opens_records_and_links_from_a_result(samples: Store) -> None:
    armour = samples_text(samples, 1)
    start = armour.index("two Mil Mi-17s")
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("S")
        await settle(app, pilot)
        await pilot.press(*'"two mil mi-1')  # results as it is typed: a half-typed phrase is no error
        await settle(app, pilot)
        await pilot.press(*'7s"')
        await settle(app, pilot)
        screen = app.screen
        assert [(h.source_id, h.start, h.end) for h in screen.hits] == [(1, start, start + 14)]  # type: ignore[attr-defined]
        await pilot.press("down", "c")  # from the query to the results, then record a claim
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        app.screen.query_one("#claim-text", Input).value = "Russia delivered two Mi-17 helicopters"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")  # open the result in the reader, its span selected
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert article(app).selected_span == (start, start + 14)

    drive(app, scenario)
    [claim] = fetch(samples, read.claims)
    assert (claim.text, claim.evidence[0].start, claim.evidence[0].exact) == (
        "Russia delivered two Mi-17 helicopters",
        start,
        "two Mil Mi-17s",
    )


def test_a_claims_other_sources_are_one_key_from_linked(samples: Store) -> None:
    create_claim(store=samples, actor="setup", text="Russia delivered combat helicopters to Mali",
                 evidence=[EvidenceSpec(2, Quote("combat helicopters", 1))])  # fmt: skip
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press(">")  # the AFP story, where the claim's evidence is
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "o")
        await settle(app, pilot)
        from workbench.tui.dialogs import OtherSources

        assert isinstance(app.screen, OtherSources)
        assert app.screen.suggestions and app.screen.suggestions[0].source_id == 1
        await pilot.press("l")
        await settle(app, pilot)

    drive(app, scenario)
    [claim] = fetch(samples, read.claims)
    assert {e.source_id for e in claim.evidence} == {1, 2}
    assert [e.action for e in fetch(samples, read.audit_events)][-1] == "evidence.link"


def test_furniture_is_shown_as_such_and_its_figures_are_no_candidates(store: Store) -> None:
    caption = "Hide Caption 7 of 59 Photos: the convoy at the base"
    text = f"Five tanks arrived in Bamako on Tuesday.\n{caption}\nTwo helicopters followed.\n"
    import_text(store, text, title="Convoy")
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        view = article(app)
        furniture = [(m.start, m.end) for m in view.marks if m.kind == "boilerplate"]
        assert furniture == [(text.index(caption), text.index(caption) + len(caption))]
        start, end = furniture[0]
        candidates = [m for m in view.marks if m.kind not in {"boilerplate", "evidence"}]
        assert candidates and not any(start <= m.start < end for m in candidates)
        # n steps over the caption: from the first sentence's candidates straight to the third's
        view.move_cursor(view.location_of(text.index("Tuesday") + 1))
        await pilot.press("n")
        assert view.selected_span is not None and view.selected_span[0] > end

    drive(app, scenario)


def test_the_reader_says_how_many_pages_a_pdf_had_and_whose_wire_copy_a_text_is(store: Store) -> None:
    from textual.widgets import Static

    from workbench.ingest import read_file
    from workbench.sources import import_documents

    pdf = Path(__file__).parent / "data" / "mali-armour.pdf"
    import_documents(store=store, actor="setup", documents=read_file(pdf))
    import_text(
        store, "BAMAKO (AFP) - Mali received two helicopters from Russia.", title="Helicopters", outlet="Le Monde"
    )
    app = make_app(store)
    heads: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        heads.append(str(app.screen.query_one("#source-head", Static).render()))
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        heads.append(str(app.screen.query_one("#source-head", Static).render()))

    drive(app, scenario)
    assert "3 pages" in heads[0] and "AFP copy" in heads[1] and "Le Monde" in heads[1]


def test_the_audit_filter_finds_the_events_of_one_row_named_kind_colon_id(samples: Store) -> None:
    from workbench.tui.paged import PagedTable

    create_claim(
        store=samples, actor="ana", text="Two helicopters", evidence=[EvidenceSpec(2, Quote("two helicopters", 1))]
    )
    create_claim(
        store=samples, actor="ana", text="Five tanks", evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))]
    )
    app = make_app(samples)
    shown: list[list[str]] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press("slash", *"claim:2", "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#audit", PagedTable)
        shown.append([str(table.get_row_at(i)[3]) for i in range(table.row_count)])

    drive(app, scenario)
    assert shown[0] == ["claim.create"]


def test_the_next_source_follows_the_one_opened_from_elsewhere_not_the_list_cursor(store: Store) -> None:
    for n in range(1, 106):  # more than the list's first page
        import_text(store, f"Report {n}: {n} trucks arrived in Bamako on day {n}.", title=f"Report {n}")
    app = make_app(store)
    opened: list[int] = []

    async def scenario(pilot: Pilot[None]) -> None:
        app.open_source(103)  # as the command palette and the search screen open a source
        await settle(app, pilot)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.view is not None
        opened.append(reader.view.source.id)
        app.open_source(5)
        await settle(app, pilot)
        await pilot.press("less_than_sign")
        await settle(app, pilot)
        opened.append(reader.view.source.id)

    drive(app, scenario)
    assert opened == [104, 4]


def test_the_claim_pane_lets_go_of_a_claim_with_no_evidence_in_the_next_source(samples: Store) -> None:
    claim = create_claim(store=samples, actor="ana", text="Five tanks",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    app = make_app(samples)
    heads: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_claim(claim.id)
        await settle(app, pilot)
        heads.append(str(reader.query_one(Inspector).query_one("#claim-head").render()))
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        heads.append(str(reader.query_one(Inspector).query_one("#claim-head").render()))

    drive(app, scenario)
    assert f"#{claim.id}" in heads[0] and heads[1] == "No claim here."


def test_the_link_picker_ranks_claims_whose_figures_agree_first(store: Store) -> None:
    for text in ("The Zircon missile has a range of 2,700 km", "The Zircon missile can fly 3,700 kilometers"):
        create_claim(store=store, actor="ana", text=text)
    ranked = fetch(store, read.similar_claims, "a range of 3,700 km")
    assert ranked[0][0].text == "The Zircon missile can fly 3,700 kilometers"


def test_audit_details_read_as_before_and_after_with_the_note(samples: Store) -> None:
    from workbench.tui.screens.audit import details

    claim = create_claim(store=samples, actor="ana", text="Five tanks",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    update_claim(store=samples, actor="ana", claim_id=claim.id, status="verified", note="seen on \x1b[2Jvideo")
    [event] = fetch(samples, read.audit_events, (("claim", claim.id)), newest_first=True, limit=1)
    text = details(event).plain
    assert "note: seen on" in text and "\x1b" not in text
    assert "claim:1 changed\n  approved_by: null → ana\n  status: in_review → verified" in text
    assert "version" not in text and "approved_at" not in text


def test_a_dialog_s_dropdown_opens_inside_the_dialog(samples: Store) -> None:
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    app = make_app(samples)
    regions: list[tuple[object, object]] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("s", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        app.screen.query_one("#claim-credibility", Select).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        overlay = app.screen.query_one("#claim-credibility", Select).query_one(SelectOverlay)
        regions.append((overlay.region, app.screen.query_one(".dialog").region))

    drive(app, scenario)
    [(overlay, dialog)] = regions
    assert overlay.height > 0 and dialog.contains_region(overlay)  # type: ignore[attr-defined]


def test_the_key_help_says_how_many_keys_and_scrolls_to_the_last_at_140_by_45(samples: Store) -> None:
    from textual.widgets import Label

    from workbench.tui.paged import Table

    app = make_app(samples)
    seen: dict[str, object] = {}

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.resize_terminal(140, 45)
        await pilot.press("question_mark")
        await settle(app, pilot)
        table = app.screen.query_one("#help-keys", Table)
        seen["label"] = str(app.screen.query(Label).first().render())
        seen["sideways"] = table.max_scroll_x
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(app, pilot)
        seen["last"] = (table.cursor_row, table.row_count, table.scroll_y, table.max_scroll_y)

    drive(app, scenario)
    cursor, rows, scrolled, most = seen["last"]  # type: ignore[misc]
    assert f"{rows} keys" in str(seen["label"]) and seen["sideways"] == 0
    assert cursor == rows - 1 and scrolled == most > 0


def test_one_key_on_a_verified_claim_asks_first(samples: Store) -> None:
    from workbench.tui.dialogs import ConfirmDialog

    claim = create_claim(store=samples, actor="ana", text="Five tanks",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    update_claim(store=samples, actor="ana", claim_id=claim.id, status="verified")
    app = make_app(samples)
    statuses: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_claim(claim.id)
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # the stray key: nothing changes
        await settle(app, pilot)
        statuses.append(fetch(samples, read.claim, claim.id).status)
        await pilot.press("d", "y")
        await settle(app, pilot)
        statuses.append(fetch(samples, read.claim, claim.id).status)

    drive(app, scenario)
    assert statuses == ["verified", "disputed"]


def test_a_claim_s_wording_is_corrected_with_keys_and_a_note(samples: Store) -> None:
    from workbench.tui.dialogs import EditDialog

    claim = create_claim(store=samples, actor="ana", text="Five tank",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_claim(claim.id)
        await settle(app, pilot)
        await pilot.press("E")
        await settle(app, pilot)
        assert isinstance(app.screen, EditDialog)
        await pilot.press("end", *"s were delivered", "tab", *"typo", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    assert fetch(samples, read.claim, claim.id).text == "Five tanks were delivered"
    [event] = fetch(samples, read.audit_events, ("claim", claim.id), newest_first=True, limit=1)
    assert (event.action, event.data["before"]["text"], event.data["note"]) == ("claim.edit", "Five tank", "typo")


def test_a_long_queue_is_worked_through_a_window_at_a_time(samples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is the whole queue's; skipping past a window loads the next, then wraps to the top."""
    from workbench.tui.screens import queues

    monkeypatch.setattr(queues, "WINDOW", 2)
    for figure in ("two", "2", "two", "2"):
        create_claim(
            store=samples,
            actor="setup",
            text=f"Russia delivered {figure} combat helicopters to Mali",
            evidence=[EvidenceSpec(2, Quote("two helicopters", 1))],
        )
    app = make_app(samples)
    shown: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        total = screen.total["duplicates"]
        assert total == 6 and len(screen.items["duplicates"]) == 2  # four claims alike: six pairs, two loaded
        for _ in range(total):
            shown.append(str(screen.query_one("#duplicates-count", Static).render()).split(" · ")[0])
            await pilot.press("s")
            await settle(app, pilot)
        shown.append(str(screen.query_one("#duplicates-count", Static).render()).split(" · ")[0])

    drive(app, scenario)
    assert shown == ["1 of 6", "2 of 6", "3 of 6", "4 of 6", "5 of 6", "6 of 6", "1 of 6"]


def test_queues_say_they_are_being_read_not_that_nothing_waits(samples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a large store the queues take a moment: meanwhile the screen must not say there is nothing to decide."""
    import threading

    create_claim(store=samples, actor="setup", text="Russia delivered two combat helicopters to Mali")
    create_claim(store=samples, actor="setup", text="Russia delivered 2 combat helicopters to Mali")
    run_match(store=samples, actor="setup")
    release = threading.Event()
    reading_queues = QueuesScreen._queues

    def slow(screen: QueuesScreen) -> Any:
        release.wait(10)
        return reading_queues(screen)

    monkeypatch.setattr(QueuesScreen, "_queues", slow)
    app = make_app(samples)
    shown: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        for _ in range(5):
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        shown.append(str(screen.query_one("#duplicates-count", Static).render()))
        release.set()
        await settle(app, pilot)
        shown.append(str(screen.query_one("#duplicates-count", Static).render()))

    drive(app, scenario)
    assert shown[0] == "Reading the queue…"
    assert shown[1].startswith("1 of 1 · ")


def test_queues_that_cannot_be_read_say_so(samples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from store.errors import StoreUnavailable

    def failing(screen: QueuesScreen) -> Any:
        raise StoreUnavailable("the store is locked by another program")

    monkeypatch.setattr(QueuesScreen, "_read_queues", failing)
    app = make_app(samples)
    shown: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await settle(app, pilot)
        shown.append(str(app.screen.query_one("#duplicates-count", Static).render()))

    drive(app, scenario)
    assert shown == ["The queues could not be read."]
