"""The matcher without a store: normalisation, blocking, and the value rules, on hand-made pairs."""

from __future__ import annotations

import itertools
import math
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from workbench.claim_values import parse
from workbench.matching.blocking import MAX_POSTINGS, SHARE, candidate_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Match, find_matches
from workbench.matching.normalize import matchable, names
from workbench.matching.rules import Values


def values(text: str) -> Values:
    parsed = parse(text)
    return Values.from_columns(parsed["quantity"], parsed["date"], parsed["items"], text)


def match(a: str, b: str, threshold: float = DEFAULT_THRESHOLD) -> Match | None:
    """The matcher's suggestion for two claims, or None if it keeps them apart."""
    found = find_matches([ClaimText(1, a, values(a)), ClaimText(2, b, values(b))], threshold=threshold)
    assert len(found) <= 1
    return found[0] if found else None


def test_numbers_are_masked_and_designators_keyed() -> None:
    assert matchable("Mali’s army got two hundred and fifty T-72B3s and 1,500 troops") == (
        "mali army got # t-72b3 and # troops"
    )
    assert matchable("five Mi-17 helicopters") == matchable("5 Mi-17s helicopters")


def test_names_are_capitalised_words_past_the_first() -> None:
    assert names("Russia delivered two helicopters to Mali") == {"mali"}
    assert names("Police say 27 people are injured.") == frozenset()
    assert names("Chinese-built BTR-82A carriers were seen near Kidal, Russian advisers said") == {"kidal"}


def test_compatible_figures_are_a_duplicate() -> None:
    found = match("At least five T-72B3 tanks were delivered to Mali", "5 T-72B3 tanks were delivered to Mali")
    assert found is not None
    assert found.verdict.kind == "duplicate"
    assert "compatible numbers: at least 5 T-72B3 / 5 T-72B3" in found.verdict.reason


def test_different_figures_for_the_same_thing_are_a_contradiction() -> None:
    found = match("Russia delivered two combat helicopters to Mali", "Russia delivered four combat helicopters to Mali")
    assert found is not None
    assert (found.verdict.kind, found.verdict.aspect) == ("contradiction", "quantity")
    assert found.verdict.detail["a_quantity"] == "2 combat helicopters"
    assert found.verdict.detail["b_quantity"] == "4 combat helicopters"


def test_the_seed_pair_helicopters_and_trainer_aircraft_are_kept_apart() -> None:
    """The AFP story's two helicopters and the first sample's four L-39C trainers: alike in words, not one claim."""
    afp = "Russia delivered two combat helicopters to Mali"
    armour = "Russia delivered four L-39C trainer aircraft to Mali"
    assert fuzz.token_set_ratio(matchable(afp), matchable(armour)) > 75  # plain similarity would pair them
    assert match(afp, armour, threshold=75) is None
    # and the same delivery told with the model name is not a contradiction either
    found = match(afp, "Russia delivered 2 Mil Mi-17 helicopters to Mali")
    assert found is None or found.verdict.kind == "duplicate"


def test_different_years_contradict_but_relative_dates_are_not_compared() -> None:
    claim = "Mali received helicopters from Russia in 2020"
    found = match(claim, "Mali received helicopters from Russia in 2022")
    assert found is not None and (found.verdict.kind, found.verdict.aspect) == ("contradiction", "date")
    relative = match(
        "Mali received helicopters from Russia last month", "Mali received helicopters from Russia in 2022"
    )
    assert relative is not None and relative.verdict.kind == "duplicate"


def test_different_places_keep_template_mates_apart() -> None:
    assert (
        match("Police arrested 5 traders in the town of Kidal", "Police arrested 7 traders in the town of Gao") is None
    )
    assert match("Police arrested 5 traders in Kidal on Monday", "Police arrested 5 traders in Kidal") is not None


def test_a_short_claim_inside_a_long_sentence_is_only_a_contradiction_about_its_figure() -> None:
    long = (
        "A tourist ship struck a highway bridge on the Rhine river in western Germany and 25 people were "
        "injured, police said on Wednesday"
    )
    found = match("Police say 27 people are injured.", long)
    assert found is not None and found.verdict.aspect == "quantity"
    assert match("Police say 25 people are injured.", long) is None  # agreeing: not the same claim, nothing to show


