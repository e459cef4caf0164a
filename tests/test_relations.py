"""Cross-outlet work on a real store: suggestions, decisions, contradictions, reprints, grading, bulk claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import Store
from tests.conftest import AFP, dump
from workbench import read
from workbench.access import fetch
from workbench.claim_import import import_claims
from workbench.claims import EvidenceSpec, NewClaim, create_claims, edit_claim, link_evidence
from workbench.errors import InvalidInput, NotFound
from workbench.ingest import read_file
from workbench.ingest.document import Document
from workbench.integrity import verify_store
from workbench.outlets import grade_outlet
from workbench.relations import (
    add_contradiction,
    decide_duplicate,
    dismiss_contradiction,
    resolve_contradiction,
    run_match,
)
from workbench.sources import import_documents
from workbench.spans import Quote
from workbench.suggest import suggest_evidence
from workbench.syndication import run_syndication

#: Claims about the samples: 1 and 2 say the same, 3 contradicts 2's figure, 4 is about other aircraft.
CLAIMS = [
    NewClaim("Russia delivered two combat helicopters to Mali", [EvidenceSpec(2, Quote("two helicopters", 1))]),
    NewClaim("Russia delivered 2 combat helicopters to Mali"),
    NewClaim("Russia delivered four combat helicopters to Mali"),
    NewClaim("Russia delivered four L-39C trainer aircraft to Mali", [EvidenceSpec(1, Quote("four Czech-designed"))]),
]


FOUR_EARLIER = EvidenceSpec(2, Quote("at least four helicopters"))


@pytest.fixture
def claims_store(sample_store: Store) -> Store:
    create_claims(store=sample_store, actor="setup", claims=CLAIMS)
    return sample_store


def kinds(store: Store) -> dict[tuple[int, int], tuple[str, str]]:
    return {(r.a, r.b): (r.kind, r.status) for r in fetch(store, read.relations)}


def test_match_suggests_duplicates_and_contradictions_and_audits_each(claims_store: Store) -> None:
    before = len(fetch(claims_store, read.audit_events))
    report = run_match(store=claims_store, actor="ana")
    assert kinds(claims_store) == {
        (1, 2): ("duplicate", "suggested"),
        (1, 3): ("contradiction", "suggested"),
        (2, 3): ("contradiction", "suggested"),
    }
    assert report.new == 3
    # the report lists them by pair, read from the store as they are listed
    assert len(report.suggestions) == 3
    assert [(r.a, r.b, r.kind) for r in report.suggestions] == [
        (1, 2, "duplicate"), (1, 3, "contradiction"), (2, 3, "contradiction"),
    ]  # fmt: skip
    assert [r.b for r in report.suggestions[1:]] == [3, 3] and report.suggestions[0].reason
    events = fetch(claims_store, read.audit_events)[before:]
    assert [e.action for e in events] == ["relation.suggest"] * 3
    assert verify_store(store=claims_store).ok


def test_a_rerun_changes_nothing_and_never_overrides_a_decision(claims_store: Store) -> None:
    run_match(store=claims_store, actor="ana")
    decide_duplicate(store=claims_store, actor="ana", a=2, b=1, decision="distinct", note="different days")
    add_contradiction(store=claims_store, actor="ana", a=1, b=3, aspect="quantity")
    events = len(fetch(claims_store, read.audit_events))
    again = run_match(store=claims_store, actor="bob", full=True)
    assert (again.new, again.updated, again.withdrawn, again.kept_decisions) == (0, 0, 0, 2)
    assert len(fetch(claims_store, read.audit_events)) == events
    assert kinds(claims_store)[(1, 2)] == ("duplicate", "dismissed")
    assert kinds(claims_store)[(1, 3)] == ("contradiction", "confirmed")


def test_match_writes_in_short_transactions_and_respects_what_reviewers_do_between_them(
    claims_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two of a run's transactions the lock is free: a reviewer's change goes in, and the run abides by it."""
    from workbench import relations

    pauses: list[float] = []

    def reviewer_acts(held: float) -> None:
        # were the lock still held, this write would wait for it and fail as "store is busy"
        if len(pauses) == 1:  # after the facts are stored and the first pair written
            add_contradiction(store=claims_store, actor="bob", a=2, b=3, aspect="quantity")
        pauses.append(held)

    monkeypatch.setattr(relations, "BATCH", 1)
    monkeypatch.setattr(relations, "_let_others_write", reviewer_acts)
    report = run_match(store=claims_store, actor="ana")
    assert len(pauses) == 4  # the facts worked out, then one transaction per pair: (1, 2), (1, 3), (2, 3)
    assert kinds(claims_store) == {
        (1, 2): ("duplicate", "suggested"),
        (1, 3): ("contradiction", "suggested"),
        (2, 3): ("contradiction", "confirmed"),  # decided while the run wrote: left as bob left it
    }
    assert (report.new, report.kept_decisions) == (2, 1)
    assert verify_store(store=claims_store).ok


