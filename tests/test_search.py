"""Search across every source: the query language, the spans found, the index kept in step, bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import Store
from tests.conftest import AFP, ARMOUR, Cli
from workbench import read
from workbench.access import fetch, open_store, reading
from workbench.claims import EvidenceSpec, NewClaim, create_claims
from workbench.cli.app import Exit
from workbench.errors import InvalidInput
from workbench.ingest import read_file
from workbench.ingest.document import Document
from workbench.search import index
from workbench.search.find import Filters
from workbench.search.query import All, Any, Term, Without, fts5, parse
from workbench.search.terms import informative
from workbench.sources import import_documents
from workbench.spans import Quote
from workbench.suggest import claim_sources, suggest_evidence

ARMOUR_TEXT = read_file(ARMOUR)[0].text


def hits(store: Store, query: str, **filters: object) -> list[read.SearchHit]:  # type: ignore[name-defined]
    return fetch(store, read.search_hits, query, filters=Filters(**filters), limit=50)  # type: ignore[arg-type]


# -- the query language --------------------------------------------------------------------------


def test_words_phrases_prefixes_or_and_not_read_into_a_tree() -> None:
    query = parse('"at least five" T-72B3 OR helicop* NOT drill')
    assert query.tree == Any(
        (
            All((Term(("at", "least", "five")), Term(("t", "72b3")))),
            Without(Term(("helicop",), prefix=True), Term(("drill",))),
        )
    )
    assert fts5(query.tree) == '(("at least five" AND "t 72b3") OR ("helicop"* NOT "drill"))'


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"at least five', "never closed"),
        ("tanks OR", "OR with nothing on one side"),
        ("OR tanks", "OR with nothing on one side"),
        ("tanks OR OR drones", "OR with nothing on one side"),
        ("NOT tanks", "NOT with nothing before it"),
        ("tanks NOT", "NOT with nothing after it"),
        ("tanks AND", "AND with nothing on one side"),
        ("(tanks", "never closed"),
        ("tanks)", "never opened"),
        ("()", "empty parentheses"),
        ("the of and", "only common words"),
        ("*** ???", "no words"),
        ("x" * 10_001, "10,001 characters"),
        (" ".join(f"w{i}" for i in range(65)), "65 words"),
    ],
)
def test_a_malformed_query_is_one_line_naming_the_problem(query: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        parse(query)


@given(st.text(max_size=200))
def test_no_query_reaches_the_database_as_syntax(sample_store_once: Store, text: str) -> None:
    """Whatever is typed, the answer is results or one InvalidInput: never a database error."""
    try:
        found = hits(sample_store_once, text)
    except InvalidInput as e:
        assert "\n" not in str(e)
        return
    assert all(h.sentence[h.start - h.sentence_start : h.end - h.sentence_start] == h.text for h in found)


@pytest.fixture(scope="module")
def sample_store_once(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(tmp_path_factory.mktemp("search") / "w.db")
    for path in (ARMOUR, AFP):
        import_documents(store=store, actor="setup", documents=read_file(path))
    return store


# -- what is found ---------------------------------------------------------------------------------


def test_a_phrase_is_found_as_its_exact_span(sample_store: Store) -> None:
    [found] = hits(sample_store, '"at least five T-72B3"')
    assert (found.source_id, found.start, found.end, found.field) == (1, 197, 217, "text")
    assert ARMOUR_TEXT[found.start : found.end] == found.text == "at least five T-72B3"
    assert found.sentence == ARMOUR_TEXT[found.sentence_start : found.sentence_end]
    assert [found.sentence[a:b] for a, b in found.marks] == ["at least five T-72B3"]


def test_diacritics_curly_quotes_and_case_do_not_matter(sample_store: Store) -> None:
    """The AFP story says "Bamako"; the armour report says "Nigér"."""
    assert {h.source_id for h in hits(sample_store, "BAMAKÓ")} == {2}
    assert any("Nigér" in h.sentence for h in hits(sample_store, "niger"))
    assert hits(sample_store, "“sincere”")[0].text == "sincere"


def test_results_are_ranked_and_filtered(sample_store: Store) -> None:
    found = hits(sample_store, "helicopters")
    assert [h.score for h in found] == sorted((h.score for h in found), reverse=True)
    assert {h.source_id for h in found} == {1, 2}
    assert {h.source_id for h in hits(sample_store, "helicopters", outlets=["afp"])} == {2}
    assert {h.source_id for h in hits(sample_store, "helicopters", sources=[1])} == {1}
    assert hits(sample_store, "helicopters", since="2020") == []  # neither sample is dated
    assert {h.field for h in hits(sample_store, "junta")} >= {"title"}


def test_stemming_and_prefixes_find_other_forms(sample_store: Store) -> None:
    assert any(h.text.lower() == "delivery" for h in hits(sample_store, "deliveries"))
    assert any(h.text.lower() == "helicopters" for h in hits(sample_store, "helicopter"))
    assert any(h.text.lower().startswith("helicop") for h in hits(sample_store, "heli*"))
    assert not [h for h in hits(sample_store, "helicopters NOT Camara") if "Camara" in h.sentence]


def test_control_bidi_and_markup_in_a_text_stay_inert(store: Store) -> None:
    text = "The [bold]warehouse[/bold] held \x1b[31mfive\x1b[0m drones \u202eseen\u202c in Gao.\n"
    import_documents(store=store, actor="setup", documents=[Document(text=text, format="txt", title="Odd")])
    [found] = hits(store, "drones")
    assert text[found.start : found.end] == found.text == "drones"
    assert found.sentence.startswith("The [bold]warehouse")


def test_a_revision_replaces_its_old_version_in_results(store: Store) -> None:
    first = Document(text="Two helicopters landed in Gao.\n", format="md", outlet="Wire", title="Gao")
    second = Document(text="Four helicopters landed in Gao.\n", format="md", outlet="Wire", title="Gao")
    for document in (first, second):
        import_documents(store=store, actor="setup", documents=[document])
    assert [h.source_id for h in hits(store, "helicopters") if h.field == "text"] == [2]
    assert sorted(h.source_id for h in hits(store, "helicopters", old_revisions=True) if h.field == "text") == [1, 2]


# -- the index kept in step ----------------------------------------------------------------------


def test_import_indexes_in_its_own_transaction_and_rebuild_gives_the_same_index(sample_store: Store) -> None:
    with reading(sample_store) as connection:
        before = index.status(connection)
    assert before["sources"] == before["sources_indexed"] == 2 and before["passages"] > 40
    found = [(h.source_id, h.start, h.end) for h in hits(sample_store, "helicopters OR tanks")]
    assert index.rebuild(store=sample_store) == 2
    assert [(h.source_id, h.start, h.end) for h in hits(sample_store, "helicopters OR tanks")] == found
    with reading(sample_store) as connection:
        assert index.status(connection) == before


def test_a_store_without_the_index_gets_it_when_opened(sample_store: Store, db_path: Path) -> None:
    """As a store made before the index existed: the passages and words gone, then opened again."""
    create_claims(
        store=sample_store, actor="ana", claims=[NewClaim("Two helicopters", [EvidenceSpec(2, Quote("Bamako"))])]
    )
    sample_store.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("INSERT INTO passage_fts (passage_fts) VALUES ('delete-all')")
        connection.execute("DELETE FROM claim_fts")
        connection.execute("DELETE FROM passage")
        connection.execute("DELETE FROM indexed_source")
    progress: list[tuple[int, int]] = []
    again = open_store(db_path, progress=lambda done, total: progress.append((done, total)))
    assert progress[-1] == (3, 3)  # two sources and one claim
    assert [(h.start, h.end) for h in hits(again, '"at least five T-72B3"')] == [(197, 217)]
    again.close()


# -- suggestions and other sources, from the index ------------------------------------------------


def test_a_reworded_claim_is_suggested_for_the_sentence_that_states_it(sample_store: Store) -> None:
    [claim_id] = create_claims(
        store=sample_store, actor="ana", claims=[NewClaim("Moscow sent Mali two Mi-17 helicopter gunships")]
    )
    [first, *_] = [s for s in suggest_evidence(store=sample_store, source_id=1) if s.claim_id == claim_id]
    assert "two Mil Mi-17s" in first.text and ARMOUR_TEXT[first.start : first.end] == first.text


def test_a_query_built_from_a_text_keeps_its_rarest_words_within_the_budget(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long paragraph's commonest words are left out of its query on a large store; what it states is still found."""
    from tests.tui_helpers import import_text
    from workbench.search import find

    common = [NewClaim(f"The army reported {n} incidents in the region of Gao") for n in range(3, 43)]
    create_claims(store=store, actor="ana", claims=common)
    create_claims(store=store, actor="ana", claims=[NewClaim(f"Technology lot {n} was seized") for n in range(9)])
    [wanted] = create_claims(
        store=store, actor="ana", claims=[NewClaim("Wagner mercenaries seized the Tessalit airstrip")]
    )
    paragraph = "The army reported incidents in the region as Wagner mercenaries seized the Tessalit airstrip."
    import_text(store, paragraph, title="Gao")
    import_text(store, "The army moved north. The army left Gao. The army came back.", title="Army")
    folded = [w for w in informative(paragraph) if w.isalnum()]
    with reading(store) as connection:
        assert find.telling(connection, folded, table="claim_fts") == folded  # a small store: every word asked for
        kept = find.telling(connection, folded, table="claim_fts", budget=5)
        assert {"wagner", "tessalit", "airstrip"} <= set(kept) and not {"army", "region", "incidents"} & set(kept)
        # at least two words, however common: a suggestion needs two in common
        assert len(find.telling(connection, ["army", "region", "incidents"], table="claim_fts", budget=5)) == 2
        # words the index does not hold cost nothing, and leave two it holds to be asked for
        unknown = find.telling(
            connection, ["qzxvk", "wvxqj", "army", "region", "incidents"], table="claim_fts", budget=5
        )
        assert unknown[:2] == ["qzxvk", "wvxqj"] and len(unknown) == 4
        # counted as the index stems them: SQLite's Porter makes "technolog" of "technology"
        assert find.telling(connection, ["technology", "tessalit", "airstrip"], table="claim_fts", budget=5) == [
            "tessalit",
            "airstrip",
        ]
        sentences = find.telling(connection, ["army", "wagner", "airstrip"], table="passage_fts", budget=1)
        assert sentences == ["wagner", "airstrip"]  # one sentence each holds them, four hold "army"
    monkeypatch.setattr(find, "POSTINGS", 5)
    assert suggest_evidence(store=store, source_id=1)[0].claim_id == wanted


