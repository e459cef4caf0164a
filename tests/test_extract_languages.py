"""Figures, dates, designators and attributions in French and Russian, and nothing in other languages.

Every quantity is checked on its span as the text has it, its value, qualifier and what it
counts; English must read exactly as before (``test_extract`` and ``test_facts`` say how).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import pytest

from workbench.extract import attributions, candidates, items, languages, quantities, temporal
from workbench.facts.extract import facts
from workbench.facts.lexicon import PREDICATES, PREDICATES_BY_LANGUAGE
from workbench.facts.model import Fact
from workbench.facts.units import CURRENCIES, FACTORS, PINT_NAMES, base

INF = None


def read(text: str, language: str | None) -> list[tuple[str, float | None, str, str | None]]:
    """(span, value, qualifier, item or unit) of every quantity; spans checked against the text."""
    found = candidates(text, kinds=["quantity"], language=language)
    for q in found:
        assert text[q["start"] : q["end"]] == q["text"]
    return [(q["text"], q["value"], q["qualifier"], q["item"] or q["unit"]) for q in found]


def one(text: str, language: str | None) -> dict[str, Any]:
    [found] = candidates(text, kinds=["quantity"], language=language)
    assert text[found["start"] : found["end"]] == found["text"]
    return found


# French --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Au moins cinq chars T-72B3 ont été livrés.", ("Au moins cinq chars T-72B3", 5, "at_least", "T-72B3")),
        ("Deux hélicoptères sont arrivés.", ("Deux hélicoptères", 2, "exact", "hélicoptères")),
        ("plus de 1 500 soldats", ("plus de 1 500 soldats", 1500, "at_least", "soldats")),
        ("plus de 1\u00a0500 soldats", ("plus de 1\u00a0500 soldats", 1500, "at_least", "soldats")),
        ("plus de 1\u202f500 soldats", ("plus de 1\u202f500 soldats", 1500, "at_least", "soldats")),
        ("un contrat de 1,5 million d'euros", ("1,5 million d'euros", 1.5e6, "exact", "EUR")),
        ("2,5 milliards de dollars", ("2,5 milliards de dollars", 2.5e9, "exact", "USD")),
        ("12 000 manifestants", ("12 000 manifestants", 12000, "exact", "manifestants")),
        ("deux nouveaux hélicoptères", ("deux nouveaux hélicoptères", 2, "exact", "nouveaux hélicoptères")),
        ("cinq soldats français", ("cinq soldats", 5, "exact", "soldats")),
        ("20 % des voix", ("20 %", 20, "exact", "%")),
        ("pendant 15 jours", ("15 jours", 15, "exact", "day")),
        ("15 € le billet", ("15 €", 15, "exact", "EUR")),
    ],
)
def test_french_figures_in_digits_and_words(text: str, expected: tuple[Any, ...]) -> None:
    assert read(text, "fr") == [expected]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("un million", 1e6),
        ("deux", 2),
        ("seize", 16),
        ("dix-sept", 17),
        ("dix-neuf", 19),
        ("vingt et un", 21),
        ("vingt-deux", 22),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("cent", 100),
        ("deux cents", 200),
        ("trois cent quarante", 340),
        ("mille", 1000),
        ("deux mille cinq cents", 2500),
        ("trois millions", 3e6),
        ("deux milliards", 2e9),
        ("deux millions et demi", 2.5e6),
    ],
)
def test_french_numbers_in_words(words: str, value: float) -> None:
    text = f"Ils ont compté {words} soldats."
    assert read(text, "fr") == [(f"{words} soldats", value, "exact", "soldats")]


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier"),
    [
        ("une demi-douzaine de", 6, "approx"),
        ("une douzaine de", 12, "approx"),
        ("une dizaine de", 10, "approx"),
        ("une vingtaine de", 20, "approx"),
        ("une centaine de", 100, "approx"),
        ("des dizaines de", 20, "at_least"),
        ("des centaines de", 200, "at_least"),
        ("des milliers de", 2000, "at_least"),
        ("des dizaines de milliers de", 20000, "at_least"),
        ("plusieurs", 3, "at_least"),
    ],
)
def test_french_idioms_and_vague_counts(phrase: str, value: float, qualifier: str) -> None:
    found = one(f"Il y avait {phrase} blindés.", "fr")
    assert (found["text"], found["value"], found["qualifier"], found["item"]) == (
        f"{phrase} blindés",
        value,
        qualifier,
        "blindés",
    )
    assert found["high"] is (INF if qualifier == "at_least" else found["value"])


@pytest.mark.parametrize(
    ("qualifier", "kind", "low", "high"),
    [
        ("au moins", "at_least", 40, INF),
        ("plus de", "at_least", 40, INF),
        ("pas moins de", "at_least", 40, INF),
        ("moins de", "at_most", INF, 40),
        ("jusqu'à", "at_most", INF, 40),
        ("jusqu’à", "at_most", INF, 40),
        ("au plus", "at_most", INF, 40),
        ("environ", "approx", 40, 40),
        ("près de", "approx", 40, 40),
        ("quelque", "approx", 40, 40),
        ("presque", "approx", 40, 40),
    ],
)
def test_french_qualifiers(qualifier: str, kind: str, low: float | None, high: float | None) -> None:
    found = one(f"On compte {qualifier} 40 drones abattus.", "fr")
    assert (found["text"], found["value"], found["qualifier"], found["low"], found["high"], found["item"]) == (
        f"{qualifier} 40 drones",
        40,
        kind,
        low,
        high,
        "drones",
    )


def test_french_qualifier_with_an_elided_de() -> None:
    assert read("plus d'un million d'habitants", "fr") == [
        ("plus d'un million d'habitants", 1e6, "at_least", "habitants")
    ]
    assert read("près d'une centaine de morts", "fr") == [("près d'une centaine de morts", 100, "approx", "morts")]


def test_french_un_is_an_article_unless_qualified_and_neuf_is_new_unless_it_counts() -> None:
    assert read("Un homme a été arrêté, au moins un soldat blessé.", "fr") == [
        ("au moins un soldat", 1, "at_least", "soldat")
    ]
    assert read("un char neuf a été livré avec neuf camions", "fr") == [("neuf camions", 9, "exact", "camions")]


def test_french_ranges() -> None:
    found = candidates("entre 10 et 20 morts, de 1 500 à 2 000 soldats", kinds=["quantity"], language="fr")
    assert [(q["text"], q["low"], q["high"], q["qualifier"], q["item"]) for q in found] == [
        ("entre 10 et 20 morts", 10, 20, "range", "morts"),
        ("de 1 500 à 2 000 soldats", 1500, 2000, "range", "soldats"),
    ]


def test_decimal_comma_and_thousands_by_language() -> None:
    assert read("1,500 troops", "en") == [("1,500 troops", 1500, "exact", "troops")]
    assert read("1,500 troops", None) == [("1,500 troops", 1500, "exact", "troops")]
    assert read("1,5 million de personnes", "fr") == [("1,5 million de personnes", 1.5e6, "exact", "personnes")]
    assert read("1,5 млн человек", "ru") == [("1,5 млн человек", 1.5e6, "exact", "человек")]


# Russian -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Доставлены два вертолёта.", ("два вертолёта", 2, "exact", "вертолёта")),
        ("не менее пяти танков", ("не менее пяти танков", 5, "at_least", "танков")),
        ("более 300 человек", ("более 300 человек", 300, "at_least", "человек")),
        ("свыше 2 000 человек", ("свыше 2 000 человек", 2000, "at_least", "человек")),
        ("около 50 тысяч солдат", ("около 50 тысяч солдат", 50000, "approx", "солдат")),
        ("примерно 1,5 млн рублей", ("примерно 1,5 млн рублей", 1.5e6, "approx", "RUB")),
        ("пять российских танков", ("пять российских танков", 5, "exact", "российских танков")),
        ("погибли трое", ("трое", 3, "exact", None)),
        ("в течение 10 лет", ("10 лет", 10, "exact", "year")),
        ("два вертолёта Ми-17", ("два вертолёта Ми-17", 2, "exact", "Ми-17")),
    ],
)
def test_russian_figures_in_digits_and_words(text: str, expected: tuple[Any, ...]) -> None:
    assert read(text, "ru") == [expected]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("один", 1),
        ("одного", 1),
        ("одной", 1),
        ("двух", 2),
        ("двумя", 2),
        ("трёх", 3),
        ("трех", 3),
        ("тремя", 3),
        ("четырёх", 4),
        ("пяти", 5),
        ("пятью", 5),
        ("десяти", 10),
        ("одиннадцати", 11),
        ("девятнадцать", 19),
        ("двадцати", 20),
        ("сорока", 40),
        ("девяноста", 90),
        ("ста", 100),
        ("двухсот", 200),
        ("трёхсот", 300),
        ("девятьсот", 900),
        ("двести пятьдесят три", 253),
        ("тысячи", None),  # alone: the vague "thousands"
        ("двух тысяч", 2000),
        ("пяти тысяч", 5000),
        ("полутора тысяч", 1500),
        ("трёх миллионов", 3e6),
        ("двух миллиардов", 2e9),
    ],
)
def test_russian_numbers_in_their_case_forms(words: str, value: float | None) -> None:
    found = one(f"Всего {words} человек.", "ru")
    assert (found["text"], found["item"]) == (f"{words} человек", "человек")
    if value is None:
        assert (found["value"], found["qualifier"]) == (2000, "at_least")
    else:
        assert (found["value"], found["qualifier"]) == (value, "exact")


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier"),
    [
        ("сотни", 200, "at_least"),
        ("десятки", 20, "at_least"),
        ("тысячи", 2000, "at_least"),
        ("десятки тысяч", 20000, "at_least"),
        ("несколько сотен", 200, "at_least"),
        ("полдюжины", 6, "approx"),
        ("десяток", 10, "approx"),
    ],
)
def test_russian_vague_counts_and_idioms(phrase: str, value: float, qualifier: str) -> None:
    found = one(f"Пострадали {phrase} беженцев.", "ru")
    assert (found["text"], found["value"], found["qualifier"], found["item"]) == (
        f"{phrase} беженцев",
        value,
        qualifier,
        "беженцев",
    )


@pytest.mark.parametrize(
    ("qualifier", "kind"),
    [
        ("не менее", "at_least"),
        ("по меньшей мере", "at_least"),
        ("как минимум", "at_least"),
        ("минимум", "at_least"),
        ("более", "at_least"),
        ("свыше", "at_least"),
        ("больше", "at_least"),
        ("менее", "at_most"),
        ("меньше", "at_most"),
        ("до", "at_most"),
        ("около", "approx"),
        ("примерно", "approx"),
        ("почти", "approx"),
        ("порядка", "approx"),
    ],
)
def test_russian_qualifiers(qualifier: str, kind: str) -> None:
    found = one(f"Сбиты {qualifier} 40 дронов.", "ru")
    bounds = {"at_least": (40, INF), "at_most": (INF, 40), "approx": (40, 40)}[kind]
    assert (found["text"], found["value"], found["qualifier"], (found["low"], found["high"]), found["item"]) == (
        f"{qualifier} 40 дронов",
        40,
        kind,
        bounds,
        "дронов",
    )


def test_after_a_qualifier_a_hundred_and_a_thousand_are_one() -> None:
    assert read("около сотни раненых, более тысячи человек", "ru") == [
        ("около сотни раненых", 100, "approx", "раненых"),
        ("более тысячи человек", 1000, "at_least", "человек"),
    ]


def test_numbers_after_a_label_are_not_counts() -> None:
    assert read("L'article 5 du traité, les années 90 et 5 soldats.", "fr") == [("5 soldats", 5, "exact", "soldats")]
    assert read("Статья 5 договора и рейс 100, погибли 5 человек.", "ru") == [("5 человек", 5, "exact", "человек")]


def test_russian_ranges_and_one_as_a_pronoun() -> None:
    assert [
        (q["text"], q["low"], q["high"], q["qualifier"])
        for q in candidates("от 5 до 10 ракет и пять-шесть дронов", kinds=["quantity"], language="ru")
    ] == [("от 5 до 10 ракет", 5, 10, "range"), ("пять-шесть дронов", 5, 6, "range")]
    assert read("Это одно из крупнейших сражений.", "ru") == []


# Dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "span", "first", "last", "granularity"),
    [
        ("fr", "Il est arrivé le 12 février 2021.", "12 février 2021", "2021-02-12", "2021-02-12", "day"),
        ("fr", "Livrés en mars 2022.", "mars 2022", "2022-03-01", "2022-03-31", "month"),
        ("fr", "Signé le 12 fév. 2021 à Bamako.", "12 fév. 2021", "2021-02-12", "2021-02-12", "day"),
        ("fr", "le 1er mars", "1er mars", "2022-03-01", "2022-03-01", "day"),
        ("fr", "fin mars", "fin mars", "2022-03-21", "2022-03-31", "month"),
        ("fr", "en 2020", "2020", "2020-01-01", "2020-12-31", "year"),
        ("fr", "l'année dernière", "l'année dernière", "2021-01-01", "2021-12-31", "year"),
        ("ru", "Это было 12 февраля 2021 года.", "12 февраля 2021 года", "2021-02-12", "2021-02-12", "day"),
        ("ru", "Это было в марте 2022 года.", "марте 2022 года", "2022-03-01", "2022-03-31", "month"),
        ("ru", "Это было в 2020 году.", "2020 году", "2020-01-01", "2020-12-31", "year"),
        ("ru", "Это было в начале марта.", "в начале марта", "2022-03-01", "2022-03-10", "month"),
        ("ru", "с 2013 по 2022 год", "с 2013 по 2022 год", "2013-01-01", "2022-12-31", "year"),
        ("ru", "в прошлом году", "в прошлом году", "2021-01-01", "2021-12-31", "year"),
    ],
)
def test_dates(language: str, text: str, span: str, first: str, last: str, granularity: str) -> None:
    [found] = temporal.find(text, published="2022-08-11", language=language)
    assert (text[found.start : found.end], found.start_date, found.end_date, found.granularity) == (
        span,
        first,
        last,
        granularity,
    )


def test_dates_are_not_counts() -> None:
    assert read("En 2020, 300 soldats sont arrivés le 12 février 2021.", "fr") == [
        ("300 soldats", 300, "exact", "soldats")
    ]
    assert read("В 2020 году погибли 5 человек, 12 февраля 2021 года ещё двое.", "ru") == [
        ("5 человек", 5, "exact", "человек"),
        ("двое", 2, "exact", None),
    ]
    assert read("1900 человек", "ru") == [("1900 человек", 1900, "exact", "человек")]  # a year's digits, counting
    assert read("Sept soldats en sept jours", "fr") == [
        ("Sept soldats", 7, "exact", "soldats"),
        ("sept jours", 7, "exact", "day"),
    ]


# Designators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Ми-17", "MI-17"),
        ("Т-72Б3", "T-72B3"),
        ("БТР-80", "BTR-80"),
        ("Су-25", "SU-25"),
        ("\u0422-72", "T-72"),  # a Cyrillic "Т" that looks Latin
        ("\u0412TR-80", "BTR-80"),  # a Cyrillic "В" among Latin letters is a B
        ("Т-72Б3М обр. 2016", "T-72B3M"),
    ],
)
def test_cyrillic_designators_key_as_their_latin_spelling(written: str, key: str) -> None:
    text = f"Замечены {written} у границы."
    [found] = items.find(text)
    assert (text[found.start : found.end], found.key) == (written, key)
    assert items.normalise(written.split()[0]) == key


def test_designators_match_across_languages() -> None:
    english = one("at least five T-72B3 tanks", "en")
    french = one("au moins cinq chars T-72B3", "fr")
    russian = one("не менее пяти танков Т-72Б3", "ru")
    assert english["item_key"] == french["item_key"] == russian["item_key"] == "T-72B3"
    assert russian["text"] == "не менее пяти танков Т-72Б3" and russian["item"] == "Т-72Б3"
    lookalike = one("at least five \u0422-72 tanks", "en")  # in English text too
    assert (lookalike["text"], lookalike["item"], lookalike["item_key"]) == (
        "at least five \u0422-72",
        "\u0422-72",
        "T-72",
    )


# Attributions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "span", "who", "verb"),
    [
        ("fr", "Selon l'AFP, deux hélicoptères.", "Selon l'AFP", "l'AFP", "selon"),
        ("fr", "D'après le ministère, cinq chars.", "D'après le ministère", "le ministère", "d'après"),
        ("fr", "Le ministère a indiqué que cinq chars.", "Le ministère a indiqué", "Le ministère", "a indiqué"),
        (
            "fr",
            "« Cinq chars », a indiqué le porte-parole.",
            "a indiqué le porte-parole",
            "le porte-parole",
            "a indiqué",
        ),
        ("ru", "По данным ТАСС, два вертолёта.", "По данным ТАСС", "ТАСС", "по данным"),
        ("ru", "По словам губернатора, трое.", "По словам губернатора", "губернатора", "по словам"),
        ("ru", "Погибли трое, сообщает ТАСС.", "сообщает ТАСС", "ТАСС", "сообщает"),
        ("ru", "Об этом сообщило Минобороны России.", "сообщило Минобороны России", "Минобороны России", "сообщило"),
        ("ru", "Минобороны сообщило, что", "Минобороны сообщило", "Минобороны", "сообщило"),
    ],
)
def test_attributions(language: str, text: str, span: str, who: str, verb: str) -> None:
    [found] = attributions.find(text, language=language)
    assert (text[found.start : found.end], found.who, found.verb) == (span, who, verb)


def test_attributions_say_whom_they_told() -> None:
    [found] = attributions.find("Le colonel a déclaré à l'AFP que", language="fr")
    assert (found.who, found.verb, found.to) == ("Le colonel", "a déclaré", "l'AFP")


# Facts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "span", "lemma", "predicate"),
    [
        ("fr", "Deux hélicoptères ont été livrés.", "Deux hélicoptères", "hélicoptère", "deliver"),
        ("fr", "La livraison de deux hélicoptères.", "deux hélicoptères", "hélicoptère", "deliver"),
        ("fr", "Au moins 12 soldats ont été tués.", "Au moins 12 soldats", "soldat", "kill"),
        ("fr", "Au moins 12 morts.", "Au moins 12 morts", None, "kill"),
        ("fr", "Trente civils ont été blessés.", "Trente civils", "civil", "injure"),
        ("fr", "Cinq personnes ont été arrêtées.", "Cinq personnes", "personne", "arrest"),
        ("ru", "Доставлены два вертолёта.", "два вертолёта", "вертолёт", "deliver"),
        ("ru", "Поставлены пять танков.", "пять танков", "танк", "deliver"),
        ("ru", "Поставка двух вертолётов завершена.", "двух вертолётов", "вертолёт", "deliver"),
        ("ru", "Погибли 12 человек.", "12 человек", "человек", "kill"),
        ("ru", "Убиты трое военных.", "трое военных", "военный", "kill"),
        ("ru", "Ранены 20 человек.", "20 человек", "человек", "injure"),
        ("ru", "Задержаны пять человек.", "пять человек", "человек", "arrest"),
        ("ru", "Арестованы пять человек.", "пять человек", "человек", "arrest"),
    ],
)
def test_facts_read_the_event_as_the_english_predicate(
    language: str, text: str, span: str, lemma: str | None, predicate: str
) -> None:
    [fact] = facts(text, language=language)
    assert (fact.kind, text[fact.start : fact.end], fact.lemma, fact.predicate) == ("count", span, lemma, predicate)


def test_facts_keep_value_qualifier_unit_and_precision() -> None:
    [money] = facts("Un contrat de 1,5 million d'euros.", language="fr")
    assert (money.kind, money.text, money.value, money.unit, money.precision) == (
        "money",
        "1,5 million d'euros",
        1.5e6,
        "EUR",
        1e5,
    )
    [count] = facts("plus de 1 500 soldats", language="fr")
    assert (count.value, count.low, count.high, count.qualifier, count.precision) == (1500, 1500, None, "at_least", 100)
    [year, tanks] = facts("В 2020 году не менее пяти танков Т-72Б3 уничтожены.", language="ru")
    assert (tanks.text, tanks.qualifier, tanks.low, tanks.lemma) == (
        "не менее пяти танков Т-72Б3",
        "at_least",
        5,
        "t-72b3",
    )
    assert (year.kind, year.text, year.value) == ("year", "2020 году", 2020)


def test_the_tables_map_only_to_english_predicates() -> None:
    for table in PREDICATES_BY_LANGUAGE.values():
        assert set(table.values()) <= set(PREDICATES.values())


# Figures of the cross-lingual set (benchmarks/data/crosslingual.json) ------------------------


def figure(text: str, language: str | None, span: str) -> Fact:
    """The one fact of ``text`` whose span is ``span``, its offsets checked against the text."""
    found = facts(text, language=language)
    for fact in found:
        assert text[fact.start : fact.end] == fact.text
    matching = [f for f in found if f.text == span]
    assert len(matching) == 1, [(f.kind, f.text) for f in found]
    return matching[0]


def reading(fact: Fact) -> tuple[str, float | None, float | None, float | None, str, str | None]:
    return fact.kind, fact.value, fact.low, fact.high, fact.qualifier, fact.unit


@pytest.mark.parametrize(
    ("text", "span", "value", "lemma"),
    [
        (
            "En 2023, le Burkina Faso s'est vu livrer par la Russie quatre hélicoptères de transport Mi-17.",
            "quatre hélicoptères",
            4,
            "hélicoptère",
        ),
        ("l'Ukraine a reçu de la Pologne quatorze chars Leopard 2A4.", "quatorze chars", 14, "char"),
        ("l'Ukraine a reçu de la Pologne quatorze chars T-72M1.", "quatorze chars T-72M1", 14, "t-72m1"),
    ],
)
def test_french_number_words_after_a_name_are_counts(text: str, span: str, value: float, lemma: str) -> None:
    """A capitalised word before a number makes it part of a name ("l'Airbus 320") only in digits."""
    fact = figure(text, "fr", span)
    assert reading(fact) == ("count", value, value, value, "exact", None)
    assert (fact.lemma, fact.predicate) == (lemma, "deliver")


def test_french_numbers_in_digits_after_a_name_are_still_part_of_it() -> None:
    text = "Hier, le Boeing 737 transportait 150 passagers et le Mirage 2000 deux pilotes."
    assert [f.text for f in facts(text, language="fr")] == ["150 passagers", "deux pilotes"]


@pytest.mark.parametrize(
    ("language", "text", "span", "value", "lemma"),
    [
        ("fr", "Devenue le 31e membre de l'OTAN, la Finlande a rejoint l'Alliance en 2023.", "31e", 31, "membre"),
        ("fr", "Le 1er bataillon est parti.", "1er", 1, "bataillon"),
        ("fr", "Le 2e régiment est parti.", "2e", 2, "régiment"),
        ("fr", "C'est la 3ème fois.", "3ème", 3, "fois"),
        ("fr", "C'est la deuxième fois.", "deuxième", 2, "fois"),
        ("ru", "Финляндия стала 31-м членом альянса.", "31-м", 31, "член"),
        ("ru", "Прибыл 2-й батальон.", "2-й", 2, "батальон"),
    ],
)
def test_ordinals(language: str, text: str, span: str, value: float, lemma: str) -> None:
    """As "the alliance's 31st member" in English."""
    fact = figure(text, language, span)
    assert reading(fact) == ("ordinal", value, value, value, "exact", None)
    assert fact.lemma == lemma


def test_ordinals_of_nothing_of_a_name_or_of_a_date_are_not_ranks() -> None:
    found = facts("Le 1er mars, la 2e Division blindée est arrivée 2e. Dans les années 90.", "2022-08-11", "fr")
    assert [(f.kind, f.text) for f in found] == [("date", "1er mars")]
    assert facts("В 90-х годах.", language="ru") == []


def test_a_score_is_no_count() -> None:
    """As "a 1-0 win" in English: neither number of "2-0" or "2:0" counts anything."""
    assert facts("le Real Madrid s'est imposé 2-0 face au Borussia Dortmund", language="fr") == []
    assert facts("«Реал» обыграл «Боруссию» со счётом 2:0.", language="ru") == []
    assert facts("«Реал» обыграл «Боруссию» 2-0.", language="ru") == []
    range_ = figure("10-15 morts", "fr", "10-15 morts")
    assert (range_.kind, range_.low, range_.high, range_.qualifier) == ("count", 10, 15, "range")


@pytest.mark.parametrize(
    ("language", "text", "span", "expected"),
    [
        # "pouvant atteindre", "jusqu'à": up to
        ("fr", "une portée pouvant atteindre 200 km", "pouvant atteindre 200 km", (200, None, 200, "at_most", "km")),
        ("fr", "une portée jusqu'à 2 000 km", "jusqu'à 2 000 km", (2000, None, 2000, "at_most", "km")),
        (
            "fr",
            "à une quarantaine de kilomètres au nord de Khartoum",
            "une quarantaine de kilomètres",
            (40, 40, 40, "approx", "km"),
        ),
        (
            "fr",
            "à une centaine de kilomètres au nord de Khartoum",
            "une centaine de kilomètres",
            (100, 100, 100, "approx", "km"),
        ),
        # French units
        ("fr", "à 190 km de profondeur", "190 km", (190, 190, 190, "exact", "km")),
        ("fr", "à 12 kilomètres de la côte", "12 kilomètres", (12, 12, 12, "exact", "km")),
        ("fr", "à 300 mètres de la côte", "300 mètres", (300, 300, 300, "exact", "m")),
        ("fr", "il pèse 48 tonnes", "48 tonnes", (48, 48, 48, "exact", "t")),
        ("fr", "il pèse 5 kilos", "5 kilos", (5, 5, 5, "exact", "kg")),
        ("fr", "il pèse 20 kilogrammes", "20 kilogrammes", (20, 20, 20, "exact", "kg")),
        ("fr", "à 200 milles nautiques", "200 milles nautiques", (200, 200, 200, "exact", "nmi")),
        ("fr", "à 12 milles des côtes", "12 milles", (12, 12, 12, "exact", "nmi")),
        # Russian units in their cases
        ("ru", "в 40 километрах от города", "40 километрах", (40, 40, 40, "exact", "km")),
        ("ru", "в 12 километров от города", "12 километров", (12, 12, 12, "exact", "km")),
        ("ru", "на глубине 190 километров", "190 километров", (190, 190, 190, "exact", "km")),
        ("ru", "масса 48 тонн.", "48 тонн", (48, 48, 48, "exact", "t")),
        ("ru", "масса составляет около 48 тонн.", "около 48 тонн", (48, 48, 48, "approx", "t")),
        ("ru", "груз в 5 тоннах", "5 тоннах", (5, 5, 5, "exact", "t")),
        ("ru", "в 300 метрах от берега", "300 метрах", (300, 300, 300, "exact", "m")),
        ("ru", "в 20 км от берега", "20 км", (20, 20, 20, "exact", "km")),
        # a preposition between the qualifier and its number
        ("ru", "примерно в 12 километрах от города", "примерно в 12 километрах", (12, 12, 12, "approx", "km")),
        # Mach, its unit before the number in French and English, after it in Russian
        ("ru", "способна развивать скорость до 2,8 Маха.", "до 2,8 Маха", (2.8, None, 2.8, "at_most", "mach")),
        ("fr", "capable de voler jusqu'à Mach 2,8.", "jusqu'à Mach 2,8", (2.8, None, 2.8, "at_most", "mach")),
        (
            "en",
            "The BrahMos can reach speeds of up to Mach 2.8.",
            "up to Mach 2.8",
            (2.8, None, 2.8, "at_most", "mach"),
        ),
        ("en", "It flies at Mach 5.", "Mach 5", (5, 5, 5, "exact", "mach")),
    ],
)
def test_measures(language: str, text: str, span: str, expected: tuple[Any, ...]) -> None:
    assert reading(figure(text, language, span)) == ("measure", *expected)


def test_a_preposition_after_a_qualifier_keeps_it() -> None:
    assert reading(figure("выросли почти на 20%", "ru", "почти на 20%")) == ("percent", 20, 20, 20, "approx", "%")


def test_sea_miles_and_mach_convert_as_units_do() -> None:
    assert base("nmi") == ("[length]", 1852.0)
    assert base("mach") == ("mach", 1.0)  # its own dimension: how fast depends on the air


def test_every_unit_converts_exactly_as_pint_says() -> None:
    """The factors facts are compared and keyed by are pint's own, to the last bit: 400 lb is 181.4 kg."""
    import pint

    registry = pint.UnitRegistry()
    assert set(FACTORS) == set(PINT_NAMES)
    for unit, spelled in PINT_NAMES.items():
        quantity = registry(spelled).to_base_units()
        assert base(unit) == (str(quantity.dimensionality), float(quantity.magnitude)), unit
    assert {base(unit)[0] for unit in ("USD", "EUR", "GBP")} == {"USD", "EUR", "GBP"}  # never converted