def test_a_claim_edited_while_match_writes_is_left_for_the_next_run(
    claims_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench import relations

    pauses: list[float] = []

    def reviewer_edits(held: float) -> None:
        if len(pauses) == 1:  # after the first pair is written, before claim 3's
            edit_claim(
                store=claims_store, actor="bob", claim_id=3, text="Russia delivered 2 combat helicopters to Mali"
            )
        pauses.append(held)

    monkeypatch.setattr(relations, "BATCH", 1)
    monkeypatch.setattr(relations, "_let_others_write", reviewer_edits)
    run_match(store=claims_store, actor="ana")
    # judged on claim 3's old text ("four"): not written over the edit
    assert kinds(claims_store) == {(1, 2): ("duplicate", "suggested")}
    monkeypatch.undo()
    again = run_match(store=claims_store, actor="ana")
    assert again.changed == 1  # claim 3 alone is judged again
    assert kinds(claims_store)[(1, 3)] == ("duplicate", "suggested")


#: Claims without figures: only their wording compares them (and the threshold applies).
WORDED = [NewClaim("Russian combat helicopters reached Mali"), NewClaim("Russian combat helicopters arrived in Mali")]


def test_a_stricter_rerun_withdraws_what_it_no_longer_finds(claims_store: Store) -> None:
    create_claims(store=claims_store, actor="ana", claims=WORDED)
    run_match(store=claims_store, actor="ana", threshold=60)
    loose = set(kinds(claims_store))
    assert (5, 6) in loose
    report = run_match(store=claims_store, actor="ana", threshold=100)
    assert {(1, 2), (1, 3), (2, 3)} == set(kinds(claims_store))  # facts decide those, whatever the wording
    assert report.withdrawn == len(loose) - 3 > 0
    assert "relation.withdraw" in {e.action for e in fetch(claims_store, read.audit_events)}
    assert verify_store(store=claims_store).ok


def test_confirmed_duplicates_group_transitively(claims_store: Store) -> None:
    extra = create_claims(store=claims_store, actor="ana", claims=[NewClaim("Two combat helicopters reached Mali")])[0]
    decide_duplicate(store=claims_store, actor="ana", a=1, b=2, decision="duplicate")
    decide_duplicate(store=claims_store, actor="ana", a=2, b=extra, decision="duplicate")
    assert fetch(claims_store, read.claim, extra).duplicates == [1, 2]
    # the group shares its evidence: claim 2 has none of its own but counts claim 1's AFP source
    assert fetch(claims_store, read.claim, 2).independent_sources == 1


def test_decisions_check_their_input(claims_store: Store) -> None:
    with pytest.raises(InvalidInput, match="itself"):
        decide_duplicate(store=claims_store, actor="ana", a=1, b=1, decision="duplicate")
    with pytest.raises(InvalidInput, match="duplicate or distinct"):
        decide_duplicate(store=claims_store, actor="ana", a=1, b=2, decision="same")
    with pytest.raises(NotFound):
        add_contradiction(store=claims_store, actor="ana", a=1, b=99, aspect="quantity")
    with pytest.raises(InvalidInput, match="kind must be"):
        add_contradiction(store=claims_store, actor="ana", a=1, b=3, aspect="size")


def test_contradictions_show_both_values_and_who_said_what(claims_store: Store) -> None:
    grade_outlet(store=claims_store, actor="ana", name="AFP", reliability="B")
    link_evidence(
        store=claims_store, actor="ana", claim_id=3, evidence=EvidenceSpec(2, Quote("at least four helicopters"))
    )
    run_match(store=claims_store, actor="ana")
    [first, *_] = fetch(claims_store, read.contradictions)
    assert (first.a, first.b, first.aspect, first.status) == (1, 3, "quantity", "suggested")
    assert first.side_a.value == "2 combat helicopters"
    assert first.side_b.value == "4 combat helicopters"
    [span] = first.side_a.spans
    assert (span.outlet, span.exact) == ("AFP", "two helicopters")
    assert first.side_b.spans[0].exact == "at least four helicopters"


def test_resolving_needs_a_note_and_grades_the_losing_side(claims_store: Store) -> None:
    link_evidence(
        store=claims_store, actor="ana", claim_id=3, evidence=EvidenceSpec(2, Quote("at least four helicopters"))
    )
    relation = add_contradiction(store=claims_store, actor="ana", a=1, b=3, aspect="quantity", note="AFP gives both")
    assert fetch(claims_store, read.claim, 1).contradicted
    with pytest.raises(InvalidInput, match="needs a note"):
        resolve_contradiction(store=claims_store, actor="ana", relation_id=relation.id, note=" ")
    resolved = resolve_contradiction(
        store=claims_store, actor="ana", relation_id=relation.id, note="two arrived now, four earlier", winner="A"
    )
    assert (resolved.status, resolved.winner) == ("resolved", "a")
    loser = fetch(claims_store, read.claim, 3)
    assert (loser.contradicted, loser.suggested_credibility) == (False, 5)
    with pytest.raises(InvalidInput, match="already resolved"):
        dismiss_contradiction(store=claims_store, actor="ana", relation_id=relation.id)
    actions = [e.action for e in fetch(claims_store, read.audit_events)[-2:]]
    assert actions == ["contradiction.add", "contradiction.resolve"]
    assert not fetch(claims_store, read.contradictions)
    assert fetch(claims_store, read.contradictions, everything=True)[0].note == "two arrived now, four earlier"


def reprint(text: str, outlet: str, published: str, title: str) -> Document:
    return Document(text=text, format="md", outlet=outlet, published=published, title=title)


def test_reprints_are_detected_and_count_once(sample_store: Store) -> None:
    """An outlet reprinting the AFP story (trimmed, a local line added) is not a second source."""
    afp_text = read_file(AFP)[0].text
    trimmed = "\n".join(afp_text.splitlines()[:-2]) + "\nThe Bamako Courier contributed to this report.\n"
    import_documents(
        store=sample_store, actor="ana", documents=[reprint(trimmed, "Bamako Courier", "2022-04-01", "Helicopters")]
    )
    independent = "Officials in Bamako confirmed that Russian helicopters landed on Wednesday; no figures were given.\n"
    import_documents(
        store=sample_store, actor="ana", documents=[reprint(independent, "Sahel Daily", "2022-04-02", "Landing")]
    )
    [found] = run_syndication(store=sample_store, actor="ana")
    assert (found.original, found.reprint, found.reprint_outlet) == (2, 3, "Bamako Courier")
    assert found.detail["original_by"] == "import order"  # the AFP sample states no date
    assert run_syndication(store=sample_store, actor="ana") == [found]  # kept, not duplicated

    evidence = [EvidenceSpec(2, Quote("two helicopters", 1)), EvidenceSpec(3, Quote("two helicopters", 1))]
    [claim_id] = create_claims(store=sample_store, actor="ana", claims=[NewClaim("Two helicopters arrived", evidence)])
    assert fetch(sample_store, read.claim, claim_id).independent_sources == 1
    link_evidence(store=sample_store, actor="ana", claim_id=claim_id, evidence=EvidenceSpec(4, Quote("helicopters")))
    claim = fetch(sample_store, read.claim, claim_id)
    assert (claim.independent_sources, claim.outlets) == (2, ["AFP", "Sahel Daily"])


@pytest.mark.parametrize(
    ("grades", "expected"),
    [({}, 2), ({"AFP": "B"}, 1), ({"AFP": "E", "Sahel Daily": "E"}, 2)],
)
def test_suggested_credibility_follows_the_written_rule(
    sample_store: Store, grades: dict[str, str], expected: int
) -> None:
    import_documents(
        store=sample_store,
        actor="ana",
        documents=[reprint("Russian helicopters landed in Bamako.\n", "Sahel Daily", "2022-04-02", "Landing")],
    )
    evidence = [EvidenceSpec(2, Quote("two helicopters", 1)), EvidenceSpec(3, Quote("helicopters"))]
    [claim_id] = create_claims(store=sample_store, actor="ana", claims=[NewClaim("Helicopters landed", evidence)])
    for outlet, grade in grades.items():
        grade_outlet(store=sample_store, actor="ana", name=outlet, reliability=grade)
    assert fetch(sample_store, read.claim, claim_id).suggested_credibility == expected


def test_credibility_without_support_and_with_one_doubtful_source(claims_store: Store) -> None:
    assert fetch(claims_store, read.claim, 2).suggested_credibility == 6
    assert fetch(claims_store, read.claim, 1).suggested_credibility == 3  # AFP, ungraded (F)
    grade_outlet(store=claims_store, actor="ana", name="AFP", reliability="D")
    claim = fetch(claims_store, read.claim, 1)
    assert (claim.suggested_credibility, claim.credibility_rule) == (4, "one independent source, graded D")


def test_evidence_suggestions_point_at_sentences_that_state_a_claim(claims_store: Store) -> None:
    [claim_id] = create_claims(
        store=claims_store, actor="ana", claims=[NewClaim("Russia provided at least four helicopters and weapons")]
    )
    found = [s for s in suggest_evidence(store=claims_store, source_id=2) if s.claim_id == claim_id]
    [suggestion] = found
    text = read_file(AFP)[0].text
    assert text[suggestion.start : suggestion.end] == suggestion.text
    assert suggestion.text.startswith("The delivery adds to at least four helicopters")
    assert suggestion.stance == "supports"
    link_evidence(
        store=claims_store, actor="ana", claim_id=claim_id, evidence=EvidenceSpec(2, Quote("at least four helicopters"))
    )
    assert not [s for s in suggest_evidence(store=claims_store, source_id=2) if s.claim_id == claim_id]


def test_a_sentence_with_another_figure_is_suggested_as_refuting(claims_store: Store) -> None:
    [claim_id] = create_claims(
        store=claims_store, actor="ana", claims=[NewClaim("Russia's two helicopters and weapons were delivered")]
    )
    [suggestion] = [s for s in suggest_evidence(store=claims_store, source_id=2) if s.claim_id == claim_id]
    # "The delivery adds to at least four helicopters": a running total, not this delivery
    assert suggestion.stance == "mentions"
    assert suggestion.reason == (
        "its figure is another fact: a running total and a single report (two helicopters / at least four helicopters)"
    )
    [other] = create_claims(store=claims_store, actor="ana", claims=[NewClaim("Camara received five helicopters")])
    [refuting] = [s for s in suggest_evidence(store=claims_store, source_id=2) if s.claim_id == other]
    assert refuting.stance == "refutes"
    assert "5 helicopters / 2 helicopters" in refuting.reason


def test_suggestions_for_a_missing_source_are_an_error(claims_store: Store) -> None:
    with pytest.raises(NotFound):
        suggest_evidence(store=claims_store, source_id=42)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bulk_import_takes_good_rows_and_reports_bad_ones(sample_store: Store, tmp_path: Path) -> None:
    rows = write(
        tmp_path / "claims.csv",
        "text,source,quote,occurrence,stance,credibility,status\n"
        "Two helicopters arrived,2,two helicopters,1,supports,3,verified\n"
        "A quote that is not there,2,nine helicopters,,,,\n"
        "Tanks on trucks,Mali armour (untitled),dozens of trucks,,,,\n"
        "Su-25 delivered,1,Su-25,,,,\n"
        '"Text, with a comma",,,,,,\n'
        "Verified without evidence,,,,,,verified\n",
    )
    seen: list[int] = []
    report = import_claims(store=sample_store, actor="ana", path=rows, progress=lambda done, total: seen.append(done))
    assert seen == [1, 2, 3, 4, 5, 6]
    assert [where for where, _ in report.rejected] == ["claims.csv:3", "claims.csv:4", "claims.csv:7"]
    assert "not found" in report.rejected[0][1]
    assert "no source with id, URL or title" in report.rejected[1][1]
    assert "without supporting evidence" in report.rejected[2][1]
    claims = {c.id: c for c in fetch(sample_store, read.claims)}
    assert [claims[i].text for i in report.created] == [
        "Two helicopters arrived",
        "Su-25 delivered",
        "Text, with a comma",
    ]
    first = claims[report.created[0]]
    assert (first.status, first.credibility, first.evidence[0].exact) == ("verified", 3, "two helicopters")
    assert verify_store(store=sample_store).ok


def test_bulk_import_finds_sources_by_url_or_title(store: Store, tmp_path: Path) -> None:
    import_documents(
        store=store,
        actor="ana",
        documents=[
            Document(text="Mali got two helicopters.\n", format="md", title="Helicopters", url="https://x.test/a")
        ],
    )
    rows = write(
        tmp_path / "claims.jsonl",
        json.dumps({"text": "By URL", "source": "https://x.test/a", "quote": "two helicopters"})
        + "\n\n"
        + json.dumps({"text": "By title", "source": "helicopters", "quote": "Mali"})
        + "\nnot json\n"
        + json.dumps({"text": "Typo", "qoute": "x"})
        + "\n",
    )
    report = import_claims(store=store, actor="ana", path=rows)
    assert len(report.created) == 2
    assert [w for w, _ in report.rejected] == ["claims.jsonl:4", "claims.jsonl:5"]
    assert "unknown field 'qoute'" in report.rejected[1][1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("claims.csv", "text,qoute\nx,y\n", "unknown column 'qoute'"),
        ("claims.csv", "source,quote\n1,x\n", "no 'text' column"),
        ("claims.txt", "text\nx\n", "claims come in .csv or .jsonl files"),
    ],
)
def test_a_bad_file_is_rejected_whole_and_changes_nothing(
    sample_store: Store, db_path: Path, tmp_path: Path, name: str, content: str, message: str
) -> None:
    before = dump(db_path)
    with pytest.raises(InvalidInput, match=message):
        import_claims(store=sample_store, actor="ana", path=write(tmp_path / name, content))
    assert dump(db_path) == before


