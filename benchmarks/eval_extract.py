"""Accuracy of the candidate extractors on the development sets (written by others).

Run:  python benchmarks/eval_extract.py [--data ../shared/data/dev] [--show 5]

- pySBD golden rules (English): a case counts when every sentence matches exactly.
- quantulum3 quantities: a gold quantity is found when an extracted quantity overlaps its
  surface text and has its value (the midpoint, for ranges); precision counts extracted
  quantities that match some gold one.
- Recognizers-Text numbers: each gold number (text and value) must be found with its value;
  number ranges: the interval must match.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path
from typing import Any

from workbench.extract import candidates
from workbench.extract.numbers import NUMBER_RE, value
from workbench.extract.sentences import find as sentences

ROOT = Path(__file__).resolve().parent.parent


def golden_rules(data: Path, show: int) -> tuple[int, int]:
    cases = json.loads((data / "pysbd-golden-rules" / "pysbd_en_cases.json").read_text())["cases"]
    rules = cases["benchmarks/english_golden_rules.py::GOLDEN_EN_RULES"]
    ok = 0
    for text, expected in rules:
        got = [s.text for s in sentences(text)]
        if got == [e.strip() for e in expected]:
            ok += 1
        elif show:
            show -= 1
            print(f"  sentence miss: {text[:70]!r} -> {len(got)} sentences, expected {len(expected)}")
    return ok, len(rules)


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def quantulum(data: Path, show: int) -> tuple[int, int, int, int]:
    """(gold found, gold total, extracted matching, extracted total)."""
    cases = json.loads((data / "quantulum3" / "quantities.json").read_text())
    found = total = matching = extracted = 0
    for case in cases:
        text = case["req"]
        ours = [c for c in candidates(text, kinds=["quantity"])]
        extracted += len(ours)
        used: set[int] = set()
        for gold in case["res"]:
            total += 1
            at = text.find(gold["surface"])
            span = (at, at + len(gold["surface"])) if at >= 0 else (0, len(text))
            hit = None
            for i, q in enumerate(ours):
                v = q["value"] if q["value"] is not None else (q["low"] + q["high"]) / 2
                if q["start"] < span[1] and span[0] < q["end"] and _close(v, float(gold["value"])):
                    hit = i
                    break
            if hit is not None:
                found += 1
                used.add(hit)
            elif show:
                show -= 1
                print(f"  quantity miss: {gold['surface']!r} = {gold['value']} in {text[:60]!r}")
        matching += len(used)
    return found, total, matching, extracted


def recognizers(data: Path) -> tuple[int, int, int, int]:
    """(numbers found, gold numbers, ranges found, gold ranges)."""
    numbers = json.loads((data / "recognizers-number" / "NumberModel.json").read_text())
    found = total = 0
    for case in numbers:
        if "python" in case.get("NotSupported", ""):
            continue
        ours = [value(m.group()) for m in NUMBER_RE.finditer(case["Input"])]
        for gold in case.get("Results", []):
            total += 1
            expected = float(gold["Resolution"]["value"])
            found += any(_close(v, expected) for v in ours)
    ranges = json.loads((data / "recognizers-number" / "NumberRangeModel.json").read_text())
    rfound = rtotal = 0
    for case in ranges:
        if "python" in case.get("NotSupported", ""):
            continue
        for gold in case.get("Results", []):
            rtotal += 1
            bounds = re.match(r"[\[(]([^,]*),([^\])]*)[\])]", gold["Resolution"]["value"])
            if bounds is None:
                continue
            low = float(bounds.group(1)) if bounds.group(1) else None
            high = float(bounds.group(2)) if bounds.group(2) else None
            ours_q: list[dict[str, Any]] = candidates(case["Input"], kinds=["quantity"])
            rfound += any(
                (q["low"] is None if low is None else _close(q["low"], low))
                and (q["high"] is None if high is None else _close(q["high"], high))
                for q in ours_q
            )
    return found, total, rfound, rtotal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no development data at {args.data}")
    ok, rules = golden_rules(args.data, args.show)
    found, total, matching, extracted = quantulum(args.data, args.show)
    nfound, ntotal, rfound, rtotal = recognizers(args.data)
    rows = [
        ("pySBD English golden rules", f"{ok}/{rules}", ok / rules),
        ("quantulum3 quantities, recall", f"{found}/{total}", found / total),
        ("quantulum3 quantities, precision", f"{matching}/{extracted}", matching / max(extracted, 1)),
        ("Recognizers numbers (python cases)", f"{nfound}/{ntotal}", nfound / max(ntotal, 1)),
        ("Recognizers number ranges (python cases)", f"{rfound}/{rtotal}", rfound / max(rtotal, 1)),
    ]
    print(f"{'set':<42} {'cases':>10} {'accuracy':>9}")
    print("-" * 63)
    for name, count, rate in rows:
        print(f"{name:<42} {count:>10} {rate:>9.1%}")


if __name__ == "__main__":
    main()
