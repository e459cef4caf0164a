"""Claims that say the same thing in other words or another language: ``match``'s pairs by meaning.

With the semantic tier on, each claim's nearest claims by sentence embedding (inside its
stories, or across the store when asked; at least ``restate.CLOSE`` alike) are judged like any
pair, by their facts (``workbench.facts.judge``), and where the wording rules cannot align their
figures ("cinq chars" / "five tanks"), by ``workbench.facts.restate``: the figures still decide.
In one language, a dispute found this way needs ``restate.SAME``. Two claims
without figures that are closer still (``restate.SAME``), and name no different equipment, are
duplicates by meaning: nothing else can check them. Stories are made by words, which do not
cross languages: a claim in French or Russian is compared with every claim. Claims not embedded
yet (``workbench embed``) take no part.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from sqlalchemy import Connection, select

from workbench.facts import judge, restate
from workbench.facts.engine import FactMatch, Loaded
from workbench.facts.judge import ClaimFacts
from workbench.languages import reading
from workbench.matching.rules import Verdict
from workbench.semantic import model as semantic
from workbench.semantic.vectors import unpack
from workbench.sql import EMBEDDING

#: Nearest claims judged per claim: restatements of one fact are few; more are other facts.
PARTNERS = 10
#: Query claims compared per block: bounds the similarity matrix at BLOCK × claims.
BLOCK = 1024


def verdict(a: ClaimFacts, b: ClaimFacts, similarity: float, *, across: bool) -> Verdict | None:
    """Two claims close in meaning (in two languages if ``across``), judged by their figures, or ``None``."""
    if a.facts and b.facts:
        encoder = semantic.encoder()
        restated = restate.restatement(a, b, similarity, restate.things_alike(encoder.embed if encoder else None))
        return restate.decide(judge.verdict(a, b), restated, across=across)
    if a.facts or b.facts or not restate.unchecked(a.text, b.text):
        return None  # a figure one states and the other does not (or one no rule could read): not the same claim
    if similarity < restate.SAME or not restate.same_equipment(
        restate.designators(a.text), restate.designators(b.text)
    ):
        return None
    return Verdict(
        "duplicate",
        f"says the same in other words (similarity {similarity:.2f}); no figures to compare",
        detail={"rule": "restated", "similarity": round(similarity, 3)},
    )


def _close_pairs(
    queries: list[int], rows: list[int], matrix: np.ndarray, languages: list[str]
) -> dict[tuple[int, int], float]:
    """Pairs of rows (i < j), each query against ``rows``, at least ``restate.CLOSE`` alike: its nearest few."""
    found: dict[tuple[int, int], float] = {}
    against = matrix[rows].astype(np.float32)
    for at in range(0, len(queries), BLOCK):
        part = queries[at : at + BLOCK]
        scores = matrix[part].astype(np.float32) @ against.T
        for line, query in zip(scores, part, strict=True):
            near = [k for k in np.flatnonzero(line >= restate.CLOSE) if rows[k] != query]
            near = sorted(near, key=lambda k: -line[k])[:PARTNERS]
            for k in near:
                i, j = sorted((query, rows[int(k)]))
                found[(i, j)] = max(found.get((i, j), 0.0), float(line[k]))
    return found


def by_meaning(connection: Connection, run: Loaded, *, across_stories: bool) -> list[FactMatch]:
    """Suggestions between claims close in meaning, judged by their figures; none when the tier is off."""
    name = semantic.offered()  # the model is loaded only if there are vectors to compare
    if name is None:
        return []
    at = {claim.id: index for index, claim in enumerate(run.shallow)}
    query = select(EMBEDDING.c.item_id, EMBEDDING.c.vector).where(
        EMBEDDING.c.kind == "claim", EMBEDDING.c.model == name
    )
    rows = [(at[i], v) for i, v in connection.execute(query) if i in at and not run.shallow[at[i]].boilerplate]
    encoder = semantic.encoder() if len(rows) >= 2 else None
    if encoder is None:
        return []
    indices = [i for i, _ in rows]
    matrix = unpack([v for _, v in rows], encoder.dim)
    languages = [reading(run.shallow[index].text) for index in indices]
    groups: dict[int, list[int]] = defaultdict(list)
    for row, index in enumerate(indices):
        for story in [0] if across_stories else run.shallow[index].stories or [-index - 1]:
            groups[story].append(row)
    found_rows: dict[tuple[int, int], float] = {}
    for members in groups.values():
        if len(members) > 1:
            found_rows |= _close_pairs(members, members, matrix, languages)
    if not across_stories:
        # stories are made by words, which do not cross languages: a claim in another language
        # than English is compared with every claim
        foreign = [row for row, language in enumerate(languages) if language != "en"]
        if foreign:
            found_rows |= _close_pairs(foreign, list(range(len(indices))), matrix, languages)
    close = {(indices[i], indices[j]): similarity for (i, j), similarity in found_rows.items()}
    languages_of = {index: languages[row] for row, index in enumerate(indices)}
    claims = run.read(connection, {i for pair in close for i in pair})
    found = []
    for (i, j), similarity in sorted(close.items()):
        one_language = languages_of[i] == languages_of[j]
        found_verdict = verdict(claims[i], claims[j], similarity, across=not one_language)
        if (
            found_verdict is not None
            and one_language
            and similarity < restate.SAME
            and found_verdict.kind != "duplicate"
        ):
            # in one language the wording rules have judged what shares words, and two sentences of
            # one story are often 0.86 alike while stating different facts: a dispute found by
            # meaning needs sentences nearly the same (on the facts gold, disputes from 0.86
            # doubled the distinct pairs suggested and found no more real ones)
            continue
        if found_verdict is not None:
            a, b = sorted((run.shallow[i].id, run.shallow[j].id))
            found.append(FactMatch(a, b, round(similarity * 100), found_verdict))
    return found
