"""Claim matching benchmark: 100,000 claims, blocking against the exhaustive all-pairs run.

Run:  python benchmarks/bench_match.py [--claims 100000] [--subset 10000] [--sample 300] [--seed 7] [--no-store]

Generates seeded claims in the wording of defence and conflict reporting (deliveries, strikes,
casualties, sightings; thousands of places and people; figures as digits or words), and plants
near-duplicates among them: restatements of a claim (synonyms, numbers spelt out, an
attribution added, the date dropped) and contradictions (the same claim with another figure).

1. ``find_matches`` (normalise, block, score, value rules) on all claims: time and peak memory
   (``ru_maxrss``), and the share of planted pairs it suggests.
2. ``run_match`` on a real store holding the same claims: what ``workbench match`` costs,
   reading claims and writing suggestions with their audit events (skip with ``--no-store``).
3. Recall of the blocking against the exhaustive run on a separately generated set of SUBSET
   claims: rapidfuzz ``cdist`` of every pair with the same scorer (token_set_ratio on the same
   normalised texts) and cutoff, then the same scoring and rules, so that both the suggestions
   and the raw scores can be compared. The exhaustive run's time is the baseline; the ratio is
   measured in the same run. Then the same at full scale for SAMPLE claims scored against all.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from store import open_store
from workbench.claim_values import parse
from workbench.claims import NewClaim, create_claims
from workbench.facts import engine
from workbench.facts.judge import ClaimFacts
from workbench.matching.blocking import candidate_pairs, score_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Prepared, find_matches, judge
from workbench.matching.rules import Values
from workbench.relations import run_match

Pair = tuple[int, int]

SYLLABLES = """ka ma ti bou gao ni do se ra lo fa ke zi mo ta ba du sou lé na ro mi an ko te vi go pe
sa ru di wa ya ga bi fo tou kou nia dia mba ndi""".split()
EQUIPMENT = """T-72B3 tanks|T-90A tanks|BMP-2 fighting vehicles|BTR-82A carriers|BTR-80A carriers|BRDM-2 scout cars|
Mi-17 helicopters|Mi-24P gunships|Mi-8 helicopters|Mi-35M gunships|Ka-52 helicopters|L-39C trainers|
Su-25 attack aircraft|Su-24M bombers|MiG-29 fighters|Yak-130 trainers|Bayraktar TB2 drones|Orlan-10 drones|
Lancet loitering munitions|Shahed-136 drones|2S1 howitzers|2S19 howitzers|BM-21 rocket launchers|
TOS-1A launchers|S-60 anti-aircraft guns|ZU-23-2 guns|Pantsir-S1 systems|Tor-M2 systems|Kamaz trucks|
Ural trucks|Tigr vehicles|Typhoon-K vehicles|Spartak vehicles|Linza ambulances|Puma M36 carriers|
VN2C fighting vehicles|BMD-2 vehicles|Kornet missiles|Igla launchers|Krasukha jammers""".replace("\n", "").split("|")
PEOPLE = """soldiers|civilians|fighters|mercenaries|instructors|police officers|villagers|refugees|journalists|
aid workers|militants|hostages|prisoners|contractors|engineers|children|students|miners|herders|traders|
gendarmes|militiamen|pilots|doctors|election officials""".replace("\n", "").split("|")
ROLES = """commander|governor|mayor|spokesman|deputy minister|police chief|district officer|chief of staff|
prefect|village chief|imam|army captain|customs officer|camp manager|hospital director""".replace("\n", "").split("|")
UNITS = "Brigade Regiment Battalion Division Group Legion Company Squadron".split()
MONTHS = "January February March April May June July August September October November December".split()
WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
SYNONYMS = {
    "delivered": "supplied", "received": "took delivery of", "killed": "left dead", "seen": "spotted",
    "attacked": "struck", "arrived": "landed", "near": "close to", "destroyed": "wrecked",
    "said": "reported", "captured": "seized", "wounded": "injured", "fled": "escaped",
    "deployed": "sent", "detained": "arrested", "shot": "fired on",
}  # fmt: skip
#: Kinds of fact: who does it, what they do, and to what ({n} counts {item} or {people}).
FACTS = {
    "delivery": (
        ["Russia", "Moscow", "a Russian cargo plane", "an Ilyushin transport", "a Turkish supplier",
         "a Chinese state firm", "the defence ministry", "a private contractor", "a Belarusian airline",
         "an Emirati company", "Wagner logisticians", "a ship from Novorossiysk"],
        ["delivered", "brought in", "handed over", "flew in", "shipped", "sold", "supplied", "donated", "transferred"],
        "{n} {adj} {item}",
    ),
    "attack": (
        ["gunmen on motorbikes", "jihadists", "JNIM fighters", "suspected Islamic State militants", "an armed group",
         "unidentified assailants", "bandits", "rebels of the {place2} front", "government troops",
         "a militia loyal to {person}", "foreign mercenaries", "a suicide bomber"],
        ["killed", "shot dead", "executed", "wounded", "injured", "abducted", "kidnapped", "took hostage"],
        "{n} {people}",
    ),
    "sighting": (
        ["a convoy carried", "satellite images showed", "residents filmed", "a video shows", "journalists counted",
         "drone footage revealed", "an open-source analyst spotted", "photos posted online show",
         "a UN patrol reported", "farmers saw"],
        [""],
        "{n} {adj} {item}",
    ),
    "strike": (
        ["a drone strike", "an air raid", "artillery fire", "a missile", "an explosion at a depot",
         "a Bayraktar strike", "sabotage", "a rocket barrage"],
        ["destroyed", "damaged", "hit", "wrecked", "disabled", "set fire to"],
        "{n} {adj} {item}",
    ),
    "displacement": (
        ["aid agencies", "the UN refugee agency", "a local charity", "camp officials", "the governor's office",
         "Doctors Without Borders", "church groups", "the Red Cross"],
        ["counted", "registered", "reported", "recorded", "sheltered", "fed", "treated", "evacuated"],
        "{n} {people}",
    ),
    "arrest": (
        ["police", "gendarmes", "the intelligence service", "soldiers", "customs officers", "the {unit}",
         "border guards", "security forces"],
        ["arrested", "detained", "rounded up", "questioned", "charged", "released", "expelled", "deported"],
        "{n} {people}",
    ),
    "deployment": (
        ["the {unit}", "the general staff", "the junta", "Russian advisers", "the army", "the air force",
         "the presidential guard", "a French-trained battalion"],
        ["deployed", "moved", "positioned", "sent", "stationed", "redeployed", "withdrew", "lost"],
        "{n} {adj} {item}",
    ),
}  # fmt: skip
KINDS = sorted(FACTS)
ADJECTIVES = """|||||new|second-hand|Russian-made|unmarked|armoured|refurbished|older|heavily armed|camouflaged|
Chinese-built|Turkish-made|modernised|damaged|brand-new|ageing""".replace("\n", "").split("|")
PLACE_PHRASES = [
    "in {place}", "near {place}", "on the outskirts of {place}", "{km} km north of {place}", "at the {place} air base",
    "in the {place} region", "between {place} and {place2}", "south of {place}", "in central {place}",
    "on the road to {place}", "close to the {place} border post", "in the {place} district", "around {place}",
    "west of {place2}, in {place}", "at a checkpoint outside {place}", "in {place}'s old town", "at {place} airport",
    "in a village near {place}", "along the {place} river", "at the {place} gold mine", "in the hills above {place}",
]  # fmt: skip
ATTRIBUTIONS = [
    "{person}, the {role} of {place}, said", "according to {person}", "{person} told reporters",
    "the {unit} said", "a statement from the {place} {role}'s office said", "{person} said on state television",
    "local sources in {place} said", "the {place} police said", "a spokesman for the {unit} said",
    "{person}, a {role}, told a news agency", "residents of {place2} said", "", "", "",
    "{person} wrote on social media", "a security source in {place2} confirmed", "{person} claimed in a video",
    "officials in {place2} told local radio", "an internal report seen by journalists says", "{person} alleged",
    "humanitarian workers in {place} reported", "the {role}, {person}, announced", "witnesses told {person}",
]  # fmt: skip
EXTRAS = [
    "", "", "", "", "", "", "", "", "after a week of clashes", "despite the ceasefire",
    "the third such incident this month", "in a rare admission", "as the rainy season began",
    "amid rising tension with neighbouring states", "shortly before dawn", "during a visit by foreign officials",
    "according to images shared online", "while the capital was under curfew", "a claim the government denies",
    "weeks after the elections were postponed", "although the figure could not be verified", "for the first time",
    "in retaliation for an earlier raid", "as talks stalled in the capital", "hours after the governor left",
    "in what officials called a routine operation", "on the eve of a national holiday", "after heavy rain",
]  # fmt: skip


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Vocabulary:
    """Places and people enough that unrelated claims rarely share their rare words."""

    def __init__(self, rng: random.Random) -> None:
        self.places = sorted({_name(rng, 3) for _ in range(20_000)})
        self.people = sorted({f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(20_000)})


def _number(rng: random.Random) -> int:
    return rng.choice([rng.randint(2, 12), rng.randint(2, 60), rng.randint(10, 400)])


def _when(rng: random.Random) -> str:
    year = rng.randint(2014, 2025)
    return rng.choice(
        [f"on {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", f"in {rng.choice(MONTHS)} {year}", f"in {year}", ""]
    )


def claim(rng: random.Random, words: Vocabulary) -> tuple[str, dict[str, object]]:
    """A claim and the slots it was filled with (to restate or contradict it later)."""
    slots: dict[str, object] = {
        "kind": (kind := rng.choice(KINDS)),
        "subject": rng.randrange(len(FACTS[kind][0])),
        "verb": rng.randrange(len(FACTS[kind][1])),
        "where": rng.randrange(len(PLACE_PHRASES)),
        "who": rng.randrange(len(ATTRIBUTIONS)),
        "extra": rng.choice(EXTRAS),
        "n": _number(rng),
        "item": rng.choice(EQUIPMENT),
        "adj": rng.choice(ADJECTIVES),
        "people": rng.choice(PEOPLE),
        "place": rng.choice(words.places),
        "place2": rng.choice(words.places),
        "person": rng.choice(words.people),
        "role": rng.choice(ROLES),
        "unit": rng.choice(UNITS),
        "ordinal": f"{rng.randint(2, 99)}th",
        "km": rng.randint(5, 90),
        "when": _when(rng),
        "attribution_first": rng.random() < 0.5,
    }
    return render(slots), slots


def render(slots: dict[str, object], *, spell: bool = False) -> str:
    """The claim the slots describe: attribution, fact, place, time and an optional aside."""
    values = dict(slots)
    number = int(str(values["n"]))
    if spell and number < len(WORDS):
        values["n"] = WORDS[number]
    values["unit"] = f"{values['ordinal']} {values['unit']}"
    subjects, verbs, thing = FACTS[str(slots["kind"])]
    subject, verb = subjects[int(str(slots["subject"]))], verbs[int(str(slots["verb"]))]
    fact = " ".join(part for part in (subject, verb, thing) if part).format(**values)
    where = PLACE_PHRASES[int(str(slots["where"]))].format(**values)
    who = ATTRIBUTIONS[int(str(slots["who"]))].format(**values)
    body = " ".join(part for part in (fact, where, str(values["when"]), str(values["extra"])) if part)
    if not who:
        text = body
    elif slots["attribution_first"]:
        text = f"{who} {body}"
    else:
        text = f"{body}, {who}"
    text = " ".join(text.split()).replace(" ,", ",")
    return text[0].upper() + text[1:] + "."


def restate(rng: random.Random, slots: dict[str, object]) -> str:
    """The same claim in other words: synonyms, a number spelt out, the date or aside dropped, re-attributed."""
    changed = dict(slots)
    if rng.random() < 0.3:
        changed["when"] = ""
    if rng.random() < 0.3:
        changed["extra"] = ""
    if rng.random() < 0.3:
        changed["attribution_first"] = not slots["attribution_first"]
    text = render(changed, spell=rng.random() < 0.5)
    words = [SYNONYMS.get(w, w) if rng.random() < 0.6 else w for w in text.rstrip(".").split()]
    return " ".join(words) + "."


def generate(count: int, seed: int) -> tuple[list[str], list[tuple[int, int, str]]]:
    """``count`` claims, and the planted pairs (index, index, "duplicate" or "contradiction")."""
    rng = random.Random(seed)
    words = Vocabulary(rng)
    texts: list[str] = []
    planted: list[tuple[int, int, str]] = []
    while len(texts) < count:
        text, slots = claim(rng, words)
        base = len(texts)
        texts.append(text)
        roll = rng.random()
        if roll < 0.15 and len(texts) < count:
            texts.append(restate(rng, slots))
            planted.append((base, len(texts) - 1, "duplicate"))
        elif roll < 0.20 and len(texts) < count:
            other = int(str(slots["n"])) * 2 + rng.randint(1, 9)
            texts.append(render({**slots, "n": other}))
            planted.append((base, len(texts) - 1, "contradiction"))
    order = list(range(len(texts)))
    rng.shuffle(order)  # planted pairs scattered, as in a real store
    where = {old: new for new, old in enumerate(order)}
    return [texts[i] for i in order], [(where[a], where[b], k) for a, b, k in planted]


def values_of(texts: list[str]) -> list[Values]:
    found = []
    for text in texts:
        parsed = parse(text)
        found.append(Values.from_columns(parsed["quantity"], parsed["date"], parsed["items"], text))
    return found


def _suggested(prepared: Prepared, pairs: NDArray[np.int64], threshold: float) -> tuple[set[Pair], set[Pair]]:
    """(pairs scoring at least ``threshold``, pairs the matcher suggests) among ``pairs``."""
    kept, loose, strict = score_pairs(prepared.texts, pairs, cutoff=threshold)
    raw: set[Pair] = set()
    suggested: set[Pair] = set()
    for (i, j), loose_score, strict_score in zip(kept.tolist(), loose.tolist(), strict.tolist(), strict=True):
        raw.add((i, j))
        values = (prepared.claims[i].values, prepared.claims[j].values)
        if judge(values, (prepared.tokens[i], prepared.tokens[j]), loose_score, strict_score, threshold):
            suggested.add((i, j))
    return raw, suggested


def _ratio(found: set[Pair], wanted: set[Pair]) -> str:
    return f"{len(found & wanted) / len(wanted):.4f}" if wanted else "–"


def recall_rows(count: int, seed: int, threshold: float) -> list[tuple[str, str, str]]:
    """Blocking against the exhaustive all-pairs run on a generated set of ``count`` claims."""
    texts, _ = generate(count, seed)
    prepared = Prepared.of([ClaimText(i, t, v) for i, (t, v) in enumerate(zip(texts, values_of(texts), strict=True))])
    started = time.perf_counter()
    blocked, blocked_suggested = _suggested(prepared, candidate_pairs(prepared.tokens), threshold)
    blocked_seconds = time.perf_counter() - started
    started = time.perf_counter()
    matrix = process.cdist(
        prepared.texts, prepared.texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold, dtype=np.uint8, workers=-1
    )
    exhaustive_seconds = time.perf_counter() - started
    ii, jj = np.nonzero(np.triu(matrix, 1))
    del matrix
    exhaustive, exhaustive_suggested = _suggested(prepared, np.stack([ii, jj], axis=1).astype(np.int64), threshold)
    scored = count * count / exhaustive_seconds / 1e6  # cdist scores both orders of every pair
    return [
        (f"recall vs exhaustive, {count:,} claims: suggestions", _ratio(blocked_suggested, exhaustive_suggested),
         f"{len(exhaustive_suggested):,} suggested by scoring every pair"),
        ("  raw scores (token_set_ratio ≥ cutoff)", _ratio(blocked, exhaustive),
         f"{len(exhaustive):,} pairs; those missed share only common words"),
        ("  blocked (candidates, scoring, rules)", f"{blocked_seconds:.2f} s", ""),
        ("  exhaustive cdist (baseline)", f"{exhaustive_seconds:.1f} s", f"{scored:.2f} M scores/s, both orders"),
        ("  speed-up over exhaustive", f"{exhaustive_seconds / blocked_seconds:,.0f}×", ""),
    ]  # fmt: skip


def sample_rows(claims: list[ClaimText], size: int, seed: int, threshold: float) -> list[tuple[str, str, str]]:
    """Recall at full scale: ``size`` sampled claims scored against every claim, as blocking would see them."""
    prepared = Prepared.of(claims)
    sample = np.random.default_rng(seed).choice(len(claims), size, replace=False)
    matrix = process.cdist(
        [prepared.texts[i] for i in sample], prepared.texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold,
        dtype=np.uint8, workers=-1,
    )  # fmt: skip
    wanted = {
        (min(int(i), int(j)), max(int(i), int(j)))
        for row, i in enumerate(sample)
        for j in np.flatnonzero(matrix[row])
        if j != i
    }
    del matrix
    exhaustive, exhaustive_suggested = _suggested(prepared, np.asarray(sorted(wanted), dtype=np.int64), threshold)
    chosen = set(sample.tolist())
    candidates = candidate_pairs(prepared.tokens)
    mine = candidates[np.isin(candidates[:, 0], sample) | np.isin(candidates[:, 1], sample)]
    blocked, blocked_suggested = _suggested(prepared, mine, threshold)
    assert all(i in chosen or j in chosen for i, j in blocked)
    return [
        (f"recall at {len(claims):,} claims ({size} sampled)", _ratio(blocked_suggested, exhaustive_suggested),
         f"{len(exhaustive_suggested):,} suggested by scoring every pair"),
        ("  raw scores (token_set_ratio ≥ cutoff)", _ratio(blocked, exhaustive), f"{len(exhaustive):,} pairs"),
    ]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--subset", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--no-store", action="store_true", help="skip the run through a real store")
    parser.add_argument("--sample", type=int, default=300, help="claims sampled for recall at full scale (0: skip)")
    args = parser.parse_args()

    started = time.perf_counter()
    texts, planted = generate(args.claims, args.seed)
    values = values_of(texts)
    claims = [ClaimText(i, t, v) for i, (t, v) in enumerate(zip(texts, values, strict=True))]
    print(f"generated and parsed {len(texts):,} claims ({len(planted):,} planted pairs) in "
          f"{time.perf_counter() - started:.1f} s; peak memory so far {peak_mb():,.0f} MB")  # fmt: skip

    rows: list[tuple[str, str, str]] = []
    before = peak_mb()
    started = time.perf_counter()
    matches = find_matches(claims, threshold=args.threshold)
    seconds = time.perf_counter() - started
    found = {(m.a, m.b): m.verdict.kind for m in matches}
    hit = sum(found.get((min(a, b), max(a, b))) == kind for a, b, kind in planted)
    kinds = {k: sum(1 for m in matches if m.verdict.kind == k) for k in ("duplicate", "contradiction")}
    rows.append((f"find_matches, {len(texts):,} claims", f"{seconds:.1f} s", "target ≤ 20 s"))
    rows.append(("  peak memory (ru_maxrss)", f"{max(before, peak_mb()):,.0f} MB", "target ≤ 2,048 MB"))
    rows.append(("  suggestions", f"{kinds['duplicate']:,} duplicate, {kinds['contradiction']:,} contradiction", ""))
    rows.append(("  planted pairs suggested as planted", f"{hit / len(planted):.1%}", f"{hit:,} of {len(planted):,}"))

    # the facts engine, which `workbench match` now uses for claims that state figures
    started = time.perf_counter()
    derived = engine.derive([(text, None) for text in texts])  # as `match` reads new claims: on every core
    by_facts = [ClaimFacts(i, t, tuple(d.facts), d.names) for i, (t, d) in enumerate(zip(texts, derived, strict=True))]
    extracting = time.perf_counter() - started
    count = sum(len(c.facts) for c in by_facts)
    before = peak_mb()
    started = time.perf_counter()
    fact_matches = engine.find(by_facts)
    seconds = time.perf_counter() - started
    found = {(m.a, m.b): m.verdict.kind for m in fact_matches}
    hit = sum(found.get((min(a, b), max(a, b))) == kind for a, b, kind in planted)
    kinds = {k: sum(1 for m in fact_matches if m.verdict.kind == k) for k in ("duplicate", "contradiction")}
    cores = min(os.cpu_count() or 1, engine.MAX_WORKERS)
    rows.append((f"facts: extracting {count:,} facts of {len(texts):,} claims", f"{extracting:.1f} s",
                 f"on {cores} cores; once: stored, a re-run reads them"))  # fmt: skip
    rows.append(("facts: engine.find (candidates, alignment)", f"{seconds:.1f} s", "target ≤ 30 s with extraction"))
    rows.append(("  peak memory (ru_maxrss)", f"{max(before, peak_mb()):,.0f} MB", "target ≤ 1,024 MB"))
    rows.append(("  suggestions", f"{kinds['duplicate']:,} duplicate, {kinds['contradiction']:,} contradiction", ""))
    rows.append(("  planted pairs suggested as planted", f"{hit / len(planted):.1%}", f"{hit:,} of {len(planted):,}"))

    if not args.no_store:
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "bench.db")
            started = time.perf_counter()
            for at in range(0, len(texts), 20_000):
                create_claims(store=store, actor="bench", claims=[NewClaim(t) for t in texts[at : at + 20_000]])
            loading = time.perf_counter() - started
            started = time.perf_counter()
            report = run_match(store=store, actor="bench", threshold=args.threshold)
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = run_match(store=store, actor="bench", threshold=args.threshold)
            second = time.perf_counter() - started
            more, _ = generate(100, args.seed + 2)
            create_claims(store=store, actor="bench", claims=[NewClaim(t) for t in more])
            started = time.perf_counter()
            added = run_match(store=store, actor="bench", threshold=args.threshold)
            third = time.perf_counter() - started
            store.close()
        rows.append((f"workbench match on a store ({len(texts):,} claims)", f"{first:.1f} s",
                     f"{report.new:,} suggestions stored and audited"))  # fmt: skip
        rows.append(("  second run (nothing new)", f"{second:.1f} s", f"{again.new} new, {again.updated} updated"))
        rows.append(("  after adding 100 claims", f"{third:.1f} s", f"{added.new} new; target ≤ 3 s"))
        rows.append(("  (creating the claims, not counted)", f"{loading:.1f} s", ""))

    rows += recall_rows(args.subset, args.seed + 1, args.threshold)
    if args.sample:
        rows += sample_rows(claims, args.sample, args.seed, args.threshold)

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':>24}  note")
    print("-" * (width + 50))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>24}  {note}")


if __name__ == "__main__":
    main()
