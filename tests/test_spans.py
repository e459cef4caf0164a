"""Locating spans: offsets are Unicode code points, quotes resolve to one exact place or fail loudly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import AFP, ARMOUR
from workbench.errors import InvalidInput
from workbench.ingest import read_file
from workbench.spans import CONTEXT, Offsets, Quote, find_caseless, locate, occurrences

ARMOUR_TEXT = read_file(ARMOUR)[0].text
AFP_TEXT = read_file(AFP)[0].text


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (ARMOUR_TEXT, "anti-drone protection is mounted on the tanks’ turrets"),
        (ARMOUR_TEXT, "4 armoured ambulance, Typhoon-K"),
        (ARMOUR_TEXT, "Mali, Nigér, and Burkina Faso quit the G5 in 2022"),
        (ARMOUR_TEXT, "dubbed the ‘African Legion‘"),
        (AFP_TEXT, "“the fruit of a sincere and very long-running partnership”"),
        (AFP_TEXT, "8,000 kilometers (5,000 miles) per hour"),
    ],
    ids=["curly apostrophe", "after ×", "é", "odd quotes", "curly double quotes", "late in the text"],
)
def test_quote_offsets_are_code_points_into_the_seed_text(text: str, quote: str) -> None:
    selector = locate(text, Quote(quote))
    assert text[selector.start : selector.end] == quote == selector.exact
    # Not bytes: every quote here sits after a multi-byte character, so UTF-8 offsets would differ.
    assert len(text[: selector.start].encode()) != selector.start
    assert selector.prefix == text[max(0, selector.start - CONTEXT) : selector.start]
    assert selector.suffix == text[selector.end : selector.end + CONTEXT]
    assert len(selector.prefix) <= CONTEXT and len(selector.suffix) <= CONTEXT


def test_occurrence_counts_from_one_in_text_order() -> None:
    first = locate(AFP_TEXT, Quote("two helicopters", occurrence=1))
    second = locate(AFP_TEXT, Quote("two helicopters", occurrence=2))
    assert first.start < second.start
    assert "An AFP journalist saw two helicopters" in AFP_TEXT[second.start - 22 : second.end]


def test_ambiguous_quote_names_the_number_of_occurrences() -> None:
    with pytest.raises(InvalidInput, match=r"occurs 2 times; say which occurrence, 1\.\.2"):
        locate(AFP_TEXT, Quote("two helicopters"))


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("the tanks' turrets", "the tanks’ turrets"),
        ('"the fruit of a sincere', "“the fruit of a sincere"),
        ("Linza 4x4", "Linza 4×4"),
    ],
)
def test_typed_straight_punctuation_finds_the_printed_form(typed: str, printed: str) -> None:
    text = ARMOUR_TEXT + "\n" + AFP_TEXT
    assert locate(text, Quote(typed)).exact == printed


def test_exact_match_wins_over_folded_match() -> None:
    text = 'He said “yes”. Later he said "yes".'
    selector = locate(text, Quote('"yes"'))
    assert selector.exact == '"yes"' and selector.start == text.index('"yes"')


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (Offsets(0, 0), "out of range"),
        (Offsets(-1, 4), "out of range"),
        (Offsets(5, len(AFP_TEXT) + 1), "out of range"),
        (Quote("   "), "empty"),
        (Quote("Sukhoi Su-25"), "not found"),
        (Quote("two helicopters", occurrence=3), "occurs 2 time"),
    ],
)
def test_bad_spans_are_refused(ref: Offsets | Quote, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        locate(AFP_TEXT, ref)


def test_whitespace_only_span_is_refused() -> None:
    at = AFP_TEXT.index("\n")
    with pytest.raises(InvalidInput, match="only whitespace"):
        locate(AFP_TEXT, Offsets(at, at + 1))


texts = st.text(alphabet=st.sampled_from("ab c’“é×😀\n"), min_size=1, max_size=60)


@given(text=texts, data=st.data())
def test_any_span_round_trips_through_offsets_and_quote(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    by_offsets = locate(text, Offsets(start, end))
    assert by_offsets.exact == text[start:end]
    starts = occurrences(text, by_offsets.exact)
    by_quote = locate(text, Quote(by_offsets.exact, occurrence=starts.index(start) + 1))
    assert (by_quote.start, by_quote.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "wanted", "found"),
    [
        ("Straße: tanks", "tanks", "tanks"),
        ("Straße: tanks", "STRASSE", "Straße"),
        ("Straße: tanks", "straße", "Straße"),
        ("İstanbul: five tanks", "FIVE", "five"),
        ("ﬁve tanks (ligature)", "five", "ﬁve"),
        ("😀 Straße 😀 tanks", "tanks", "tanks"),
    ],
    ids=["after ß", "ß as ss", "ß itself", "after İ", "ligature", "astral"],
)
def test_caseless_find_returns_code_points_of_the_text_itself(text: str, wanted: str, found: str) -> None:
    span = find_caseless(text, wanted)
    assert span is not None and text[span[0] : span[1]] == found


def test_caseless_find_goes_on_from_the_cursor_and_wraps_round() -> None:
    text = "two tanks, then Tanks, then TANKS"
    first = find_caseless(text, "tanks")
    assert first == (4, 9)
    second = find_caseless(text, "tanks", first[1])
    assert second is not None and text[second[0] : second[1]] == "Tanks"
    assert find_caseless(text, "tanks", len(text)) == first  # past the end: from the top again
    assert find_caseless(text, "helicopters") is None and find_caseless(text, "") is None


@given(text=texts.map(lambda t: t + "ßİﬁ"), data=st.data())
def test_caseless_find_of_any_piece_finds_a_piece_that_folds_the_same(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = find_caseless(text, text[start:end], start)
    assert span is not None
    assert text[span[0] : span[1]].casefold() == text[start:end].casefold()
