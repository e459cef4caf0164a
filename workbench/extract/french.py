"""French: the words that read figures, dates and attributions in French news.

"1 500" is fifteen hundred and "1,5" one and a half; "un"/"une" is also the article, so it
counts only with a qualifier or a scale ("au moins un", "un million"); "neuf" is also "new".
"Pouvant atteindre 200 km" is at most 200 km; "2-0" is a score; "31e", "1er" and "deuxième" are
ordinals (``ORDINALS``).
"""

from __future__ import annotations

import re

from workbench.extract.grammar import ADD, SCALE, TIMES, Dates, Grammar, Numbers, Quantities, Speech, alternatives

_UNITS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split()
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
#: Number words: "dix-sept" is dix and sept added, "quatre-vingt-dix" 80 and 10, "deux cents" 2 × 100.
WORDS: dict[str, tuple[str, float]] = {
    **{word: (ADD, float(value)) for value, word in enumerate(_UNITS)},
    **{word: (ADD, float(value)) for word, value in _TENS.items()},
    "une": (ADD, 1.0),
    "quatre-vingt": (ADD, 80.0),
    "quatre-vingts": (ADD, 80.0),
    "cent": (TIMES, 100.0),
    "cents": (TIMES, 100.0),
    "mille": (SCALE, 1e3),
    "million": (SCALE, 1e6),
    "millions": (SCALE, 1e6),
    "milliard": (SCALE, 1e9),
    "milliards": (SCALE, 1e9),
}
#: Scale words after digits ("1,5 million", "3 Mds").
SCALES = {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "md": 1e9,
          "mds": 1e9, "mrd": 1e9, "mrds": 1e9}  # fmt: skip

_AT_LEAST = ["au moins", "plus de", "pas moins de", "au minimum", "un minimum de", "au-delà de"]
_AT_MOST = ["moins de", "jusqu'à", "au plus", "au maximum", "un maximum de", "pas plus de", "tout au plus",
            "pouvant atteindre", "pouvant aller jusqu'à", "allant jusqu'à", "peut atteindre",
            "peuvent atteindre"]  # fmt: skip
_APPROX = ["environ", "près de", "quelque", "presque", "à peu près", "approximativement", "autour de", "quasiment",
           "pratiquement", "un peu plus de", "un peu moins de", "plus ou moins", "aux alentours de",
           "de l'ordre de", "une estimation de", "estimé à", "estimés à"]  # fmt: skip
QUALIFIERS = {**dict.fromkeys(_AT_LEAST, "at_least"), **dict.fromkeys(_AT_MOST, "at_most"),
              **dict.fromkeys(_APPROX, "approx")}  # fmt: skip

#: Plural vague counts, as the English "dozens" (24) or "hundreds" (200): the least they can mean.
_VAGUE_HEADS = {"dizaines": 20, "centaines": 200, "milliers": 2_000, "millions": 2_000_000,
                "milliards": 2_000_000_000, "dizaines de milliers": 20_000, "centaines de milliers": 200_000,
                "dizaines de millions": 20_000_000, "centaines de millions": 200_000_000}  # fmt: skip
VAGUE = {
    f"{lead} {head}".strip(): float(value)
    for head, value in _VAGUE_HEADS.items()
    for lead in ("", "des", "plusieurs", "quelques")
}
IDIOMS = {
    "une demi-douzaine": ("approx", 6.0), "une douzaine": ("approx", 12.0), "une dizaine": ("approx", 10.0),
    "une quinzaine": ("approx", 15.0), "une vingtaine": ("approx", 20.0), "une trentaine": ("approx", 30.0),
    "une quarantaine": ("approx", 40.0), "une cinquantaine": ("approx", 50.0), "une soixantaine": ("approx", 60.0),
    "une centaine": ("approx", 100.0), "un millier": ("approx", 1_000.0), "une paire de": ("exact", 2.0),
    "un seul": ("exact", 1.0), "une seule": ("exact", 1.0), "plusieurs": ("at_least", 3.0),
    "un demi-million": ("exact", 500_000.0), "un demi-milliard": ("exact", 500_000_000.0),
}  # fmt: skip

