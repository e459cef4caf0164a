"""The words that say what a figure is about: predicates, severities and a few synonyms.

Kept small on purpose and listed here in full, so that a reviewer can see why two figures were
read as one fact or as two. A **predicate** is the event a figure belongs to ("27 people were
injured" → ``injure``); words of one family share one predicate ("dead", "died", "deaths",
"killed", "lives" → ``kill``). A **severity** narrows a predicate: "four seriously injured" and
"25 injured" are different facts (a subset and its total), never a contradiction.
"""

from __future__ import annotations

from typing import Final

#: Predicate of each word (lower case, as written): the event a figure next to it counts.
PREDICATES: Final[dict[str, str]] = {
    word: predicate
    for predicate, words in {
        "kill": "kill kills killed killing dead die dies died dying death deaths fatalities fatality slain "
        "lives toll fatal fatally perished",
        "injure": "injure injures injured injuring injury injuries wound wounds wounded wounding hurt hurting "
        "casualties",
        "hospitalise": "hospitalised hospitalized hospitalisation hospitalization",
        "arrest": "arrest arrests arrested detain detained detention custody suspects suspect",
        "trap": "trap trapped",
        "missing": "missing unaccounted",
        "rescue": "rescue rescued rescuers saved",
        "evacuate": "evacuate evacuated evacuation evacuees",
        "displace": "displace displaced displacement fled flee fleeing",
        "release": "release released releasing freed free",
        "abduct": "abduct abducted abduction kidnap kidnapped seized captured captive captives captivity held",
        "deliver": "deliver delivered delivery deliveries received receive supplied supply shipped",
        "score": "score scored scoring goals goal",
        "sign": "signed signatures signatories petition",
        "aboard": "aboard board",
        "sentence": "sentence sentenced sentences jail jailed prison imprisonment",
        "launch": "launch launched launches liftoff lift-off blast blasted departed take-off takeoff",
        "land": "land landed landing returned arrived",
        "vote": "vote votes voted",
        "cost": "cost costs costing price priced bill owed owe pay paid payment charge fine fined",
        "earn": "earnings earned income profit profits revenue",
        "fall": "fell fall falls falling dropped drop plunged plunge lost loss losses slumped",
        "rise": "rose rise rises rising jumped surged gained",
        "delay": "delay delays delayed postponed postponement",
    }.items()
    for word in words.split()
}

#: Predicate words that name people by what befell them ("21 captives", "31 suspects", "evacuees"):
#: the event of their count, unless the clause says another ("the release of the 21 captives").
ROLES: Final[frozenset[str]] = frozenset({"captive", "captives", "suspect", "suspects", "evacuees"})

#: Events that befall a person: an age keeps them ("a 6-year-old was killed" / "... was injured"
#: are two children), where other events around a person do not part two of their ages.
HARMS: Final[frozenset[str]] = frozenset({"kill", "injure", "hospitalise", "missing", "trap"})

#: How serious an injury (or damage) is said to be: different severities are different facts.
SEVERITIES: Final[dict[str, str]] = {
    word: severity
    for severity, words in {
        "serious": "serious seriously severe severely critical critically grave gravely life-threatening",
        "slight": "slight slightly minor lightly light",
    }.items()
    for word in words.split()
}

#: Counted things that name the same thing ("lives" claimed are people killed).
SYNONYMS: Final[dict[str, str]] = {
    "person": "people",
    "lives": "people",
    "individual": "people",
    "life": "people",
    "other": "people",
    "victim": "people",
    "civilian": "people",
    "schoolgirl": "girl",
    "youngster": "child",
    "kid": "child",
    "refugee": "migrant",
    "asylum-seeker": "migrant",
    "excavator": "digger",
    "serviceman": "soldier",
    "servicemen": "soldier",
    "troop": "soldier",
    "journey": "trip",
    "flight": "trip",
    "voyage": "trip",
}

#: Words of the names of news agencies and of outlets that report events rather than take part in
#: them ("the Associated Press reports", "told CNN"): never a name that tells two events apart.
PRESS: Final[frozenset[str]] = frozenset(
    """associated press ap reuters afp agence france-presse xinhua tass ria novosti efe dpa ansa cnn bbc
    nbc cbs abc npr fox""".split()
)

#: Words that do not say what a figure is about (left out of a fact's context words).
STOPWORDS: Final[frozenset[str]] = frozenset(
    """a an the of to in on at for and or but nor is are was were be been being by with as that this these
    those it its from his her their they he she we i you has have had will would could should may might can
    said says say told also after before over into than then there which who whom what when where while not
    no about around some more most least up out off per all other others another only just than so such
    very much many any each every both either neither own same new since until during between among its
    them him us our your my me""".split()
)


def _table(families: dict[str, str]) -> dict[str, str]:
    return {word: family for family, words in families.items() for word in words.split()}