def test_a_story_reprinted_by_sixty_outlets_is_one_source(sample_store: Store) -> None:
    afp_text = read_file(AFP)[0].text
    copies = [
        reprint(afp_text + f"\nDistributed by outlet {i}.\n", f"Outlet {i}", "2022-04-01", "Copy") for i in range(60)
    ]
    for copy in copies:
        import_documents(store=sample_store, actor="ana", documents=[copy])
    found = run_syndication(store=sample_store, actor="ana")
    assert {f.reprint for f in found} == set(range(3, 63))
    evidence = [EvidenceSpec(source, Quote("two helicopters", 1)) for source in range(2, 63)]
    [claim_id] = create_claims(store=sample_store, actor="ana", claims=[NewClaim("Two helicopters", evidence)])
    claim = fetch(sample_store, read.claim, claim_id)
    assert (claim.independent_sources, claim.outlets) == (1, ["AFP"])


def test_relation_ids_are_never_reused_after_a_withdrawal(claims_store: Store) -> None:
    create_claims(store=claims_store, actor="ana", claims=WORDED)
    run_match(store=claims_store, actor="ana")
    first = {r.id: (r.a, r.b) for r in fetch(claims_store, read.relations)}
    assert run_match(store=claims_store, actor="ana", threshold=100).withdrawn > 0
    run_match(store=claims_store, actor="ana")
    again = {r.id: (r.a, r.b) for r in fetch(claims_store, read.relations)}
    assert all(again[i] == pair for i, pair in first.items() if i in again)  # an id always means one pair
    assert max(again) > max(first)
    assert verify_store(store=claims_store).ok