def test_other_sources_for_a_claim_leave_out_its_own(sample_store: Store) -> None:
    [claim_id] = create_claims(
        store=sample_store,
        actor="ana",
        claims=[
            NewClaim("Russia delivered combat helicopters to Mali", [EvidenceSpec(2, Quote("two helicopters", 1))])
        ],
    )
    found = claim_sources(store=sample_store, claim_id=claim_id)
    assert found and {s.source_id for s in found} == {1}
    assert all(ARMOUR_TEXT[s.start : s.end] == s.text for s in found)
    assert "helicopters" in found[0].text


def test_a_suggested_span_supports_or_refutes_a_claim_by_its_facts(store: Store) -> None:
    from tests.tui_helpers import import_text

    import_text(store, "Police said 25 people were injured when the boat hit the bridge.", title="Wire")
    import_text(store, "Police say 27 people are injured after the boat hit the bridge.", title="Paper", outlet="Paper")
    import_text(store, "Police said 25 people were injured in the crash at the bridge.", title="Other", outlet="Other")
    [claim_id] = create_claims(
        store=store, actor="ana", claims=[NewClaim("25 people were injured", [EvidenceSpec(1, Quote("25 people"))])]
    )
    found = {s.source_id: s for s in claim_sources(store=store, claim_id=claim_id)}
    assert found[2].stance == "refutes" and "27 people" in found[2].reason
    assert found[3].stance == "supports" and found[3].reason.startswith("agree: same figure: 25 people")