def test_every_unit_the_extractor_gives_has_its_factor() -> None:
    """A unit name read from text and missing from the table would be a dimension of its own: never compared."""
    from workbench.extract.quantities import _UNIT_NAMES

    assert set(_UNIT_NAMES) - {"%"} <= set(PINT_NAMES) | CURRENCIES


@pytest.mark.parametrize(
    ("text", "span", "expected", "lemma"),
    [
        ("США передали Украине 31 танк M1A1 Abrams.", "31 танк M1A1", (31, 31, 31, "exact"), "m1a1"),
        ("Польша передала Украине 14 танков Leopard 2A4.", "14 танков", (14, 14, 14, "exact"), "танк"),
        ("Погиб 21 человек.", "21 человек", (21, 21, 21, "exact"), "человек"),
        (
            "Малийская армия получила двенадцать бронетранспортёров БТР-80А одной партией.",
            "двенадцать бронетранспортёров БТР-80А",
            (12, 12, 12, "exact"),
            "btr-80a",
        ),
        (
            "Малийская армия получила двенадцать бронетранспортёров БТР-80А одной партией.",
            "одной партией",
            (1, 1, 1, "exact"),
            "партия",
        ),
        (
            "насчитывалось около полумиллиона военнослужащих",
            "около полумиллиона военнослужащих",
            (500_000, 500_000, 500_000, "approx"),
            "военнослужащий",
        ),
        ("собрались полмиллиона человек", "полмиллиона человек", (500_000, 500_000, 500_000, "exact"), "человек"),
        ("собрались полтысячи человек", "полтысячи человек", (500, 500, 500, "exact"), "человек"),
        ("получили два ударных вертолёта Ми-24П.", "два ударных вертолёта Ми-24П", (2, 2, 2, "exact"), "mi-24p"),
        ("Погибли пять военных.", "пять военных", (5, 5, 5, "exact"), "военный"),
        (
            "видны не менее трёх комплексов «Панцирь-С1».",
            "не менее трёх комплексов «Панцирь-С1»",
            (3, 3, None, "at_least"),
            "pantsir-s1",
        ),
    ],
)
def test_russian_counts(text: str, span: str, expected: tuple[Any, ...], lemma: str) -> None:
    fact = figure(text, "ru", span)
    assert reading(fact) == ("count", *expected, None)
    assert fact.lemma == lemma


