"""Re-finding spans in changed texts: follow the quoted text, or say it is gone — never a lookalike."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.conftest import AFP, ARMOUR
from workbench.anchoring import MIN_SCORE, resolve, select
from workbench.ingest import read_file

ARMOUR_TEXT = read_file(ARMOUR)[0].text
AFP_TEXT = read_file(AFP)[0].text


def anchor_of(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


def test_unchanged_text_anchors_by_position() -> None:
    selector = select(ARMOUR_TEXT, *anchor_of(ARMOUR_TEXT, "at least five T-72B3"))
    anchor = resolve(ARMOUR_TEXT, selector, old_text=ARMOUR_TEXT)
    assert (anchor.method, anchor.score, anchor.start, anchor.end) == ("position", 100.0, 197, 217)


def test_text_inserted_before_moves_the_span_exactly() -> None:
    selector = select(ARMOUR_TEXT, *anchor_of(ARMOUR_TEXT, "at least five T-72B3"))
    revised = ARMOUR_TEXT.replace("Photos and videos", "Footage emerged this week. Photos and videos")
    anchor = resolve(revised, selector, old_text=ARMOUR_TEXT)
    assert anchor.method == "exact" and anchor.score >= MIN_SCORE
    assert revised[anchor.start : anchor.end] == "at least five T-72B3"  # type: ignore[misc]
    assert anchor.start == 197 + len("Footage emerged this week. ")


def test_a_repeated_quote_is_told_apart_by_its_context() -> None:
    second = anchor_of(AFP_TEXT, "two helicopters", occurrence=2)
    selector = select(AFP_TEXT, *second)
    revised = "Update: the story was corrected.\n" + AFP_TEXT
    anchor = resolve(revised, selector, old_text=AFP_TEXT)
    assert anchor.start == second[0] + len("Update: the story was corrected.\n")


def test_a_typo_fixed_inside_the_quote_is_followed() -> None:
    selector = select(ARMOUR_TEXT, *anchor_of(ARMOUR_TEXT, "a single Sukhou Su-25 Frogfoot"))
    revised = ARMOUR_TEXT.replace("Sukhou", "Sukhoi")
    anchor = resolve(revised, selector, old_text=ARMOUR_TEXT)
    assert anchor.method == "fuzzy" and MIN_SCORE <= anchor.score < 100
    assert revised[anchor.start : anchor.end] == "a single Sukhoi Su-25 Frogfoot"  # type: ignore[misc]


def test_a_deleted_passage_is_orphaned() -> None:
    quote = "Some of the Spartak mine resistant ambush protected vehicles had 57 mm S-60 AA guns mounted on them."
    selector = select(ARMOUR_TEXT, *anchor_of(ARMOUR_TEXT, quote))
    revised = ARMOUR_TEXT.replace(quote + "\n", "")
    anchor = resolve(revised, selector, old_text=ARMOUR_TEXT)
    assert not anchor.found and anchor.start is None and anchor.reason == "the quoted text is gone"


def test_changed_figures_orphan_instead_of_following() -> None:
    selector = select(AFP_TEXT, *anchor_of(AFP_TEXT, "at least four helicopters"))
    revised = AFP_TEXT.replace("at least four helicopters", "at least six helicopters")
    anchor = resolve(revised, selector, old_text=AFP_TEXT)
    assert not anchor.found and "changed" in anchor.reason


def test_a_deleted_occurrence_does_not_slide_to_the_other_one() -> None:
    """The famous failure: evidence silently re-anchored to a lookalike passage elsewhere."""
    first = anchor_of(AFP_TEXT, "two helicopters", occurrence=1)
    selector = select(AFP_TEXT, *first)
    sentence = AFP_TEXT[AFP_TEXT.rindex("\n", 0, first[0]) + 1 : AFP_TEXT.index("\n", first[1]) + 1]
    revised = AFP_TEXT.replace(sentence, "")
    assert "two helicopters" in revised  # the other occurrence is still there
    anchor = resolve(revised, selector, old_text=AFP_TEXT)
    assert not anchor.found


def test_without_the_old_text_a_selector_still_resolves() -> None:
    selector = select(ARMOUR_TEXT, *anchor_of(ARMOUR_TEXT, "half a dozen BRDM-2 amphibious scout cars"))
    revised = "Correction appended.\n" + ARMOUR_TEXT
    anchor = resolve(revised, selector)
    assert anchor.found and revised[anchor.start : anchor.end] == selector.exact  # type: ignore[misc]


GAO = (
    "Mali's army said it was investigating.\nFive soldiers were killed near Gao on Tuesday, the army said.\n"
    "More news.\n"
)
GAO_SENTENCE = "Five soldiers were killed near Gao on Tuesday, the army said.\n"


def gao(quote: str, revised: str) -> str:
    at = GAO.index(quote)
    anchor = resolve(revised, select(GAO, at, at + len(quote)), old_text=GAO)
    return revised[anchor.start : anchor.end] if anchor.found else "orphaned"  # type: ignore[misc]


@pytest.mark.parametrize(
    "revised",
    [
        GAO.replace(GAO_SENTENCE, "") + "The army later denied that soldiers were killed near Gao.\n",
        GAO.replace(GAO_SENTENCE, "") + "An earlier version said five soldiers were killed near Gao on Tuesday.\n",
    ],
    ids=["denial appended", "correction note"],
)
def test_a_deleted_sentence_does_not_move_into_text_that_repeats_its_words(revised: str) -> None:
    assert gao("soldiers were killed near Gao", revised) == "orphaned"


@pytest.mark.parametrize(
    ("rewrite", "expected"),
    [
        ("Five soldiers were not killed near Gao on Tuesday", "orphaned"),
        ("Five soldiers were wounded near Gao on Tuesday", "orphaned"),
        ("Five civilians were killed near Gao on Tuesday", "orphaned"),
        ("Six soldiers were killed near Gao on Tuesday", "orphaned"),
        ("Five soldiers were killed near Gao on Wednesday", "orphaned"),
        ("Five soldeirs were killed near Gao on Tuesday", "Five soldeirs were killed near Gao on Tuesday"),
        ("Five  soldiers were killed near Gao on Tuesday", "Five  soldiers were killed near Gao on Tuesday"),
    ],
)
def test_only_a_spelling_correction_follows_the_quote(rewrite: str, expected: str) -> None:
    quote = "Five soldiers were killed near Gao on Tuesday"
    assert gao(quote, GAO.replace(quote, rewrite)) == expected


def test_a_figure_written_differently_is_the_same_figure() -> None:
    old = "The ministry said 1,200 people were evacuated from Mopti on Sunday.\nNext.\n"
    quote = "1,200 people were evacuated"
    at = old.index(quote)
    anchor = resolve(old.replace("1,200", "1200"), select(old, at, at + len(quote)), old_text=old)
    assert (
        anchor.method == "fuzzy"
        and old.replace("1,200", "1200")[anchor.start : anchor.end] == "1200 people were evacuated"
    )  # type: ignore[misc]


def test_a_coincidence_of_offsets_is_not_a_match() -> None:
    """A deleted sentence can leave the same words at the old offsets; the diff knows they are others."""
    old = "On April 5 the DPRK tested a rocket. On April 13, 2012, the DPRK launched a satellite.\n"
    new = old.replace("On April 13, 2012, the DPRK launched a satellite.", "")
    at = old.index("the DPRK", old.index("April 13"))
    assert not resolve(new, select(old, at, at + len("the DPRK")), old_text=old).found


def test_repeated_captions_do_not_stand_in_for_each_other() -> None:
    captions = [f"Photos: festival shooting. {what} Hide Caption {i} of 3\n" for i, what in enumerate(
        ["A crowd takes cover at the festival grounds.", "People tend to a victim at the festival grounds.",
         "Police stand guard at the festival grounds."], 1)]  # fmt: skip
    old = "".join(captions)
    new = old.replace(captions[0], "")
    quote = "A crowd takes cover at the festival grounds."
    at = old.index(quote)
    assert not resolve(new, select(old, at, at + len(quote)), old_text=old).found


def test_a_moved_paragraph_is_followed() -> None:
    old = "First paragraph about Gao.\nSecond paragraph: five tanks were seen near Kati.\nThird paragraph.\n"
    new = "First paragraph about Gao.\nThird paragraph.\nSecond paragraph: five tanks were seen near Kati.\n"
    quote = "five tanks were seen near Kati"
    at = old.index(quote)
    anchor = resolve(new, select(old, at, at + len(quote)), old_text=old)
    assert anchor.found and new[anchor.start : anchor.end] == quote  # type: ignore[misc]


# ---- properties -------------------------------------------------------------------------------

VOCABULARY = (
    "the army said on Tuesday that several armoured vehicles were delivered to a base near capital "
    "officials reported new helicopters radar equipment arrived by transport plane from Moscow while "
    "analysts doubted figures given in statements about troops deployed across region during operations "
    "last year"
).split()
MARKERS = ["Bamako", "Kati", "Gao", "Timbuktu", "Mopti", "Sikasso", "Kidal", "Menaka"]


@st.composite
def article_with_span(draw: st.DrawFn) -> tuple[str, int, int]:
    """An article of plausible sentences and a quoted span of 3–8 words holding a unique place name."""
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=40, max_size=120))
    marker = draw(st.sampled_from(MARKERS))
    at = draw(st.integers(0, len(words) - 8))
    length = draw(st.integers(3, 8))
    words[at + draw(st.integers(0, length - 1))] = marker
    text = " ".join(words) + "."
    start = len(" ".join(words[:at])) + (1 if at else 0)
    end = start + len(" ".join(words[at : at + length]))
    return text, start, end


@settings(max_examples=150, deadline=None)
@given(article_with_span())
def test_unchanged_text_reanchors_every_span_exactly(case: tuple[str, int, int]) -> None:
    text, start, end = case
    anchor = resolve(text, select(text, start, end), old_text=text)
    assert (anchor.start, anchor.end, anchor.method) == (start, end, "position")


@settings(max_examples=200, deadline=None)
@given(article_with_span(), st.data())
def test_random_edits_outside_a_span_still_refind_it_exactly(case: tuple[str, int, int], data: st.DataObject) -> None:
    text, start, end = case
    selector = select(text, start, end)
    edits = data.draw(st.lists(st.tuples(st.booleans(), st.text(alphabet="abcdefgh ,.", max_size=30)), max_size=4))
    new = text
    for before, insertion in edits:
        if before:  # replace some text anywhere before the span: the span shifts
            at = data.draw(st.integers(0, start))
            removed = data.draw(st.integers(0, start - at))
            new = new[:at] + insertion + new[at + removed :]
            start, end = start + len(insertion) - removed, end + len(insertion) - removed
        else:  # or anywhere after it
            at = data.draw(st.integers(end, len(new)))
            removed = data.draw(st.integers(0, len(new) - at))
            new = new[:at] + insertion + new[at + removed :]
    assume(new.count(selector.exact) == 1)  # the quote is still unique: edits did not copy it
    anchor = resolve(new, selector, old_text=text)
    assert anchor.found
    assert (anchor.start, anchor.end) == (start, end)


@settings(max_examples=200, deadline=None)
@given(article_with_span(), st.sampled_from(["delete", "rewrite"]), st.data())
def test_deleting_or_rewriting_the_quote_orphans_it(case: tuple[str, int, int], how: str, data: st.DataObject) -> None:
    text, start, end = case
    selector = select(text, start, end)
    replacement = (
        "" if how == "delete" else " ".join(data.draw(st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=8)))
    )
    new = text[:start] + replacement + text[end:]
    anchor = resolve(new, selector, old_text=text)
    assert not anchor.found, (selector.exact, new[anchor.start : anchor.end] if anchor.start is not None else None)