# -- the command line ----------------------------------------------------------------------------


def test_search_prints_spans_and_json_with_the_promised_keys(sample_cli: Cli) -> None:
    shown = sample_cli.ok("search", '"at least five T-72B3"')
    assert "source 1" in shown and "197:217" in shown and "⟦at least five T-72B3⟧" in shown
    rows = json.loads(sample_cli.ok("search", "helicopters", "--json", "--limit", "3"))
    assert len(rows) == 3
    assert {"source_id", "outlet", "published_at", "start", "end", "text", "score"} <= rows[0].keys()
    texts = {i: json.loads(sample_cli.ok("show", "source", str(i), "--json"))["text"] for i in (1, 2)}
    assert all(texts[r["source_id"]][r["start"] : r["end"]] == r["text"] for r in rows if r["field"] == "text")


def test_a_search_result_is_a_span_claim_add_takes_as_it_is(sample_cli: Cli) -> None:
    [hit] = json.loads(sample_cli.ok("search", '"two Mil Mi-17s"', "--json"))
    span = f"{hit['start']}:{hit['end']}"
    claim = json.loads(sample_cli.ok("claim", "add", "Two Mi-17s", "--source", str(hit["source_id"]), "--span", span,
                                     "--json"))  # fmt: skip
    assert claim["evidence"][0]["exact"] == "two Mil Mi-17s"