def test_russian_numbers_after_a_name_in_the_nominative_are_still_part_of_it() -> None:
    assert facts("Самолёт Боинг 737 упал, погибли 5 человек.", language="ru")[0].text == "5 человек"
    assert len(facts("Самолёт Боинг 737 упал, погибли 5 человек.", language="ru")) == 1


def test_english_year_before_a_verb_mach_and_named_designators() -> None:
    text = "Germany's defence budget for 2024 amounts to 51.8 billion euros."
    assert [reading(f) for f in facts(text)] == [
        ("year", 2024, 2024, 2024, "exact", None),
        ("money", 51.8e9, 51.8e9, 51.8e9, "exact", "EUR"),
    ]
    assert figure(text, None, "2024").kind == "year"
    assert [f.text for f in facts("The Shahed-136 drone has a range of up to 2,000 kilometres.")] == [
        "up to 2,000 kilometres"
    ]


@pytest.mark.parametrize(
    ("language", "text", "span"),
    [
        ("en", "Satellite images show at least three Pantsir-S1 systems.", "at least three Pantsir-S1"),
        ("fr", "on distingue au moins trois systèmes Pantsir-S1.", "au moins trois systèmes Pantsir-S1"),
        ("ru", "видны не менее трёх комплексов «Панцирь-С1».", "не менее трёх комплексов «Панцирь-С1»"),
    ],
)
def test_named_designators_match_across_languages(language: str, text: str, span: str) -> None:
    fact = figure(text, language, span)
    assert (fact.kind, fact.value, fact.qualifier, fact.lemma) == ("count", 3, "at_least", "pantsir-s1")