#: Predicates of French and Russian words, named as above: "livrés" and "доставлены" are
#: ``deliver`` as "delivered" is, so that a figure's event compares across languages. Only the
#: event words are translated: what a figure counts is compared by its lemma in its language.
PREDICATES_BY_LANGUAGE: Final[dict[str, dict[str, str]]] = {
    "fr": _table(
        {
            "kill": "tué tués tuée tuées tuer tue tuant mort morts morte mortes décès décédé décédés décédées péri "
            "périssent bilan meurtrier",
            "injure": "blessé blessés blessée blessées blesser blessure blessures",
            "hospitalise": "hospitalisé hospitalisés hospitalisées hospitalisation",
            "arrest": "arrêté arrêtés arrêtée arrêtées arrestation arrestations interpellé interpellés interpellées "
            "interpellation interpellations détenu détenus interpellées suspects suspect",
            "missing": "disparu disparus disparue disparues",
            "rescue": "secouru secourus sauvé sauvés",
            "evacuate": "évacué évacués évacuées évacuation",
            "displace": "déplacés fui fuient fuyant",
            "release": "libéré libérés libérée libérées libération relâchés",
            "abduct": "enlevé enlevés enlevées enlèvement kidnappé kidnappés otages",
            "deliver": "livré livrés livrée livrées livraison livraisons livrer fourni fournis fournies reçu reçus "
            "reçues",
            "sentence": "condamné condamnés condamnée condamnées peine prison",
            "cost": "coût coûté coûte coûtant prix payé payés amende",
            "vote": "voix vote votes voté",
            "fall": "baisse chute recul",
            "rise": "hausse augmentation",
        }
    ),
    "ru": _table(
        {
            "kill": "погиб погибла погибло погибли погибших погибшие погибшими убит убита убито убиты убитых убитые "
            "жертв жертвами жертвы смерти",
            "injure": "ранен ранена ранено ранены раненых раненые ранеными ранения пострадали пострадавших "
            "пострадавшие пострадал пострадала",
            "hospitalise": "госпитализированы госпитализированных госпитализирован госпитализирована",
            "arrest": "задержан задержана задержано задержаны задержанных задержанные арестован арестована "
            "арестовано арестованы арестованных задержание задержания задержал задержала задержали арестовал "
            "арестовала арестовали",
            "missing": "пропали пропавших пропавшие пропал пропала",
            "rescue": "спасены спасли спасено спасенных спасённых",
            "evacuate": "эвакуированы эвакуировано эвакуированных эвакуация эвакуировали",
            "displace": "бежали беженцев беженцы",
            "release": "освобождены освобождено освобождённых освобожденных освободили",
            "abduct": "похищены похищено похищенных похитили заложников заложники",
            "deliver": "доставлены доставлено доставлен доставлена доставили поставлены поставлено поставлен "
            "поставлена поставили поставка поставки поставок переданы передано передали получил получила "
            "получили",
            "sentence": "приговорен приговорён приговорена приговорены осужден осуждён осуждены",
            "cost": "стоимость стоит стоил стоила обошлось штраф",
            "vote": "голосов голоса проголосовали",
            "fall": "снизился снизилась снизилось снижение упал упала упало",
            "rise": "вырос выросла выросло рост увеличился увеличилась",
        }
    ),
}

#: Severities of French and Russian words, named as above ("grièvement blessés" is serious).
SEVERITIES_BY_LANGUAGE: Final[dict[str, dict[str, str]]] = {
    "fr": _table({"serious": "grièvement gravement sérieusement grave graves critique", "slight": "légèrement"}),
    "ru": _table({"serious": "тяжело тяжелые тяжёлые тяжелых тяжёлых серьёзно серьезно", "slight": "легко легкие"}),
}

#: Words that do not say what a French or Russian figure is about.
STOPWORDS_BY_LANGUAGE: Final[dict[str, frozenset[str]]] = {
    "fr": frozenset(
        """le la les l un une des du de d et ou mais ni à au aux en dans sur sous par pour avec sans ce cet
        cette ces son sa ses leur leurs il elle ils elles on nous vous je qui que qu dont où est sont était
        étaient a ont avait avaient été être avoir sera seront se s y ne n pas plus moins selon après avant
        depuis pendant entre chez vers contre aussi très tout tous toute toutes autre autres même lors
        ainsi alors""".split()
    ),
    "ru": frozenset(
        """и или но а в во на с со к ко по о об от до из за для при без у через над под про перед после между
        что чтобы который которые которых которая кто где когда как это этот эта эти этих тех тот та был
        была было были будет будут есть не ни же ли бы уже ещё еще также тоже его её ее их свой своих он она
        они оно мы вы я все всех всего более менее около почти""".split()
    ),
}
