"""Stories: sources grouped by event, corrected by a reviewer, and the scope matching works in."""

from __future__ import annotations

import pytest

from store import Store
from tests.conftest import Cli
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, NewClaim, create_claims
from workbench.errors import InvalidInput, NotFound
from workbench.integrity import verify_store
from workbench.relations import run_match
from workbench.spans import Quote
from workbench.stories import merge_stories, move_sources, split_sources, stories

#: One figure in each sample: the claims contradict each other if both sources are one story.
CLAIMS = [
    NewClaim("Russia delivered two combat helicopters to Mali", [EvidenceSpec(2, Quote("two helicopters", 1))]),
    NewClaim("Russia delivered four combat helicopters to Mali", [EvidenceSpec(1, Quote("four Czech-designed"))]),
]


def pairs(store: Store) -> set[tuple[int, int, str]]:
    return {(r.a, r.b, r.kind) for r in fetch(store, read.relations)}


def test_the_samples_are_one_story_until_a_reviewer_splits_them(sample_store: Store) -> None:
    assert [[s.id for s in story.sources] for story in fetch(sample_store, stories)] == [[1, 2]]
    create_claims(store=sample_store, actor="ana", claims=CLAIMS)
    run_match(store=sample_store, actor="ana")
    assert pairs(sample_store) == {(1, 2, "contradiction")}

    found = split_sources(store=sample_store, actor="ben", source_ids=[1], note="another delivery")
    assert sorted([s.id for s in story.sources] for story in found) == [[1], [2]]
    assert run_match(store=sample_store, actor="ben").withdrawn == 1  # two stories: nothing to compare
    assert pairs(sample_store) == set()
    run_match(store=sample_store, actor="ben", across_stories=True)
    assert pairs(sample_store) == {(1, 2, "contradiction")}

    merged = merge_stories(store=sample_store, actor="ben", a=2, b=1)
    assert [[s.id for s in story.sources] for story in merged] == [[1, 2]]
    actions = [e.action for e in fetch(sample_store, read.audit_events)]
    assert actions.count("story.split") == 1 and actions.count("story.merge") == 1
    assert verify_store(store=sample_store).ok


def test_bad_story_requests_are_refused_and_change_nothing(sample_store: Store) -> None:
    before = len(fetch(sample_store, read.audit_events))
    with pytest.raises(InvalidInput, match="split the sources instead"):
        move_sources(store=sample_store, actor="ana", source_ids=[2], to=2)
    with pytest.raises(NotFound, match="no source with id 99"):
        move_sources(store=sample_store, actor="ana", source_ids=[2], to=99)
    with pytest.raises(InvalidInput, match="in one story already"):
        merge_stories(store=sample_store, actor="ana", a=1, b=2)
    assert len(fetch(sample_store, read.audit_events)) == before


def test_story_commands_print_each_story_and_fail_in_one_line(sample_cli: Cli) -> None:
    listed = sample_cli.ok("stories")
    assert listed.startswith("story 1 · 2 sources\n")
    moved = sample_cli.ok("story", "split", "2", "--note", "wire copy of another event")
    assert "story 2 · 1 source\n    2  AFP" in moved and "(placed by a reviewer)" in moved
    run = sample_cli("story", "merge", "1", "99")
    assert run.code != 0 and run.stderr == "error: no source with id 99\n"