@pytest.mark.parametrize(
    ("written", "key"),
    [("Панцирь-С1", "PANTSIR-S1"), ("Тор-М2", "TOR-M2"), ("Шахед-136", "SHAHED-136"), ("Бук-М1-2", "BUK-M1-2")],
)
def test_cyrillic_named_designators_key_as_english_writes_them(written: str, key: str) -> None:
    text = f"Замечены {written} у границы."
    [found] = items.find(text)
    assert (text[found.start : found.end], found.key) == (written, key)


# Other languages, and the guess without one --------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Die Polizei nahm am 12. Februar 2021 fünf Personen fest, 300 wurden verletzt."),
        ("zh", "警方于2021年逮捕了5人，300人受伤。"),
    ],
)
def test_a_language_without_tables_gives_no_figures(language: str, text: str) -> None:
    assert facts(text, language=language) == []
    found = candidates(text, published="2022-08-11", language=language)
    assert found and {c["kind"] for c in found} == {"sentence"}
    assert quantities.find(text, language=language) == []
    assert temporal.find(text, language=language) == []
    assert attributions.find(text, language=language) == []


def test_without_a_language_cyrillic_text_is_russian_and_other_text_english() -> None:
    russian = "По данным ТАСС, доставлены два вертолёта Ми-17."
    assert candidates(russian) == candidates(russian, language="ru")
    assert facts(russian) == facts(russian, language="ru")
    assert [q["text"] for q in candidates(russian, kinds=["quantity"])] == ["два вертолёта Ми-17"]
    assert languages.resolve(None, "Two helicopters") == "en"
    assert languages.resolve("fr-FR", "") == languages.resolve("FR", "") == "fr"