UNITS: tuple[tuple[str, str], ...] = (
    (r"(?:km|kilomètres?)\s*(?:/\s*h|à\s+l['’]heure|par\s+heure)(?![\w])", "km/h"),
    (r"nœuds?(?![\w])", "kn"),
    (r"(?:mm|millimètres?)(?![\w])", "mm"),
    (r"(?:cm|centimètres?)(?![\w])", "cm"),
    (r"(?:km2|km²|kilomètres?\s+carrés)(?![\w])", "km2"),
    (r"(?:km|kilomètres?)(?![\w])", "km"),
    (r"(?:mètres?|m)(?![\w])", "m"),
    (r"(?:kg|kilos?|kilogrammes?)(?![\w])", "kg"),
    # "200 milles nautiques": in French a "mille" of distance is the sea mile ("mille" alone is a thousand)
    (r"milles?\s+(?:nautiques|marins)(?![\w])|milles(?![\w])", "nmi"),
    (r"Mach(?![\w])", "mach"),
    (r"tonnes?(?![\w])", "t"),
    (r"litres?(?![\w])", "l"),
    (r"barils?(?![\w])", "bbl"),
    (r"(?:hectares?|ha)(?![\w])", "ha"),
    (r"%|pour\s?cent(?![\w])|pourcents?(?![\w])", "%"),
    (r"euros?(?![\w])|€|EUR(?![\w])", "EUR"),
    (r"dollars?(?:\s+américains)?(?![\w])|\$|USD(?![\w])", "USD"),
    (r"livres?\s+sterling(?![\w])|£", "GBP"),
    (r"(?:francs?\s+CFA|FCFA)(?![\w])", "XOF"),
    (r"roubles?(?![\w])", "RUB"),
    (r"yuans?(?![\w])", "CNY"),
    (r"hryvnias?(?![\w])", "UAH"),
    (r"(?:ans|années?)(?![\w])", "year"),
    (r"mois(?![\w])", "month"),
    (r"semaines?(?![\w])", "week"),
    (r"jours?(?![\w])", "day"),
    (r"heures?(?![\w])", "hour"),
    (r"(?:minutes?|min)(?![\w])", "minute"),
    (r"secondes?(?![\w])", "second"),
)

#: Ordinals in words ("deuxième"); "premier" and "second" are left out as the English "first" is
#: ("le premier ministre", "une seconde": no rank), and "vingt-deuxième" as well (no compounds).
ORDINALS = {
    "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
    "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14,
    "quinzième": 15, "seizième": 16, "vingtième": 20, "trentième": 30, "quarantième": 40, "cinquantième": 50,
    "centième": 100,
}  # fmt: skip
#: "31e", "1er", "1re", "2nd", "3ème", "3e", or an ordinal in words.
_ORDINAL = re.compile(
    rf"(?<![\w.,\-])(?:(?P<digits>\d{{1,4}})(?:ème|eme|ère|ere|er|re|nde|nd|e|è|ᵉ|ᵉʳ)"
    rf"|(?P<word>{'|'.join(ORDINALS)})s?)(?![\w])",
    re.IGNORECASE,
)

#: Words that end the counted phrase.
STOP = frozenset(
    """de du des d l la le les et ou mais ni avec sans en à au aux dans sur sous par pour vers chez contre entre
    après avant pendant depuis selon que qui dont où quand lors ont a avait avaient sont est été était étaient
    sera seront serait seraient ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes ne n pas
    plus moins aussi chaque tous toutes tout toute se s qu y il elle ils elles on nous vous je ont-ils
    parmi dès jusqu afin lorsque puis ainsi fait font""".split()
)
#: Adjectives French puts before the noun ("deux nouveaux hélicoptères"); other words after the
#: figure are the noun itself, whatever follows it ("soldats français": soldats).
_MODIFIERS = """nouveau nouveaux nouvel nouvelle nouvelles petit petits petite petites grand grands grande grandes
    gros grosse grosses jeune jeunes vieux vieil vieille vieilles ancien anciens ancienne anciennes autre autres
    premier premiers première premières dernier derniers dernière dernières seul seuls seule seules bon bons
    bonne bonnes mauvais mauvaise mauvaises vrais vraies faux fausses longs longues hauts hautes ex""".split()