def test_unrelated_claims_are_not_matched() -> None:
    assert match("Russia delivered two combat helicopters to Mali", "Wagner fighters left Bangui in June 2023") is None


def test_matches_are_ordered_pairs_of_ids() -> None:
    texts = ["Mali received 2 Mi-17 helicopters", "Mali received two Mi-17 helicopters", "Something else entirely"]
    claims = [ClaimText(i, t, values(t)) for i, t in zip((9, 4, 7), texts, strict=True)]
    [found] = find_matches(claims)
    assert (found.a, found.b) == (4, 9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefghijklmnop"), min_size=1, max_size=9, unique=True), max_size=40))
def test_blocking_finds_every_pair_sharing_half_of_one_side(tokens: list[list[str]]) -> None:
    """The prefix filter's promise, checked against all pairs (every token well under the postings cap)."""
    assert len(tokens) < MAX_POSTINGS
    found = {tuple(p) for p in candidate_pairs(tokens).tolist()}
    for i, j in itertools.combinations(range(len(tokens)), 2):
        shared = len(set(tokens[i]) & set(tokens[j]))
        if shared >= min(math.ceil(SHARE * len(tokens[i])), math.ceil(SHARE * len(tokens[j]))):
            assert (i, j) in found


@pytest.mark.parametrize("seed", range(40))
def test_a_few_wanted_texts_get_exactly_the_pairs_the_whole_index_gives_them(seed: int) -> None:
    """A run after a few new claims works from their words alone (``_around``): the same pairs as a full pass.

    The caps are lowered so that every regime shows in a few hundred texts: rare words, words
    past the postings cap, words past the fallback's, repeated words, empty texts, texts of the
    same words.
    """
    rng = np.random.default_rng(seed)
    letters = list("abcdefghijklmnopqrstuvwxyz")[: int(rng.integers(3, 26))]
    tokens = [list(rng.choice(letters, size=int(rng.integers(0, 6)))) for _ in range(int(rng.integers(50, 600)))]
    wanted = rng.random(len(tokens)) < 0.03
    wanted[int(rng.integers(0, len(tokens)))] = True
    blocking = "workbench.matching.blocking"
    with patch(f"{blocking}.MAX_POSTINGS", 8), patch(f"{blocking}.FALLBACK_POSTINGS", 40):
        few = candidate_pairs(tokens, wanted)
        with patch(f"{blocking}.FEW", 10**9):  # the pass over every text's prefix
            whole = candidate_pairs(tokens, wanted)
    assert few.tolist() == whole.tolist()


def test_a_few_wanted_texts_find_their_partners_through_rare_and_common_words() -> None:
    tokens = [["tank", f"unit{i}", "segou"] for i in range(300)] + [["helicopter", "mali"], ["mali", "helicopter"]]
    wanted = np.zeros(len(tokens), dtype=bool)
    wanted[[5, 300]] = True
    pairs = {tuple(p) for p in candidate_pairs(tokens, wanted).tolist()}
    assert (300, 301) in pairs  # the same words
    assert all(5 in p or 300 in p for p in pairs)


@pytest.mark.parametrize("threshold", [0, 100])
def test_threshold_bounds_are_accepted(threshold: int) -> None:
    assert isinstance(find_matches([], threshold=threshold), list)


def test_generic_claims_made_of_common_words_still_find_their_copies() -> None:
    """Every word of "Russia delivered helicopters to Mali" is in over a hundred claims here."""
    texts = [f"Russia delivered helicopters to Mali, officer number {i} said" for i in range(MAX_POSTINGS + 20)]
    texts += ["Russia delivered helicopters to Mali", "Russia delivered helicopters to Mali."]
    claims = [ClaimText(i, t, Values()) for i, t in enumerate(texts)]
    pairs = {(m.a, m.b) for m in find_matches(claims)}
    assert (len(texts) - 2, len(texts) - 1) in pairs