@pytest.mark.parametrize(
    ("query", "problem"),
    [('"five', "never closed"), ("OR", "OR with nothing"), ("", "empty"), ("the", "only common words")],
)
def test_a_bad_query_is_one_error_line(sample_cli: Cli, query: str, problem: str) -> None:
    run = sample_cli("search", query)
    assert run.code == Exit.refused and run.stderr.startswith("error: the query") and problem in run.stderr
    assert run.stderr.count("\n") == 1 and run.stdout == ""


def test_index_rebuild_and_status(sample_cli: Cli) -> None:
    assert "sources indexed:    2" in sample_cli.ok("index", "status")
    assert sample_cli("index", "rebuild").stderr.startswith("indexed 2 ")
    assert json.loads(sample_cli.ok("index", "status", "--json"))["passages"] > 40


def test_claim_sources_lists_sentences_of_other_sources(sample_cli: Cli) -> None:
    sample_cli.ok("claim", "add", "Russia delivered combat helicopters to Mali", "--source", "2", "--quote",
                  "combat helicopters", "--occurrence", "1")  # fmt: skip
    rows = json.loads(sample_cli.ok("claim", "sources", "1", "--json"))
    assert rows and {r["source_id"] for r in rows} == {1}
    assert {"claim_id", "source_id", "outlet", "start", "end", "text", "score", "stance", "reason"} <= rows[0].keys()
    assert sample_cli("claim", "sources", "9").code == Exit.refused


def test_search_on_real_news_returns_spans_of_the_stored_texts(dev_data: Path, cli: Cli) -> None:
    """The 179 articles of the dev news clusters, as `workbench import` reads them; every span is the text."""
    cli.ok("import", str(dev_data / "news-clusters" / "articles"))
    shown: dict[int, dict[str, str]] = {}
    for query in ("helicopters", "killed OR injured", '"at least"', "firefight*"):
        rows = json.loads(cli.ok("search", query, "--json", "--limit", "100"))
        assert rows, query
        for row in rows:
            if row["source_id"] not in shown:
                shown[row["source_id"]] = json.loads(cli.ok("show", "source", str(row["source_id"]), "--json"))
            whole = shown[row["source_id"]]["text" if row["field"] == "text" else "title"]
            assert whole[row["start"] : row["end"]] == row["text"], row
            assert whole[row["sentence_start"] : row["sentence_end"]] == row["sentence"], row


def test_query_words_are_counted_with_the_tokenizer_the_store_indexes_with(store: Store) -> None:
    from workbench.search import find

    with reading(store) as connection:
        [schema] = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'claim_fts'").scalars()
    assert f"tokenize='{find._TOKENIZE}'" in schema  # else words would be counted under other terms