def test_confirming_a_suggestion_keeps_its_aspect_and_a_resolution_stays(claims_store: Store) -> None:
    run_match(store=claims_store, actor="ana")
    confirmed = add_contradiction(store=claims_store, actor="ana", a=3, b=1)
    assert (confirmed.status, confirmed.aspect) == ("confirmed", "quantity")
    resolve_contradiction(store=claims_store, actor="ana", relation_id=confirmed.id, note="settled", winner="a")
    with pytest.raises(InvalidInput, match="already resolved"):
        add_contradiction(store=claims_store, actor="ana", a=1, b=3, aspect="quantity")
    [other] = [r for r in fetch(claims_store, read.relations, kind="contradiction") if r.id != confirmed.id]
    dismiss_contradiction(store=claims_store, actor="ana", relation_id=other.id)
    with pytest.raises(InvalidInput, match="already dismissed"):
        dismiss_contradiction(store=claims_store, actor="ana", relation_id=other.id)
    assert add_contradiction(store=claims_store, actor="ana", a=other.a, b=other.b).status == "confirmed"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": "x", "source": 2, "quote": "Bamako", "occurrence": 0}, "occurrence counts from 1"),
        ({"text": "x", "credibility": 0}, "credibility must be 1–6"),
        ({"text": "x", "credibility": "²"}, "credibility must be a whole number"),
        ({"text": ["a", "list"]}, "text must be text"),
        ({"text": 12345}, "text must be text"),
        ({"text": "x", "source": True, "quote": "Bamako"}, "source must be an id, URL or title"),
        ({"text": "x", "stance": "refutes"}, "stance needs a source"),
        ({"text": "x", "source": 2, "quote": "Bamako", "stance": "denies"}, "stance must be one of"),
    ],
)
def test_bulk_rows_with_bad_values_are_reported_not_guessed(
    sample_store: Store, tmp_path: Path, row: dict[str, object], message: str
) -> None:
    path = write(tmp_path / "claims.jsonl", json.dumps(row) + "\n")
    report = import_claims(store=sample_store, actor="ana", path=path)
    assert report.created == []
    [(where, problem)] = report.rejected
    assert where == "claims.jsonl:1" and message in problem