def test_no_pattern_backtracks_on_long_runs_of_number_words() -> None:
    for language, word in (("fr", "vingt "), ("ru", "двадцать "), ("fr", "1 000 "), ("ru", "и более ")):
        text = word * 3000
        started = time.perf_counter()
        candidates(text, language=language)
        facts(text, language=language)
        assert time.perf_counter() - started < 5


def test_english_reading_loads_no_french_or_russian_tables() -> None:
    """Compiling them takes a sixth of a second: a process that reads only English does not pay it."""
    probe = (
        "import json, sys; from workbench.facts.extract import facts; from workbench.extract import candidates; "
        "facts('Two Mi-17 helicopters were delivered on March 3.'); candidates('Five tanks.'); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('workbench.extract'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    loaded = json.loads(out)
    assert "workbench.extract.french" not in loaded and "workbench.extract.russian" not in loaded


@pytest.mark.parametrize(
    ("language", "text", "span", "value", "unit"),
    [
        ("en", "The regional parliament approved 48.6 billion roubles for road repairs.", "48.6 billion roubles",
         48.6e9, "RUB"),
        ("en", "The bank lent 2 billion yuan to the port.", "2 billion yuan", 2e9, "CNY"),
        ("fr", "Les donateurs verseront au Soudan 2,3 milliards de dollars d'aide.", "2,3 milliards de dollars",
         2.3e9, "USD"),
        ("ru", "Киев получил 3 млрд гривен помощи.", "3 млрд гривен", 3e9, "UAH"),
    ],
)  # fmt: skip
def test_roubles_yuan_and_hryvnias_are_money_and_a_scaled_figure_after_a_name_is_no_part_of_it(
    language: str, text: str, span: str, value: float, unit: str
) -> None:
    fact = figure(text, language, span)
    assert (fact.kind, fact.value, fact.unit) == ("money", value, unit)


def test_russian_durations_in_every_case() -> None:
    text = "Бывший министр был приговорён к девяти годам лишения свободы, а его заместитель провёл 30 дней под арестом."
    assert [(f.kind, f.value, f.unit) for f in facts(text, language="ru")] == [
        ("duration", 9, "year"),
        ("duration", 30, "day"),
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The party won 194 of the 460 seats."),
        ("fr", "Avec 194 sièges sur 460, le parti n'a pas obtenu la majorité."),
        ("ru", "Партия получила 194 места из 460."),
    ],
)
def test_a_part_and_its_whole_count_the_same_thing(language: str, text: str) -> None:
    part, whole = facts(text, language=language)
    assert (part.value, whole.value) == (194, 460)
    assert part.lemma == whole.lemma is not None
    assert part.part and whole.total


def test_an_abbreviation_before_a_russian_count_is_no_model_name() -> None:
    text = "В рамках пакета Украина получила от США 18 пусковых установок HIMARS."
    assert [(f.text, f.value) for f in facts(text, language="ru")] == [("18 пусковых установок", 18)]


def test_a_point_version_is_part_of_a_designator() -> None:
    assert [d.key for d in items.find("A Soyuz-2.1b rocket and a «Союз-2.1а»")] == ["SOYUZ-2.1B", "SOYUZ-2.1A"]