#: French writes "d'", "l'", "qu'" against the next word: they are words of their own here.
_WORD = r"(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]|[^\W\d_][\w’'/.-]*|\d[\w/.-]*"

QUANTITIES = Quantities(
    numbers=Numbers.build(
        WORDS,
        SCALES,
        # "vingt et un", "soixante et onze" (only before un, une, onze: "deux et trois" is two numbers)
        joiner=r"(?:[\s\-]+et[\s\-]+(?=(?:un|une|onze)(?![\w]))|[\s\-]+)",
        half=r"\s+et\s+demie?",
        abbreviations=("md", "mds", "mrd", "mrds"),
        glued_units="km/h|km|kg|mm|cm|m",
    ),
    qualifiers=QUALIFIERS,
    vague=VAGUE,
    singular_after_qualifier={},
    idioms=IDIOMS,
    articles=frozenset({"un", "une"}),
    needs_noun=frozenset({"neuf"}),
    one_of=None,
    between=("entre", "et"),
    from_to=("de", "à"),
    joined=r"à|ou|(?<=\d)[-–—](?=\d)",  # "10-15 morts"; "2-0" (the first not below the second) is a score
    or_more=re.compile(r"\s+(?:ou|et)\s+(?:(plus)|(moins))(?![\w])", re.IGNORECASE),
    units=UNITS,
    of=re.compile(r"\s*(?:de\s+|d['’])", re.IGNORECASE),
    word=re.compile(_WORD),
    stop=STOP,
    modifier=re.compile(rf"(?:{'|'.join(_MODIFIERS)})"),
    not_noun=None,
    not_a_name=STOP
    | frozenset(w.split()[0] for w in [*QUALIFIERS, *VAGUE, *IDIOMS])
    | frozenset("selon environ près plus moins seuls quelque jusqu".split()),
    labels=frozenset(
        """article articles alinéa paragraphe chapitre page tome numéro n° no années saison épisode niveau phase
        étape ligne vol route nationale autoroute rn départementale""".split()
    ),
    clock=re.compile(r"(?<![\w])\d{1,2}\s?h\s?\d{2}(?![\w])|(?<=\bà\s)\d{1,2}\s?(?:h|heures?)(?![\w])", re.IGNORECASE),
    ordinal=_ORDINAL,
    ordinal_words={word: float(number) for word, number in ORDINALS.items()},
)

_MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre"]  # fmt: skip
_ACCENTLESS = {"fevrier": 2, "aout": 8, "decembre": 12}
_SHORT = {"janv": 1, "févr": 2, "fév": 2, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10,
          "nov": 11, "déc": 12, "dec": 12}  # fmt: skip
