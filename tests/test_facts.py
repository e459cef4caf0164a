"""Facts: what each figure of a sentence is about, and what two of them are to each other."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import AFP
from workbench.facts import boilerplate, stories
from workbench.facts.align import align, describe
from workbench.facts.clock import find as clock_times
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts, explain, verdict
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
        ("38 tanks were delivered to Segou in batch 12.", [("count", "38 tanks", 38.0)]),
        ("Flight 370 vanished; see page 4", []),
        ("in batch 12 tanks arrived", [("count", "12 tanks", 12.0)]),
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
    [first, second] = [
        f
        for text in ("departed at 11:36 a.m. (0336 GMT) for Tokyo", "After taking off at 11:36 a.m. PST for Tokyo")
        for f in facts(text)
        if f.unit == "UTC"
    ]
    found = align(first, second)
    assert found is None or found.outcome != "agreement"  # 03:36 GMT is not 19:36 GMT
    assert describe(second) == "19:36 UTC"
    # the clock as written is read too, so that a report giving no zone can agree with it
    assert [describe(f) for f in facts("After taking off at 11:36 a.m. PST")] == ["19:36 UTC", "11:36 local time"]


def test_one_local_time_in_two_zones_is_a_unit_contradiction() -> None:
    wire = claim(1, "Flight 175 departed Los Angeles at 11:36 a.m. (0336 GMT) for Tokyo.")
    local = claim(2, "After taking off at 11:36 a.m. PST, the plane returned to Los Angeles.")
    found = verdict(wire, local)
    assert found is not None and found.kind == "contradiction"
    assert found.reason == "unit contradiction: one local time both give, in UTC apart: 03:36 UTC / 19:36 UTC"


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
        # another accident on the Rhine years later: some words alike, the window keeps it apart
        stories.Lead(
            5,
            "Cargo ship runs aground on the Rhine",
            "A cargo ship ran aground on the Rhine near Cologne; no passengers were aboard and the ship was towed.",
            "2019-06-01",
        ),
        # the first report again under a crawl date: half its distinctive words shared outweigh the date
        stories.Lead(6, "Tourist boat hits Rhine bridge", boat, "2019-11-30"),
    ]
    found = stories.group(leads)
    assert found[1] == found[2] and found[3] == found[4]
    assert found[1] != found[3] and found[5] != found[1]
    assert found[6] == found[1]


def test_a_topic_many_sources_share_still_groups_them_by_time() -> None:
    """Past ``TOPICAL`` sources a word links each only to its neighbours in time; the chain still holds them."""
    recount = "County officials continued the ballot recount; observers watched election workers sort the ballots."
    quake = "Rescuers searched collapsed buildings after the earthquake; aftershocks rattled the coastal province."
    many = stories.TOPICAL + 30
    leads = [
        stories.Lead(i, f"Recount day {i}: ballots and observers", recount, f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}")
        for i in range(1, many)
    ] + [
        stories.Lead(many + i, f"Earthquake aftershocks, rescuers search day {i}", quake, f"2020-03-{1 + i % 28:02d}")
        for i in range(1, 6)
    ]
    # an undated report has no neighbours in time: it joins the story by the story's common words
    leads.append(stories.Lead(many + 10, "Recount: ballots and observers", recount, None))
    found = stories.group(leads)
    assert len({found[i] for i in [*range(1, many), many + 10]}) == 1
    assert len({found[many + i] for i in range(1, 6)}) == 1
    assert found[1] != found[many + 1]


def test_a_source_no_other_links_to_joins_the_story_it_shares_common_words_with() -> None:
    text = "Gorilla killed at Cincinnati zoo after a boy fell into the moat; zoo officials defend the shooting."
    leads = [
        stories.Lead(1, "Cincinnati zoo kills gorilla", text, "2016-05-29"),
        stories.Lead(2, "Zoo gorilla shot after boy falls into moat", text, "2016-05-30"),
        stories.Lead(
            3,
            "Zoos and their animals",
            "Are zoos obsolete? The gorilla shot in Cincinnati after a boy "
            "fell into its moat has critics asking about captivity and conservation.",
            "2016-06-02",
        ),
        stories.Lead(
            4,
            "Erie snowfall record",
            "Erie, Pennsylvania, smashed its snowfall record with 34 inches of snow in a day; crews cleared roads.",
            "2017-12-26",
        ),
    ]
    found = stories.group(leads)
    assert found[3] == found[1] == found[2]
    assert found[4] != found[1]


def test_two_sources_linked_only_to_each_other_join_the_story_they_share_common_words_with() -> None:
    drop = (
        "Bitcoin price plunged below $6,000 on Tuesday as cryptocurrency markets slumped; "
        "traders sold bitcoin across exchanges."
    )
    leads = [
        stories.Lead(1, "Bitcoin price plunges below $6,000", drop, "2018-02-06"),
        stories.Lead(2, "Bitcoin plunge: cryptocurrency price slumps", drop, "2018-02-06"),
        stories.Lead(3, "Cryptocurrency markets slump as bitcoin price falls", drop, "2018-02-06"),
        # two late reports with an angle of their own: linked to each other, not to the first three
        stories.Lead(
            4,
            "Bitcoin price live: sceptics celebrate with champagne",
            "Sceptics toasted the bitcoin price with champagne as cryptocurrency regulators in Washington watched.",
            "2018-02-06",
        ),
        stories.Lead(
            5,
            "Champagne for sceptics as bitcoin price slides",
            "Sceptics opened champagne while the bitcoin price slid and cryptocurrency regulators in Washington spoke.",
            "2018-02-07",
        ),
        stories.Lead(
            6,
            "Erie snowfall record",
            "Erie, Pennsylvania, smashed its snowfall record with 34 inches of snow in a day; crews cleared roads.",
            "2017-12-26",
        ),
        stories.Lead(
            7, "Erie digs out after record snow", "Erie dug out after record snow; crews cleared roads.", "2017-12-27"
        ),
    ]
    found = stories.group(leads)
    assert found[4] == found[5] == found[1] == found[2] == found[3]
    assert found[6] == found[7] != found[1]


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


def test_an_approximate_figure_spans_its_step_not_a_tenth_of_itself() -> None:
    close = verdict(
        claim(1, "roughly 90 percent of oil imports were banned"), claim(2, "oil imports cut by 89 percent")
    )
    assert close is not None and close.kind == "duplicate"
    held = verdict(
        claim(1, "Some 197 girls remain captive, though it is not known how many have died."),
        claim(2, "The government is committed to rescuing the 218 girls still held captive."),
    )
    assert held is not None and held.kind == "contradiction"
    assert "about 197 girls / 218 girls" in held.reason


def test_figures_far_apart_are_two_things_not_one_in_dispute() -> None:
    thrust = claim(1, "The Heavy will launch with more than 5 million pounds.")
    cargo = claim(2, "The Heavy will launch 140,000 pounds into orbit.")
    assert verdict(thrust, cargo) is None
    [pair] = [p for p in explain(thrust, cargo) if p.outcome == "distinct"]
    assert pair.reason == "an order of magnitude apart: two things, not one in dispute"
    charge = claim(3, "Goldman expects a $5 billion hit to profits in the quarter.")
    earnings = claim(4, "Goldman had estimated earnings of $1.9 billion for the quarter.")
    assert verdict(charge, earnings) is None  # two of the story's sums, not one in dispute
    # a growing toll may grow that much: a revision, not two things
    grown = verdict(
        claim(5, "More than 2,000 people signed a petition"), claim(6, "Almost 300,000 people have signed a petition")
    )
    assert grown is not None and grown.kind == "contradiction" and grown.reason.startswith("revised")


def test_close_precise_sums_of_one_event_are_one_figure_told_two_ways() -> None:
    found = verdict(
        claim(1, "The price of bitcoin swung again, falling 14% to $5,920 before bouncing back."),
        claim(2, "Prices on CoinDesk's index fell as low as $5,967.34 this morning."),
    )
    assert found is not None and found.kind == "contradiction"
    assert "5,920 USD / 5,967.34 USD" in found.reason


def test_a_figure_both_sentences_agree_on_joins_their_other_figures() -> None:
    found = verdict(
        claim(1, "The bank had $32.6 billion in undistributed foreign earnings at the end of 2016."),
        claim(2, "The bank had $31.2 billion in earnings reinvested abroad as of the end of 2016."),
    )
    assert found is not None and found.kind == "contradiction"
    assert "32.6 billion USD / 31.2 billion USD" in found.reason


def test_ages_of_one_person_counted_alike_are_one_fact() -> None:
    found = verdict(
        claim(1, "A male gorilla in the zoo was killed after a 4-year-old boy fell into the exhibit moat."),
        claim(2, "After a 3-year-old boy slipped into the gorilla enclosure, a team killed the gorilla."),
    )
    assert found is not None and found.kind == "contradiction"
    assert "4 year-old / 3 year-old" in found.reason
    other = verdict(
        claim(3, "A zoo shot and killed a 17-year-old gorilla."),
        claim(4, "The killing of a gorilla after a 4-year-old boy tumbled into the enclosure."),
    )
    assert other is None or "17 year-old / 4 year-old" not in other.reason


def test_a_source_is_held_to_dispute_itself_only_on_one_event_of_one_named_party() -> None:
    fastball = ClaimFacts(1, "Chapman threw a 105-mph fastball.", tuple(facts("Chapman threw a 105-mph fastball.")))
    other = "Guyer doubled off a 97.9-mph fastball."
    slower = ClaimFacts(2, other, tuple(facts(other)))
    same_source = [ClaimFacts(c.id, c.text, c.facts, frozenset(), sources=frozenset({7})) for c in (fastball, slower)]
    assert verdict(*same_source) is None
    two = "Russia delivered two combat helicopters to Mali"
    four = "Russia delivered four combat helicopters to Mali"
    names = frozenset({"russia", "mali"})
    one_event = [
        ClaimFacts(i, text, tuple(facts(text)), names, sources=frozenset({7})) for i, text in ((3, two), (4, four))
    ]
    found = verdict(*one_event)
    assert found is not None and found.kind == "contradiction"


def test_news_agencies_are_not_names_that_tell_events_apart() -> None:
    from workbench.facts.extract import claim_names

    text = '"Some 197 girls remain captive," the Associated Press reports, citing CNN.'
    assert claim_names(text, facts(text)) == frozenset()


def test_a_time_zone_after_a_meridiem_does_not_end_the_sentence() -> None:
    from workbench.extract.sentences import find

    text = "After taking off at 11:36 a.m. PST on Tuesday, it turned back. It was 5 p.m. The crew left."
    assert [s.text for s in find(text)] == [
        "After taking off at 11:36 a.m. PST on Tuesday, it turned back.",
        "It was 5 p.m.",
        "The crew left.",
    ]


def test_the_parts_a_sentence_gives_are_added_up_against_another_reports_total() -> None:
    parts = claim(1, "Four people were taken to hospital with serious injuries while 20 others were slightly hurt.")
    total = claim(2, "A tourist ship struck a bridge and 25 people were injured, police said Wednesday.")
    found = verdict(parts, total)
    assert found is not None and found.kind == "contradiction"
    assert "24 in all (4 + 20) / 25 people" in found.reason
    assert found.detail["a_fact"]["text"] == parts.text[found.detail["a_fact"]["start"] : found.detail["a_fact"]["end"]]
    # killed and injured are two events: never added up
    assert verdict(claim(3, "Seven people were killed and 40 were injured."), claim(4, "47 people were hurt.")) is None


def test_half_an_hour_is_thirty_minutes_give_or_take_a_few() -> None:
    [half] = facts("The players were delayed for around half an hour.")
    assert (half.kind, half.value, half.unit) == ("duration", 0.5, "hour")
    found = verdict(
        claim(1, "Rain meant the players were delayed for around half an hour."),
        claim(2, "For a 17-minute rain delay."),
    )
    assert found is not None and found.kind == "contradiction"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It ran from March 3 to March 5, 2021.", ("from March 3 to March 5, 2021", "2021-03-03 to 2021-03-05")),
        ("The talks were held March 3-5, 2021.", ("March 3-5, 2021", "2021-03-03 to 2021-03-05")),
        ("The exercise ran 12–16 February 2021.", ("12–16 February 2021", "2021-02-12 to 2021-02-16")),
        ("It came between May 1 and June 2, 2019.", ("between May 1 and June 2, 2019", "2019-05-01 to 2019-06-02")),
    ],
)  # fmt: skip
def test_a_date_range_is_one_fact_not_its_first_date(text: str, expected: tuple[str, str]) -> None:
    [fact] = facts(text, "2021-06-01")
    assert (fact.text, describe(fact)) == expected


def test_two_dates_listed_are_two_facts() -> None:
    assert [describe(f) for f in facts("In 2014 and 2016 the army grew.")] == ["2014", "2016"]


def test_a_bare_ton_is_any_of_the_three_tons() -> None:
    tons = verdict(
        claim(1, "At 2,500 tons of thrust it is the most powerful rocket."),
        claim(2, "It packs about 5 million pounds of thrust."),
    )
    assert tons is not None and tons.kind == "duplicate"  # 2,500 short tons are 5 million pounds
    metric = verdict(
        claim(1, "It can lift 70 metric tons of thrust."), claim(2, "It can lift 180,000 pounds of thrust.")
    )
    assert metric is not None and metric.kind == "contradiction"  # 70 tonnes are 154,000 pounds


def test_a_day_followed_by_last_year_is_that_day_of_last_year() -> None:
    [day] = facts("A gunman opened fire in Orlando on June 12 last year and killed 49 people.", "2017-10-02")[:1]
    assert (day.text, describe(day)) == ("June 12 last year", "2016-06-12")
    orlando = claim(1, "A gunman opened fire in a nightclub on June 12 last year and killed 49 people.")
    vegas = claim(2, "On Sunday night a gunman killed 59 people at a concert.")
    orlando = ClaimFacts(1, orlando.text, tuple(facts(orlando.text, "2017-10-02")), year=2017)
    vegas = ClaimFacts(2, vegas.text, tuple(facts(vegas.text, "2017-10-02")), year=2017)
    assert verdict(orlando, vegas) is None  # then and now: two shootings, not one toll in dispute


def test_review_cases_for_times_dates_and_rounding() -> None:
    from workbench.extract import temporal
    from workbench.extract.sentences import find

    quake = "The quake struck at 11:36 a.m. PST and an aftershock hit at 1:15 p.m. PST."
    same = verdict(claim(1, quake), claim(2, quake))
    assert same is not None and same.kind == "duplicate"  # two times of one sentence are not one in two zones
    about = verdict(
        claim(1, "About 10 people were killed in the attack."), claim(2, "15 people were killed in the attack.")
    )
    assert about is not None and about.kind == "contradiction"  # a small count is stated exactly
    tons = verdict(
        claim(1, "The ship carried 1,234 tons of grain."), claim(2, "The ship carried 1,119 tonnes of grain.")
    )
    assert tons is not None and tons.kind == "duplicate"  # short tons and tonnes
    spans = {
        m.text: (m.start_date, m.end_date)
        for m in temporal.find("from March 3, 2020 to March 5", published="2021-06-01")
    }
    assert spans == {"from March 3, 2020 to March 5": ("2020-03-03", "2020-03-05")}
    apart = [m.text for m in temporal.find("Posted June 12\n\nLast year, it grew", published="2021-06-01")]
    assert apart == ["June 12", "Last year"]
    assert [s.text for s in find("He woke at 6 a.m. TNT exploded.")] == ["He woke at 6 a.m.", "TNT exploded."]


def test_a_short_duration_said_alike_is_no_agreement_on_its_own() -> None:
    assert (
        verdict(claim(1, "Talks in Geneva took two days."), claim(2, "The strike in Lagos went on for two days."))
        is None
    )
    rain = verdict(
        claim(1, "The tenth inning began 17 minutes later."), claim(2, "It was heightened by a 17-minute delay.")
    )
    assert rain is not None and rain.kind == "duplicate"


def test_a_common_figure_of_deliveries_dated_to_different_years_is_two_deliveries() -> None:
    then = claim(1, "Russia delivered 3 Igla launchers to Gao in October 2022.")
    earlier = claim(2, "Russia delivered 3 Igla launchers to Gao on 10 April 2019.")
    assert verdict(then, earlier) is None
    # a precise figure is one fact however the sentences are dated, and "next year" is no date stated
    bill = claim(3, "A bill of $284.46 arrived in December 2017.")
    again = claim(4, "In January 2018 Penelec said the $284.46 figure was an error.")
    assert verdict(bill, again) is not None and verdict(bill, again).kind == "duplicate"  # type: ignore[union-attr]
    estimate = claim(5, "Analysts estimated that the tax law will boost bank earnings by 13 percent next year.")
    dated = claim(6, "Analysts estimated on Dec. 18, 2017 that bank earnings would increase by 13 percent.")
    assert verdict(estimate, dated) is not None and verdict(estimate, dated).kind == "duplicate"  # type: ignore[union-attr]


def test_two_sentences_agreeing_only_on_the_year_are_two_happenings() -> None:
    jammers = claim(1, "The 76th Regiment moved 140 Krasukha jammers to Sekoma in 2015.")
    soldiers = claim(2, "Camp officials recorded 313 soldiers in Biduta in 2015.")
    assert verdict(jammers, soldiers) is None
    # the year does join two sentences whose other figures match: one fall into the gorilla den
    boy = claim(3, "A 3-year-old boy fell into the gorilla den at Brookfield Zoo in 1996.")
    child = claim(4, "When a 3-year-old child fell into the den at Brookfield Zoo in 1996, it ended well.")
    found = verdict(boy, child)
    assert found is not None and found.kind == "duplicate"


def test_a_designator_s_digits_do_not_make_a_figure_precise() -> None:
    [guns] = facts("A drone strike wrecked 41 ZU-23-2 guns at the airport.")
    [weight] = [f for f in facts("The rocket weighs 140,660 lb.") if f.kind == "measure"]
    assert not guns.specific
    assert weight.specific


def test_second_hand_counts_what_is_bought_not_seconds() -> None:
    [drones] = facts("An analyst spotted 3 second-hand drones near the base.")
    assert (drones.kind, drones.value, drones.unit) == ("count", 3.0, None)


def test_names_beside_a_growing_toll_do_not_part_two_moments_of_it() -> None:
    from workbench.facts.extract import claim_names

    def named(claim_id: int, text: str) -> ClaimFacts:
        found = facts(text)
        return ClaimFacts(claim_id, text, tuple(found), claim_names(text, found))

    early = named(1, "More than 1,000 people signed a petition on Change.org urging the Ohio Department to act.")
    later = named(2, "Almost 50,000 people have now signed the petition, which calls for justice for Cecil.")
    grown = verdict(early, later)
    assert grown is not None and grown.kind == "contradiction" and grown.detail["conflict"] == "revised"
    # a different figure of one thing is no running count: the sentences' names still part them
    lifted = named(3, "The Saturn V rocket of NASA produced 7.5 million pounds of thrust at liftoff.")
    other = named(4, "At liftoff the Ariane 5 of Arianespace produces 3 million pounds of thrust.")
    assert verdict(lifted, other) is None


def test_the_same_words_around_another_figure_are_one_statement_in_dispute_whatever_its_verb() -> None:
    twelve = claim(1, "An explosion at a depot damaged 12 ageing BTR-82A carriers at Vitouvi airport in 2023.")
    more = claim(2, "An explosion at a depot damaged 29 ageing BTR-82A carriers at Vitouvi airport in 2023.")
    found = verdict(twelve, more)
    assert found is not None and found.kind == "contradiction"
    assert "the same words around them" in found.reason and "12" in found.reason and "29" in found.reason
    # other words around the figures: no verb the lexicon knows, so nothing said of them
    other = claim(3, "Satellite images show 29 BTR-82A carriers parked at Vitouvi airport in 2023.")
    assert verdict(twelve, other) is None or verdict(twelve, other).kind != "contradiction"  # type: ignore[union-attr]
    # what the figures count is part of the words around them: trucks and helicopters are two deliveries
    trucks = claim(4, "264 trucks were unloaded at Gao in batch 1.")
    helicopters = claim(5, "106 helicopters were unloaded at Gao in batch 1.")
    assert verdict(trucks, helicopters) is None
    found = verdict(trucks, claim(6, "251 trucks were unloaded at Gao in batch 1."))
    assert found is not None and found.kind == "contradiction" and "the same words around them" in found.reason


def test_outside_a_story_different_names_part_a_common_figure_inside_one_they_do_not() -> None:
    def named(claim_id: int, text: str, *stories: int) -> ClaimFacts:
        found = tuple(facts(text))
        return ClaimFacts(claim_id, text, found, claim_names(text, found), stories=frozenset(stories))

    charged = "Gendarmes charged 12 militants at the Rukele air base."
    sheltered = "The Red Cross sheltered 12 militants in Toumoko."
    assert verdict(named(1, charged), named(2, sheltered)) is None
    found = verdict(named(1, charged, 1), named(2, sheltered, 1))
    assert found is not None and found.kind == "duplicate"


def test_the_same_words_written_again_for_another_year_are_two_years_figures() -> None:
    then = claim(1, "Exports of wheat reached 40 million tonnes in 2019, the ministry said.")
    later = claim(2, "Exports of wheat reached 45 million tonnes in 2021, the ministry said.")
    assert verdict(then, later) is None or verdict(then, later).kind != "contradiction"  # type: ignore[union-attr]
    crowd = claim(3, "Attendance at the festival topped 20,000 in 2015.")
    again = claim(4, "Attendance at the festival topped 35,000 in 2019.")
    assert verdict(crowd, again) is None or verdict(crowd, again).kind != "contradiction"  # type: ignore[union-attr]


def _in_story(claim_id: int, text: str, published: str | None = None) -> ClaimFacts:
    found = tuple(facts(text, published))
    year = int(published[:4]) if published else None
    return ClaimFacts(
        claim_id,
        text,
        found,
        claim_names(text, found),
        year=year,
        sources=frozenset({claim_id}),
        stories=frozenset({1}),
    )


def test_a_toll_of_none_is_a_figure_in_dispute_with_a_toll() -> None:
    assert only("No casualties were reported.") == [("count", "No casualties", 0.0)]
    assert only("Police have not yet identified any suspects.") == [("count", "not yet identified any suspects", 0.0)]
    assert only("He had no plans and no evidence.") == []  # nothing a toll is counted in
    none = _in_story(1, "No casualties were reported in the attack on Gao.")
    three = _in_story(2, "Three people were wounded in the attack on Gao.")
    found = verdict(none, three)
    assert found is not None and found.kind == "contradiction" and "0 casualties / 3 people" in found.reason


def test_no_suspects_then_a_total_of_suspects_is_a_revised_count() -> None:
    none = _in_story(1, "Albers says police have not yet identified any suspects, but added that more would follow.")
    total = _in_story(2, "So far, German police have identified a total of 31 suspects, most of them asylum seekers.")
    found = verdict(none, total)
    assert found is not None and found.kind == "contradiction" and found.detail["conflict"] == "revised"


def test_what_befell_people_counted_by_their_role_is_the_clause_s_event() -> None:
    [released] = facts("The government said the release of the 21 captives was part of negotiations.")
    assert released.predicate == "release"
    [held] = facts("The group still holds 195 captives.")
    assert held.predicate == "abduct"


def test_a_toll_grown_since_a_year_both_name_is_in_dispute() -> None:
    # published in 2016: "since ... 2009" in one sentence is no background year against undated news
    before = _in_story(
        1,
        "Boko Haram has been blamed for the deaths of more than 20,000 people and displacement of "
        "2.3 million others in Nigeria since their insurgency in 2009.",
        "2016-10-13",
    )
    after = _in_story(
        2,
        "The insurgency has claimed more than 20,000 lives and displaced 2.6 million people from their "
        "homes since Boko Haram took up arms against the Nigerian government in 2009.",
        "2016-10-13",
    )
    found = verdict(before, after)
    assert found is not None and found.kind == "contradiction"
    assert "2.3 million others / 2.6 million people" in found.reason


def test_two_lower_bounds_are_compared_as_stated_not_as_rounded() -> None:
    million = facts("Germany opened its doors to more than a million migrants.")[0]
    more = facts("Germany welcomed in excess of 1.1 million refugees.")[0]
    assert align(million, more) is None or align(million, more).outcome != "agreement"  # type: ignore[union-attr]
    over = facts("Germany welcomed over a million refugees.")[0]
    assert align(million, over) is not None and align(million, over).outcome == "agreement"  # type: ignore[union-attr]
    decimal = facts("More than 2.01 million people fled.")[0]
    spelled = facts("More than 2,010,000 people fled.")[0]
    assert align(decimal, spelled) is not None and align(decimal, spelled).outcome == "agreement"  # type: ignore[union-attr]


def test_the_same_names_dated_to_two_years_are_one_event_in_dispute() -> None:
    moved = _in_story(
        1,
        "Harambe was born at the Gladys Porter Zoo in Brownsville, Texas, and was transported to the "
        "Cincinnati Zoo in 2014.",
    )
    came = _in_story(2, "Harambe came to Cincinnati in 2015 from the Gladys Porter Zoo in Brownsville, Texas.")
    found = verdict(moved, came)
    assert found is not None and found.kind == "contradiction" and "2014 / 2015" in found.reason
    # a sentence naming a place the other does not may tell another event: born there, moved here
    born = _in_story(3, "Harambe was born in 1999 at the Gladys Porter Zoo in Brownsville, Texas.")
    assert verdict(born, came) is None
    # the very same sentence for another year is a recurring event, not one event dated twice
    won = _in_story(4, "Federer beat Nadal at Wimbledon in London in 2007.")
    again = _in_story(5, "Federer beat Nadal at Wimbledon in London in 2008.")
    assert verdict(won, again) is None


def test_a_list_of_other_events_tolls_is_not_this_event_s_toll_revised() -> None:
    # they share a word ("shooting"), so only the names part them: Florida (a proper noun that
    # opens the line) against Las Vegas, and no name or counted thing in common
    listed = _in_story(1, "Florida club: 49 killed in the shooting")
    vegas = _in_story(2, "At least 59 were killed in the shooting at a music festival in Las Vegas, Nevada.")
    assert "florida" in listed.names
    assert verdict(listed, vegas) is None
    again = _in_story(3, "At least 50 were killed in the shooting at a music festival in Las Vegas.")
    found = verdict(again, vegas)
    assert found is not None and found.kind == "contradiction"  # one toll, grown
    assert "monday" not in _in_story(4, "Monday's attack killed 12.").names  # a weekday names no one


def test_a_weekday_still_to_come_is_the_coming_one() -> None:
    [ahead] = [f for f in facts("The rocket is scheduled to blast off Tuesday for the first time.", "2018-02-05")]
    assert date.fromordinal(int(ahead.low or 0)) == date(2018, 2, 6)
    [past] = [f for f in facts("The rocket blasted off on Tuesday.", "2018-02-05")]
    assert date.fromordinal(int(past.low or 0)) == date(2018, 1, 30)
    for said in (
        "The flight was cancelled due to fog on Tuesday.",
        "Talks that were expected to end Tuesday collapsed.",
        "Smith, who will retire next year, said Tuesday that he was tired.",
    ):
        [day] = [f for f in facts(said, "2018-02-05") if f.kind == "date"]
        assert date.fromordinal(int(day.low or 0)) == date(2018, 1, 30), said


def test_a_duration_said_of_a_thing_is_a_measure_of_it() -> None:
    [journey] = [f for f in facts("The plane turned around an 11-and-a-half hour journey.") if f.value == 11.5]
    [flight] = [f for f in facts("It was the 11-hour flight.") if f.value == 11]
    assert journey.lemma == flight.lemma == "trip"
    [delay] = facts("Play resumed after a 17-minute rain delay.")
    assert delay.lemma is None and delay.predicate == "delay"  # the delay is measured, not the rain
    [when] = [f for f in facts("It turned around four hours into the flight.") if f.value == 4]
    assert when.lemma is None  # when, not how long something is


def test_a_figure_agreed_on_joins_two_sentences_whatever_else_each_names() -> None:
    long = _in_story(
        1,
        "A flight from Los Angeles to Tokyo was forced to turn around four hours into an 11-and-a-half "
        "hour journey after a passenger was discovered on board.",
    )
    short = _in_story(2, "She wondered on Twitter why the plane was turning around four hours into the 11-hour flight.")
    found = verdict(long, short)
    assert found is not None and found.kind == "contradiction" and "11.5 hour / 11 hour" in found.reason


def test_bare_tolls_with_nothing_else_in_common_are_not_one_toll() -> None:
    listed = _in_story(1, "Twelve people and 70 wounded.")
    vegas = _in_story(2, "At least 59 are dead and more than 500 were injured at a music festival in Las Vegas.")
    assert verdict(listed, vegas) is None
    earlier = _in_story(3, "A shooting at an outdoor music festival left at least 50 dead and injured more than 400.")
    found = verdict(earlier, vegas)
    assert found is not None and found.kind == "contradiction"  # "music festival" joins them


def test_templated_deliveries_numbered_apart_are_two_deliveries_not_a_dispute() -> None:
    def said(claim_id: int, text: str) -> ClaimFacts:
        found = tuple(facts(text))
        return ClaimFacts(claim_id, text, found, claim_names(text, found), stories=frozenset({1}))

    batch_12 = said(1, "38 T-72B3 tanks were delivered to Segou in batch 12.")
    assert "batch 12" in batch_12.names
    assert verdict(batch_12, said(2, "38 T-72B3 tanks were delivered to Segou in batch 40.")) is None
    assert verdict(batch_12, said(3, "12 T-72B3 tanks were delivered to Segou in batch 40.")) is None
    same_batch = verdict(batch_12, said(4, "Nine T-72B3 tanks were delivered to Segou in batch 12."))
    assert same_batch is not None and same_batch.kind == "contradiction"
    unnumbered = verdict(batch_12, said(5, "Thirty-eight T-72B3 tanks were delivered to Segou."))
    assert unnumbered is not None and unnumbered.kind == "duplicate"


def test_a_stretch_of_the_day_is_one_time_range_not_the_moment_it_ends() -> None:
    [period] = facts('The organiser said the period between 5pm and 9pm "was truly amazing".')
    assert (period.kind, period.text, period.qualifier, period.low, period.high) == (
        "time",
        "between 5pm and 9pm",
        "range",
        17 * 60,
        21 * 60,
    )
    assert describe(period) == "17:00–21:00 local time"
    assert [t.text for t in clock_times("at 9 a.m. and at 5 p.m.")] == ["9 a.m.", "5 p.m."]  # two moments
    [night] = facts("The road was shut between 11 p.m. and 2 a.m.")
    assert (night.low, night.high) == (23 * 60, 26 * 60)  # into the next day
    fire = claim(2, "The men suffered minor injuries after the barge caught fire at around 9 p.m. local time.")
    assert verdict(claim(1, 'The organiser said the period between 5pm and 9pm "was truly amazing".'), fire) is None


def test_a_bound_and_a_figure_near_it_are_no_agreement_on_their_own() -> None:
    # one rocket's ceiling and another's payload to another orbit: near in pounds, and in the
    # kilograms each converts them to, which take the bound of the figure they convert
    delta = claim(1, "The Delta 4 can haul up to 62,540 pounds (28,370 kilograms) to a low orbit from Cape Canaveral.")
    heavy = claim(2, "The Heavy delivers nearly 60,000 pounds (26,700 kilograms) to a high orbit, 7,700 to Pluto.")
    assert [(f.text, f.qualifier) for f in delta.facts] == [
        ("up to 62,540 pounds", "at_most"),
        ("28,370 kilograms", "at_most"),
    ]
    assert verdict(delta, heavy) is None
    # the same figure stated alike still stands on its own
    same = verdict(claim(3, "The fine came to $5,995.58."), claim(4, "He was billed $5,995.58 in the end."))
    assert same is not None and same.kind == "duplicate"


def test_a_count_of_nothing_said_does_not_agree_through_a_word_of_its_clause() -> None:
    teams = claim(1, "They were the two teams with the longest championships droughts in the league.")
    last = claim(2, "Cleveland suffered three straight defeats - the last two on home soil - as their drought goes on.")
    assert verdict(teams, last) is None
    # an event said by both still joins two counts
    both = verdict(claim(3, "Two people were injured in the fire."), claim(4, "The fire injured two."))
    assert both is not None and both.kind == "duplicate"


def test_an_age_is_the_persons_whatever_befell_them() -> None:
    [birthday] = facts("The gorilla, who had turned 17 only a day earlier, was shot.")
    assert (birthday.kind, birthday.value, birthday.lemma) == ("age", 17, None)
    released = claim(1, "A 20-month-old boy was released with the girls.")
    born = claim(2, "One of them had a 20-month-old boy born in captivity.")
    assert [f.predicate for f in released.facts + born.facts if f.kind == "age"] == [None, None]
    found = verdict(released, born)
    assert found is not None and found.kind == "duplicate"


def test_a_time_inside_a_stretch_of_the_day_is_no_dispute_past_midnight_or_in_another_zone() -> None:
    def named(claim_id: int, text: str) -> ClaimFacts:
        found = facts(text)
        return ClaimFacts(claim_id, text, tuple(found), claim_names(text, found))

    overnight = named(1, "Gunmen killed 12 villagers in Gao between 11 p.m. and 2 a.m., the army said.")
    at_one = verdict(overnight, named(2, "Gunmen killed 12 villagers in Gao at 1 a.m., the army said."))
    assert at_one is not None and at_one.kind == "duplicate"
    zoned = named(3, "Gunmen attacked the base in Gao between 9 a.m. EST and 11 a.m. EST, the army said.")
    at_ten = verdict(zoned, named(4, "Gunmen attacked the base in Gao at 10 a.m. EST, the army said."))
    assert at_ten is not None and at_ten.kind == "duplicate", at_ten
    assert "ranges overlap: 14:00–16:00 UTC / 15:00 UTC" in at_ten.reason


def test_what_joins_two_times_into_one_stretch_and_what_does_not() -> None:
    [evening] = facts("Rain fell between 5 p.m. and 9 p.m. GMT.")  # the zone given once, after the end
    assert (evening.qualifier, evening.unit, evening.low, evening.high) == ("range", "UTC", 17 * 60, 21 * 60)
    assert [f.text for f in facts("It ran between 9 a.m. EST and 5 p.m. PST.") if f.unit == "UTC"] == [
        "9 a.m. EST",
        "5 p.m. PST",
    ]  # two clocks: two times
    assert len(facts("The curfew was moved from 10 p.m. to 8 p.m.")) == 2  # a time moved
    [curfew] = facts("A curfew runs from 6 p.m. to 6 a.m.")  # overnight, twelve hours
    assert (curfew.low, curfew.high) == (18 * 60, 30 * 60)


def test_an_age_keeps_what_harmed_the_person_and_a_race_turn_is_no_birthday() -> None:
    killed, injured = claim(1, "A 6-year-old was killed in the crash on Monday."), claim(2, "A 6-year-old was injured.")
    assert verdict(killed, injured) is None
    assert [(f.kind, f.value) for f in facts("She turned 17 last week.")] == [("age", 17)]
    assert [f.kind for f in facts("The driver crashed in turn 4.")] == ["count"]


@pytest.mark.parametrize(
    ("text", "language", "span", "low", "high"),
    [
        ("Les tirs ont eu lieu entre 21:00 et 23:00 à Gao.", "fr", "entre 21:00 et 23:00", 21 * 60, 23 * 60),
        ("Les tirs ont eu lieu de 9:30 à 11:00 à Gao.", "fr", "de 9:30 à 11:00", 9 * 60 + 30, 11 * 60),
        ("Обстрел шёл с 9:00 до 11:00 в Гао.", "ru", "с 9:00 до 11:00", 9 * 60, 11 * 60),
        ("Обстрел шёл между 21:00 и 23:00.", "ru", "между 21:00 и 23:00", 21 * 60, 23 * 60),
    ],
)
def test_stretches_of_the_day_in_french_and_russian(text: str, language: str, span: str, low: int, high: int) -> None:
    # "et" is French for "and", not Eastern Time: zones are read in capitals only
    [stretch] = facts(text, language=language)
    assert (stretch.text, stretch.unit, stretch.low, stretch.high) == (span, "local", low, high)
