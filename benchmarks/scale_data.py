"""Hard, realistic data at any size: news-please articles (JSONL) and a claims file to import.

Run:  python benchmarks/scale_data.py --claims 100000 --out /tmp/scale-100k [--seed 7]

Writes ``articles-NNNN.jsonl`` (news-please records, 2,000 per file, the way a crawler hands
them over), ``revisions.jsonl`` (later versions of some articles, same URLs, a figure changed)
and ``claims.jsonl`` (one claim per sentence: its text, the article's URL and the sentence as
the quote), ``claims-more.jsonl`` (1,000 more, for incremental runs) and ``manifest.json``.

Why it is not easy:
- Most sentences are real ones from the dev news clusters (``../shared/data/dev/news-clusters``),
  with their figures re-drawn and their names and places swapped for others of the same data,
  so wording, length and figure density are those of real news, not of one template.
- A third of the claims belong to templated families ("38 tanks were delivered to Segou in batch
  12") of 10 to 10,000 members: near-identical wordings whose figures differ, the worst case for
  any matcher that blocks on words.
- 40 outlets; a tenth of the articles are reprinted as wire copies by one to three other outlets
  ("BAMAKO (AFP) -" credit, same sentences), and 3 % are revised later with a toll that "rose to".

Without the dev data (``WORKBENCH_DEV_DATA`` or ``../shared/data/dev``) it falls back to the
templated families alone and says so.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = Path(os.environ.get("WORKBENCH_DEV_DATA", HERE.parent.parent / "shared" / "data" / "dev"))
PER_FILE = 2000
SENTENCES_PER_ARTICLE = 20

_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?")
_FIGURE_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million)s?\b", re.I)

PLACES = ["Segou", "Gao", "Timbuktu", "Kidal", "Mopti", "Bamako", "Sikasso", "Kayes", "Menaka", "Niono"]
ITEMS = ["tanks", "helicopters", "armoured vehicles", "trucks", "drones", "artillery pieces", "radars", "gunships"]
VERBS = ["were delivered to", "arrived in", "were unloaded at", "were seen in", "were sent to"]
AGENCIES = ["AFP", "Reuters", "AP"]
WIRE_TOWNS = ["BAMAKO", "NIAMEY", "DAKAR", "PARIS", "LONDON"]


@dataclass
class Article:
    url: str
    outlet: str
    title: str
    sentences: list[str]
    date: str
    credit: str | None = None


def real_sentences(rng: random.Random) -> tuple[list[str], list[str]]:
    """Sentences holding a figure from the dev clusters, and the names found in them."""
    folder = DEV / "news-clusters" / "articles"
    sentences: list[str] = []
    names: set[str] = set()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        record = json.loads(path.read_text(encoding="utf-8"))
        for paragraph in (record.get("text") or "").split("\n"):
            for sentence in _SENTENCE.split(paragraph.strip()):
                if 40 <= len(sentence) <= 320 and (_NUMBER.search(sentence) or _FIGURE_WORD.search(sentence)):
                    sentences.append(sentence)
                    names.update(_NAME.findall(sentence))
    rng.shuffle(sentences)
    return sentences, sorted(names)


def vary(sentence: str, names: list[str], rng: random.Random) -> str:
    """The sentence with its figures re-drawn (same magnitude) and, often, a name swapped."""

    def figure(match: re.Match[str]) -> str:
        digits = match.group().replace(",", "")
        if "." in digits:
            return f"{float(digits) * rng.uniform(0.5, 1.5):.1f}"
        value = int(digits)
        if 1900 <= value <= 2030:  # a year stays a plausible year
            return str(rng.randint(2001, 2026))
        drawn = max(1, round(value * rng.uniform(0.3, 3.0))) if value else rng.randint(1, 9)
        return f"{drawn:,}" if drawn >= 10000 else str(drawn)

    varied = _NUMBER.sub(figure, sentence)
    if names and rng.random() < 0.6:
        varied = _NAME.sub(lambda m: rng.choice(names) if rng.random() < 0.5 else m.group(), varied, count=2)
    return varied


def families(total: int, rng: random.Random) -> Iterator[str]:
    """Templated families of 10–10,000 near-identical sentences, ``total`` sentences in all."""
    made = 0
    while made < total:
        size = min(total - made, round(math.exp(rng.uniform(math.log(10), math.log(10000)))))
        item, place, verb = rng.choice(ITEMS), rng.choice(PLACES), rng.choice(VERBS)
        for member in range(1, size + 1):
            yield f"{rng.randint(2, 400)} {item} {verb} {place} in batch {member}."
        made += size


def articles(total: int, rng: random.Random) -> Iterator[Article]:
    """Articles of 20 sentences until ``total`` claims, mixing real and templated sentences."""
    real, names = real_sentences(rng)
    if not real:
        print(f"no dev data under {DEV}: templated families only")
    templated = families(total // 3 if real else total, rng)
    outlets = [f"outlet{n:02d}.example" for n in range(40)]
    made = number = 0
    while made < total:
        number += 1
        sentences: list[str] = []
        for _ in range(min(SENTENCES_PER_ARTICLE, total - made)):
            sentence = next(templated, None) if (not real or rng.random() < 1 / 3) else None
            sentences.append(sentence or vary(rng.choice(real), names, rng))
        made += len(sentences)
        outlet = rng.choice(outlets)
        day = f"20{rng.randint(17, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        words = sentences[0].split()
        title = f"{' '.join(words[: min(6, len(words) - 2)])} … ({number})"  # never a whole sentence
        credit = rng.choice(AGENCIES) if rng.random() < 0.1 else None
        yield Article(f"https://{outlet}/news/{number}", outlet, title, sentences, day, credit)


def record(article: Article, *, outlet: str | None = None, url: str | None = None) -> dict[str, object]:
    """A news-please record of the article (as its own outlet's or as a reprint)."""
    text = " ".join(article.sentences)
    if article.credit:
        text = f"{random.Random(article.url).choice(WIRE_TOWNS)} ({article.credit}) - {text}"
    domain = outlet or article.outlet
    return {
        "title": article.title,
        "text": text,
        "url": url or article.url,
        "source_domain": domain,
        "date_publish": f"{article.date} 09:00:00",
        "authors": [],
        "language": "en",
    }


def write(total: int, out: Path, seed: int) -> dict[str, int]:
    """Write the data set for ``total`` claims into ``out``; return what it holds."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    counts = {"claims": 0, "articles": 0, "reprints": 0, "revisions": 0}
    batch: list[dict[str, object]] = []
    revisions: list[dict[str, object]] = []
    files = 0
    with (out / "claims.jsonl").open("w", encoding="utf-8") as claims:
        for article in articles(total, rng):
            batch.append(record(article))
            counts["articles"] += 1
            if article.credit:
                for other in rng.sample(range(40), rng.randint(1, 3)):
                    domain = f"outlet{other:02d}.example"
                    if domain != article.outlet:
                        batch.append(record(article, outlet=domain, url=f"https://{domain}/wire/{counts['articles']}"))
                        counts["reprints"] += 1
            if rng.random() < 0.03:
                revised = Article(**{**article.__dict__, "sentences": list(article.sentences)})
                revised.sentences.append(f"The toll rose to {rng.randint(5, 900)} on the following day.")
                revisions.append(record(revised))
                counts["revisions"] += 1
            for row in claim_rows(article):
                claims.write(json.dumps(row) + "\n")
                counts["claims"] += 1
            if len(batch) >= PER_FILE:
                files += 1
                _records(out / f"articles-{files:04d}.jsonl", batch)
                batch = []
    if batch:
        _records(out / f"articles-{files + 1:04d}.jsonl", batch)
    _records(out / "revisions.jsonl", revisions)
    _more(out, rng)
    (out / "manifest.json").write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")
    return counts


def claim_rows(article: Article) -> Iterator[dict[str, object]]:
    """A claim of each sentence, quoting it (with its occurrence when the article repeats it)."""
    text = str(record(article)["text"])
    at = 0
    for sentence in article.sentences:
        at = text.index(sentence, at)
        row: dict[str, object] = {"text": sentence, "source": article.url, "quote": sentence}
        if text.count(sentence) > 1:
            row["occurrence"] = text.count(sentence, 0, at) + 1
        yield row
        at += len(sentence)


def _records(path: Path, records: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")


def _more(out: Path, rng: random.Random) -> None:
    """1,000 new claims on 50 new articles, for incremental runs (``more-articles.jsonl``)."""
    fresh = [
        Article(f"https://late.example/news/{n}", "late.example", f"Late report {n}", [], "2026-12-01")
        for n in range(50)
    ]
    real, names = real_sentences(rng)
    pool = real or list(families(1000, rng))
    with (out / "claims-more.jsonl").open("w", encoding="utf-8") as claims:
        for article in fresh:
            article.sentences = [vary(rng.choice(pool), names, rng) for _ in range(SENTENCES_PER_ARTICLE)]
            for row in claim_rows(article):
                claims.write(json.dumps(row) + "\n")
    _records(out / "more-articles.jsonl", [record(a) for a in fresh])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(write(args.claims, args.out, args.seed)))


if __name__ == "__main__":
    main()
