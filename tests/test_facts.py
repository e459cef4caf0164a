"""Facts: what each figure of a sentence is about, and what two of them are to each other."""

from __future__ import annotations

import pytest

from tests.conftest import AFP
from workbench.facts import boilerplate, stories
from workbench.facts.align import align, describe
from workbench.facts.clock import find as clock_times
from workbench.facts.extract import facts
from workbench.facts.judge import ClaimFacts, verdict
from workbench.ingest import read_file


def only(text: str, published: str | None = None) -> list[tuple[str, str, float | None]]:
    return [(f.kind, f.text, f.value) for f in facts(text, published)]


def claim(claim_id: int, text: str) -> ClaimFacts:
    return ClaimFacts(claim_id, text, tuple(facts(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was one of the best players of his time", []),
        ("She mourned a loved one", []),
        ("The Formula One season starts", []),
        ("The Model 3 is cheaper", []),
        ("Hide Caption 7 of 59", []),
        ("Image 21/30 shows the pier", []),
        ("winds of 180mph hit the coast", [("measure", "180mph", 180.0)]),
        ("a 10km queue formed", [("measure", "10km", 10.0)]),
        ("a $5bn deal", [("money", "$5bn", 5e9)]),
        ("more-than 11 million people voted", [("count", "more-than 11 million people", 11e6)]),
        ("the 4-plus hours wait", [("duration", "4-plus hours", 4.0)]),
        ("after a 4-year-old boy fell", [("age", "4-year-old", 4.0)]),
        ("an 11-and-a-half hour journey", [("duration", "11-and-a-half hour", 11.5)]),
        ("from his window on the 32nd floor", [("ordinal", "32nd", 32.0)]),
        ('It added that "no one was injured".', [("count", "no one", 0.0)]),
    ],
)
def test_figures_are_read_and_furniture_names_and_pronouns_are_not(
    text: str, expected: list[tuple[str, str, float]]
) -> None:
    assert only(text) == expected


def test_a_figure_knows_its_event_what_it_counts_and_how_serious() -> None:
    killed, injured = facts("A gunman killed at least 50 people and wounded over 400")
    assert (killed.predicate, killed.lemma, killed.qualifier, killed.low) == ("kill", "people", "at_least", 50)
    assert (injured.predicate, injured.value) == ("injure", 400)
    [serious, slight] = facts(
        "Four people were taken to hospital with serious injuries while 20 others were slightly hurt"
    )
    assert (serious.severity, slight.severity, slight.lemma) == ("serious", "slight", "people")


def test_killed_and_injured_are_two_facts_with_the_reason() -> None:
    [seven] = facts("At least seven people were killed in the blast")
    [forty] = facts("At least 40 people were injured in the blast")
    found = align(seven, forty)
    assert found is not None and found.outcome == "distinct"
    assert found.reason == "different events: kill / injure"
    assert verdict(claim(1, seven.text + " were killed"), claim(2, "At least 40 people were injured")) is None


def test_revised_soft_and_unit_contradictions_are_typed() -> None:
    revised = verdict(claim(1, "Police say 27 people are injured."), claim(2, "25 people were injured, police said"))
    assert revised is not None and revised.kind == "contradiction" and revised.detail["conflict"] == "revised"
    soft = verdict(
        claim(1, "At least 59 are dead and more than 500 were injured during the massacre"),
        claim(2, "the shooting injured more than 400 at the festival during the massacre"),
    )
    assert soft is not None and soft.detail["conflict"] == "soft"
    unit = verdict(claim(1, "The 181-kg gorilla dragged the boy"), claim(2, "a 450-pound gorilla dragged the boy"))
    assert unit is not None and unit.detail["conflict"] == "unit"
    assert "181 kg / 450 lb" in unit.reason


def test_figures_agree_across_units_and_rounding() -> None:
    same = verdict(claim(1, "standing 230 feet tall, the rocket"), claim(2, "measuring 229 feet tall, the rocket"))
    assert same is not None and same.kind == "duplicate"
    converted = verdict(
        claim(1, "a payload of 63,800 kilograms of cargo"), claim(2, "a payload of 140,660 pounds of cargo")
    )
    assert converted is not None and converted.kind == "duplicate" and "(converted)" in converted.reason


def test_clock_times_convert_to_utc() -> None:
    [pst] = clock_times("After taking off at 11:36 a.m. PST")
    assert (pst.minutes, pst.utc) == (19 * 60 + 36, True)
    local, gmt = clock_times("departed at 11:36 a.m. (0336 GMT)")
    assert (local.utc, gmt.minutes) == (False, 3 * 60 + 36)
    [first, second] = [f for f in facts("departed at 11:36 a.m. (0336 GMT) for Tokyo") if f.unit == "UTC"] + facts(
        "After taking off at 11:36 a.m. PST for Tokyo"
    )
    found = align(first, second)
    assert found is None or found.outcome != "agreement"  # 03:36 GMT is not 19:36 GMT
    assert describe(second) == "19:36 UTC"


def test_the_samples_two_helicopters_received_are_not_at_least_four_in_all() -> None:
    text = read_file(AFP)[0].text
    two = next(f for f in facts(text) if f.text == "two helicopters")
    four = next(f for f in facts(text) if f.text == "at least four helicopters")
    assert four.total and not two.total  # "The delivery adds to at least four helicopters"
    found = align(two, four)
    assert found is not None
    assert (found.outcome, found.reason) == ("distinct", "a running total and a single report")


def test_boilerplate_by_form_and_by_recurrence() -> None:
    assert boilerplate.by_form("Hide Caption 7 of 59 Photos: the fire")
    assert boilerplate.by_form("The ministry did not immediately respond to a request for comment.")
    assert not boilerplate.by_form("Two people were injured when a barge caught fire.")
    line = "Sign in to read the full story and get the app today"
    lines = [boilerplate.Line(line, source, 1, story) for source, story in ((1, 1), (2, 2), (3, 3))]
    wire = [boilerplate.Line("Two people were injured when a barge caught fire.", s, s, 9) for s in (4, 5, 6)]
    found = boilerplate.recurring([*lines, *wire])
    assert boilerplate.key(line) in found
    assert boilerplate.key(wire[0].text) not in found  # a wire story reprinted within one story is not furniture


def test_stories_group_sources_about_one_event_within_a_window() -> None:
    boat = "A tourist boat hit a bridge on the Rhine near Cologne; passengers were injured and the ship was towed."
    fire = "Fireworks barge caught fire at Terrigal beach on New Year's Eve; spectators fled the beach in panic."
    leads = [
        stories.Lead(1, "Tourist boat hits Rhine bridge", boat, "2017-12-20"),
        stories.Lead(2, "Rhine tourist boat hits bridge, passengers injured", boat, "2017-12-21"),
        stories.Lead(3, "Fireworks barge fire at Terrigal beach", fire, "2018-01-01"),
        stories.Lead(4, "Terrigal beach fireworks barge fire", fire, "2018-01-01"),
        stories.Lead(5, "Tourist boat hits Rhine bridge", boat, "2019-06-01"),  # the same words, years later
    ]
    found = stories.group(leads)
    assert found[1] == found[2] and found[3] == found[4]
    assert found[1] != found[3] and found[5] != found[1]


def test_a_part_is_not_the_whole_and_a_figure_said_twice_is_not_in_dispute() -> None:
    part = verdict(
        claim(1, "Boko Haram freed 21 of the more than 200 Chibok schoolgirls kidnapped in 2014"),
        claim(2, "A video shows 15 of the more than 200 schoolgirls kidnapped in 2014"),
    )
    assert part is None or part.kind == "duplicate"  # 21 and 15 are parts; the 200 agree
    listed = "a levy of 15.5 percent for earnings held in cash and 8 percent for earnings held in other assets"
    same = verdict(claim(1, "The tax imposes " + listed), claim(2, "The new tax sets " + listed))
    assert same is not None and same.kind == "duplicate"


def test_vague_figures_agree_with_what_they_allow() -> None:
    found = verdict(
        claim(1, "Hundreds of people were injured in the shooting"),
        claim(2, "More than 400 people were injured in the shooting"),
    )
    assert found is None or found.kind == "duplicate"


def test_hostile_text_is_read_in_linear_time_without_error() -> None:
    table = " ".join(f"{i} {i * 3}.5 km {i}%" for i in range(2000))
    malformed = "1,00,000 people; 4½ hours; 41/2 miles; 1.2.3.4 tons; 12,34 kg; ١٢٣ people; $$5"
    rtl = "قتل 12 شخصا في الهجوم \u202e 7 killed \u202c and \u200f15\u200f injured"
    long = "The convoy of trucks moved north " * 150 + "and 5 people died."
    for text in (table, malformed, rtl, long, "one " * 2000, "9" * 5000, "-".join(["two"] * 2000)):
        found = facts(text)
        assert all(text[f.start : f.end] == f.text for f in found)
    assert len(facts(table)) >= 4000