#: Parts of a month or a year, as ``temporal`` names them ("courant mars" is all of March).
_PARTS = {
    "début": "early",
    "mi": "mid",
    "fin": "late",
    "courant": "",
    "à la mi": "mid",
    "à la fin de": "late",
    "au début de": "early",
    "à la fin": "late",
    "au début": "early",
}
#: Spans named relative to publication, and the step from it.
_RELATIVE = {
    "l'année dernière": ("year", -1),
    "l'an dernier": ("year", -1),
    "l'année passée": ("year", -1),
    "l'année précédente": ("year", -1),
    "cette année": ("year", 0),
    "l'année prochaine": ("year", 1),
    "l'an prochain": ("year", 1),
    "le mois dernier": ("month", -1),
    "le mois passé": ("month", -1),
    "ce mois-ci": ("month", 0),
    "le mois prochain": ("month", 1),
}
DATES = Dates(
    months={**{m: i for i, m in enumerate(_MONTH_NAMES, 1)}, **_ACCENTLESS, **_SHORT},
    abbreviations=frozenset(_SHORT),
    day=r"(?:[12]\d|3[01]|0?[1-9])(?:er)?",
    year_word="",
    leads=("en", "depuis", "dès", "jusqu'en", "d'ici", "avant", "après"),
    parts=_PARTS,
    year_span=(("de", "entre", "depuis"), ("à", "et", "jusqu'à", "jusqu'en")),
    relative=_RELATIVE,
    deictic={"hier": -1, "avant-hier": -2, "aujourd'hui": 0, "demain": 1},
    before_year=frozenset("en depuis de d dès à jusqu avant après fin début mi entre et ou l an année".split()),
    before_count=frozenset(w.split()[-1] for w in QUALIFIERS) | frozenset({"quelque", "environ", "près"}),
    count_noun=re.compile(r"\s+(?!(?:et|ou|de|à|en|au|aux)(?![\w]))[a-zà-ÿœæ]+[sx](?![\w])"),
)

_VERBS = """indiqué déclaré affirmé annoncé précisé ajouté expliqué rapporté confirmé démenti assuré estimé souligné
    dit raconté écrit signalé averti reconnu révélé témoigné relaté constaté observé fait savoir fait état
    dénoncé accusé admis confié noté rappelé répondu prévenu""".split()
_ADVERBS = r"également|aussi|encore|notamment|pour\s+sa\s+part|de\s+son\s+côté|ensuite|enfin|déjà"
_PRESENT = """indique indiquent déclare déclarent affirme affirment précise précisent ajoute ajoutent explique
    expliquent rapporte rapportent assure assurent souligne soulignent dit disent raconte racontent écrit
    écrivent signale signalent confirme confirment dément démentent""".split()
SPEECH = Speech(
    according=re.compile(
        r"(?<![\w])(?P<verb>[Ss]elon|[Dd]['’]après)\s+(?P<who>[^,.;:()\[\]“”\"«»\n]{2,90}?)"
        r"(?=\s*[,.;:()\[\]“”\"«»\n]|$)"
    ),
    verbs=re.compile(
        rf"(?<![\w])(?P<verb>(?:(?:a|ont|avait|avaient|aurait|auraient)\s+(?:(?:{_ADVERBS})\s+)?(?:{alternatives(_VERBS)})"
        rf"|(?:{alternatives(_PRESENT)})))"
    ),
    speakers=re.compile(
        r"(?:journaliste|reporter|correspondant|source|responsable|officiel|porte-parole|ministre|ministère"
        r"|armée|militaire|gouvernement|police|gendarmerie|témoin|habitant|analyste|expert|diplomate|officier"
        r"|commandant|colonel|général|capitaine|lieutenant|sergent|agence|rapport|communiqué|président|présidence|autorité|état-major|organisation|ong|groupe"
        r"|observateur|chef|dirigeant|enquêteur|procureur|parquet|tribunal|document|chercheur|étude|média"
        r"|journal|quotidien|chaîne|site|préfecture|préfet|maire|élu|syndicat|association|secours|pompier)(?:e|s|es|x)?$"
    ),
    pronouns=frozenset("il elle ils elles on nous je vous".split()),
    leading=frozenset("puis aussi alors ensuite également enfin".split()),
    articles=frozenset("le la les l un une des du de d ce cet cette ces son sa ses leur leurs".split()),
    clause=re.compile(
        r"[,;:()\[\]“”\"«»\n.!?—–]|(?<![\w])(?:que|qu|qui|et|mais|car|lorsque|quand|si|dont|où)(?![\w])",
        re.IGNORECASE,
    ),
    speaker_after_anywhere=False,
    told=re.compile(r"\s+à\s+((?:l['’])?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3})"),
)

GRAMMAR = Grammar.build("fr", QUANTITIES, DATES, SPEECH)