def test_bulk_jsonl_edge_cases(sample_store: Store, tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Line\u2028separator inside a string"}, ensure_ascii=False),
        "[1, 2]",
        "9" * 5000,
        "[" * 100_000,
    ]
    report = import_claims(store=sample_store, actor="ana", path=write(tmp_path / "c.jsonl", "\n".join(lines)))
    assert len(report.created) == 1
    assert [w for w, _ in report.rejected] == ["c.jsonl:2", "c.jsonl:3", "c.jsonl:4"]


def test_bulk_csv_lines_are_counted_as_an_editor_shows_them(sample_store: Store, tmp_path: Path) -> None:
    text = 'text,credibility\n\nGood,2\n\n"Spanning\ntwo lines",9\nAlso good,\n'
    report = import_claims(store=sample_store, actor="ana", path=write(tmp_path / "c.csv", text))
    assert [w for w, _ in report.rejected] == ["c.csv:5"]
    assert len(report.created) == 2


def test_a_csv_with_an_unclosed_quote_is_rejected_whole(sample_store: Store, db_path: Path, tmp_path: Path) -> None:
    before = dump(db_path)
    with pytest.raises(InvalidInput, match="not valid CSV"):
        import_claims(store=sample_store, actor="ana", path=write(tmp_path / "c.csv", 'text\ngood\nbad,"\n'))
    assert dump(db_path) == before


