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
