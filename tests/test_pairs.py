"""Which claims `match` compares: those whose facts share what they are about, inside a story."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

from workbench.facts.extract import facts
from workbench.facts.judge import ClaimFacts
from workbench.facts.pairs import MAX_BUCKET, WHOLE, candidates, pack, unpack


def claim(claim_id: int, text: str, *stories: int) -> ClaimFacts:
    return ClaimFacts(claim_id, text, tuple(facts(text)), stories=frozenset(stories))


def test_claims_are_compared_within_their_story_unless_matching_goes_across() -> None:
    gao = claim(1, "Russia delivered two Mi-24 helicopters to Gao.", 1)
    bamako = claim(2, "Russia delivered four Mi-24 helicopters to Bamako.", 2)
    same_story = replace(bamako, id=3, stories=frozenset({1}))
    assert candidates([gao, bamako]) == []
    assert candidates([gao, bamako], across_stories=True) == [(0, 1)]
    assert candidates([gao, same_story]) == [(0, 1)]


def test_a_claim_linked_to_no_source_is_compared_within_every_story() -> None:
    loose = claim(1, "Russia delivered four Mi-24 helicopters to Mali.")
    first = claim(2, "Russia delivered two Mi-24 helicopters to Gao.", 1)
    second = claim(3, "Moscow delivered two Mi-24 helicopters in all.", 2)
    assert candidates([loose, first, second]) == [(0, 1), (0, 2)]


def test_boilerplate_and_claims_without_figures_are_never_compared() -> None:
    one = claim(1, "Russia delivered two Mi-24 helicopters to Gao.", 1)
    furniture = replace(claim(2, "Hide Caption 2 of 9 Mi-24 helicopters", 1), boilerplate=True)
    words = claim(3, "Russia delivered helicopters to Gao.", 1)
    assert candidates([one, furniture, words]) == []


def test_a_common_key_is_not_followed_but_a_rare_one_is() -> None:
    # more claims of one kind than a story compares whole: each pairs only through rarer keys
    crowd = [claim(i, f"Police counted {i + 10} protesters on day {i}.", 1) for i in range(WHOLE + 10)]
    toll = claim(1000, "Gunmen killed 17 villagers in Kidal.", 1)
    again = claim(1001, "At least 17 villagers were killed in Kidal, officials said.", 1)
    pairs = set(candidates([*crowd, toll, again]))
    assert (len(crowd), len(crowd) + 1) in pairs
    partners = [j for i, j in pairs if i == 0] + [i for i, j in pairs if j == 0]
    assert len(partners) < MAX_BUCKET  # "protesters" is shared by every claim: too common to follow


def test_an_incremental_run_weighs_exactly_the_full_runs_pairs_that_hold_a_changed_claim() -> None:
    texts = [
        "Russia delivered two Mi-24 helicopters to Gao.",
        "Moscow delivered four Mi-24 helicopters in all.",
        "At least 50 people were killed and 400 injured.",
        "The attack killed 59 people and injured 527.",
        "Officials said 58 people died in the shooting.",
        "A 450-pound gorilla was shot at the zoo.",
        "The gorilla weighed 400 pounds.",
    ]
    claims = [claim(i + 1, text, 1) for i, text in enumerate(texts)]
    full = candidates(claims)
    for changed in ({3}, {1, 6}, {7}):
        expected = [(i, j) for i, j in full if claims[i].id in changed or claims[j].id in changed]
        assert candidates(claims, changed=changed) == expected
    assert candidates(claims, changed=set()) == []


def test_stored_keys_are_the_same_in_every_process() -> None:
    # keys are stored and compared with the keys of later runs: they may not depend on hashing
    text = "Russia delivered two Mi-24 helicopters to Gao on 3 May 2021."
    program = (
        "from workbench.facts.extract import facts;"
        "from workbench.facts.judge import ClaimFacts;"
        "from workbench.facts.pairs import pack;"
        f"t = {text!r}; print(pack(ClaimFacts(1, t, tuple(facts(t)))).hex())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", program], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }  # fmt: skip
    assert runs == {pack(claim(1, text)).hex()}
    hashes, groups = unpack(pack(claim(1, text)))
    assert len(hashes) == len(groups) > 0


def test_candidates_from_stored_keys_need_no_facts() -> None:
    claims = [
        claim(1, "Russia delivered two Mi-24 helicopters to Gao.", 1),
        claim(2, "Moscow delivered four Mi-24 helicopters in all.", 1),
        claim(3, "The gorilla weighed 400 pounds.", 1),
    ]
    packed = [pack(c) for c in claims]
    shallow = [replace(c, facts=()) for c in claims]
    assert candidates(shallow, packed=packed) == candidates(claims) == [(0, 1)]


def test_bucket_positions_are_found_however_many_keys_share_their_low_bits() -> None:
    """The lookup behind an incremental run's bucket sizes: exact where keys collide in the table."""
    import numpy as np

    from workbench.facts.pairs import _positions

    rng = np.random.default_rng(3)
    spread = rng.integers(-(2**62), 2**62, 5000)
    crowded = (rng.integers(0, 2**40, 3000) << 20) | 7  # all alike in their low 20 bits
    wanted = np.unique(np.concatenate([spread, crowded]))
    values = np.concatenate([wanted, rng.integers(-(2**62), 2**62, 5000), crowded + (1 << 20)])
    at = _positions(wanted, values)
    held = np.isin(values, wanted)
    assert (wanted[at[held]] == values[held]).all()
    assert (wanted[at[~held]] != values[~held]).all()  # a value not wanted is never taken for one