def test_bulk_sources_can_be_named_by_the_title_sources_shows(sample_store: Store, tmp_path: Path) -> None:
    title = get_source_title(sample_store, 1)
    rows = write(tmp_path / "c.jsonl", json.dumps({"text": "T", "source": f"  {title.upper()} ", "quote": "T-72B3"}))
    report = import_claims(store=sample_store, actor="ana", path=rows)
    assert report.rejected == [] and len(report.created) == 1


def get_source_title(store: Store, source_id: int) -> str:
    [source] = [s for s in fetch(store, read.sources) if s.id == source_id]
    assert source.title
    return source.title


def test_the_grade_of_one_claim_reads_only_what_bears_on_it(sample_store: Store) -> None:
    """One inspector refresh must not read the whole store, and must grade as the whole store would."""
    import re

    from sqlalchemy import event

    from workbench.access import reading
    from workbench.corroboration import Independence, corroborate

    afp_text = read_file(AFP)[0].text
    documents = [reprint(afp_text + f"\nCarried by outlet {i}.\n", f"Copy {i}", "2022-04-01", "Copy") for i in range(3)]
    documents += [reprint(f"Outlet {i} reports {i + 2} drones over Gao.\n", f"Local {i}", "2022-04-0{i % 9 + 1}",
                          f"Drones {i}") for i in range(40)]  # fmt: skip
    landing = ["Officials saw two helicopters land.\n", "Officials saw two helicopters land at dawn.\n"]
    documents += [reprint(text, "Sahel Daily", f"2022-04-0{2 + i}", "Landing") for i, text in enumerate(landing)]
    for document in documents:
        import_documents(store=sample_store, actor="ana", documents=[document])
    run_syndication(store=sample_store, actor="ana")
    helicopters = [EvidenceSpec(s, Quote("two helicopters", 1)) for s in (2, 3, 4)]
    claims = [
        NewClaim("Two helicopters", helicopters),
        NewClaim("Two helicopters landed", [EvidenceSpec(47, Quote("two helicopters"))]),
    ]
    claims += [NewClaim(f"{i + 2} drones over Gao", [EvidenceSpec(6 + i, Quote(f"{i + 2} drones"))]) for i in range(40)]
    ids = create_claims(store=sample_store, actor="ana", claims=claims)
    decide_duplicate(store=sample_store, actor="ana", a=ids[0], b=ids[1], decision="duplicate")
    grade_outlet(store=sample_store, actor="ana", name="AFP", reliability="B")

    statements: list[str] = []

    def seen(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(sample_store.engine, "before_cursor_execute", seen)
    detail = fetch(sample_store, read.claim_detail, ids[0])
    event.remove(sample_store.engine, "before_cursor_execute", seen)
    tables = r"\bFROM (source|outlet|source_relation|claim_relation|evidence)\b"
    whole_tables = [s for s in statements if re.search(tables, s) and not re.search(r"\bWHERE\b", s)]
    assert whole_tables == []
    assert (detail.claim.independent_sources, detail.claim.outlets) == (2, ["AFP", "Sahel Daily"])
    assert detail.claim.suggested_credibility == 1  # two independent sources, one graded B

    with reading(sample_store) as connection:
        whole = corroborate(connection, ids, Independence(connection))
        for claim_id in ids:
            assert corroborate(connection, [claim_id])[claim_id] == whole[claim_id]
