"""Review workbench benchmark: a store of 10,000 sources and 100,000 claims, opened and browsed.

Run:  python benchmarks/bench_tui.py [--sources 10000] [--claims 100000] [--store PATH] [--seed 7]
                                    [--starts 7] [--no-baseline]

Builds (or reuses, with --store) a generated store: articles of realistic length and wording
imported through the same path as `workbench import`, and claims linked to sentences of them
through the bulk service. Then, in a fresh Python process, as `workbench review` would:

- time from process start to the first frame of the reader (the median of ``--starts`` fresh
  processes, since one start varies by a fifth of a second on this machine), and to the first frame showing the
  source list and an article (data loaded by the thread workers);
- key-to-frame latency moving down the claims table (pages load as the cursor nears their end),
  and opening the next source in the reader (its text, evidence and candidates);
- peak memory of that process (its high-water resident set, VmHWM).

The app runs headless (Textual's test driver). A frame's time is when the app composed it (its
compositor's update, which a terminal would then draw), recorded by wrapping the app's display
call: a key's latency is from sending the key to the first frame after it that shows its effect.

Baseline, in the same run: a stock Textual DataTable handed every claim of the store at once.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_store import generated_store

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import time
started = time.perf_counter()
import json, sys, asyncio
from store import open_store
from workbench.tui.app import WorkbenchApp
from workbench.tui.article import ArticleView
from textual.worker import WorkerCancelled

frames = []  # (time, article text length or -1, claims rows or -1) of every frame the app composed

async def settle(app, pilot):
    # every worker the screens started, not the embedding of the store's backlog: with the
    # semantic extra that runs in the background for as long as the backlog lasts (hours on a
    # million claims never embedded), and the interface never waits for it
    for _ in range(3):
        waiting = [w for w in app.workers if w.group != "embed" and not w.is_finished]
        try:
            if waiting:  # (an empty list would mean every worker)
                await app.workers.wait_for_complete(waiting)
        except WorkerCancelled:
            pass
        await pilot.pause()

def state(app):
    # the source shown and its text: a wire copy's text may be the same as the source before it
    try:
        view = getattr(app.screen, "view", None)
        text = app.screen.query_one(ArticleView).source_text
        article = (view.source.id, text) if view is not None and text else None
    except Exception:
        article = None
    try:
        rows = app.screen.query_one("#claims").row_count
    except Exception:
        rows = -1
    return article, rows

async def main():
    store = open_store(sys.argv[1])
    app = WorkbenchApp(store, "bench", label="bench")
    display = app._display

    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), *state(app)))

    app._display = recorded
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for _ in range(600):  # the reader's article comes from a worker that may start after the first look
            if any(article for _, article, _ in frames):
                break
            await asyncio.sleep(0.05)
            await settle(app, pilot)
        first_frame = frames[0][0] - started
        first_data = next(t for t, article, _ in frames if article) - started
        opening, moving = [], []
        for _ in range(30):
            before, _rows = state(app)
            mark = len(frames)
            t = time.perf_counter()
            await pilot.press("greater_than_sign")
            await settle(app, pilot)
            for _ in range(200):  # a load may start after a short delay (the cursor may move on)
                if any(f[1] != before for f in frames[mark:]):
                    break
                await asyncio.sleep(0.05)
                await settle(app, pilot)
            opening.append(next(f[0] for f in frames[mark:] if f[1] != before) - t)
        await pilot.press("C")
        await settle(app, pilot)
        for _ in range(300):
            mark = len(frames)
            t = time.perf_counter()
            await pilot.press("down")
            moving.append(frames[mark][0] - t if len(frames) > mark else float("nan"))
        await settle(app, pilot)
        rows = state(app)[1]
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (the store's builder)
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
    print(json.dumps({"first": {"frame": first_frame, "data": first_data}, "opening": opening,
                      "moving": moving, "rows": rows, "peak_mb": peak}))

asyncio.run(main())
"""

#: Start-up alone, run several times: one start of a fresh process varies by a fifth of a second here.
START = r"""
import time
started = time.perf_counter()
import asyncio, json, sys
from store import open_store
from workbench.tui.app import WorkbenchApp

frames = []

async def main():
    app = WorkbenchApp(open_store(sys.argv[1]), "bench", label="bench")
    display = app._display

    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = recorded
    async with app.run_test(size=(120, 40)):
        while not frames:
            await asyncio.sleep(0.005)
    print(json.dumps({"first": frames[0] - started}))

asyncio.run(main())
"""

#: The baseline: a stock DataTable handed every claim at once (what the claims screen avoids).
BASELINE = r"""
import time
started = time.perf_counter()
import asyncio, json, sqlite3, sys
from textual.app import App
from textual.widgets import DataTable

rows = sqlite3.connect(sys.argv[1]).execute("SELECT id, status, credibility, text FROM claim ORDER BY id").fetchall()
frames = []

class Everything(App[None]):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("id", "status", "cred", "claim")
        table.add_rows(rows)

async def main():
    app = Everything()
    display = app._display
    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())
    app._display = recorded
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = frames[0] - started
        moving = []
        for _ in range(50):
            mark = len(frames)
            t = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            moving.append(frames[mark] - t if len(frames) > mark else float("nan"))
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
    print(json.dumps({"first": first, "moving": moving, "rows": len(rows), "peak_mb": peak}))

asyncio.run(main())
"""


#: The probes' environment: byte code is read as an installed package has it (``pip install``
#: compiles it), not compiled again by every process because this shell says not to write it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: Compiles the byte code of the workbench the probes import (this checkout, or the one
#: ``PYTHONPATH`` puts first: the code before, for a comparison).
COMPILE = (
    "import compileall, os, store, workbench\n"
    "for module in (store, workbench):\n"
    "    compileall.compile_dir(os.path.dirname(module.__file__), quiet=1)"
)


def probe(script: str, path: Path) -> dict[str, Any]:
    """Run a probe in a fresh Python process; its last line of output, as JSON."""
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, cwd=ROOT, env=ENV)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="reuse (or build once at) this store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--starts", type=lambda v: max(1, int(v)), default=7, help="fresh processes timed to their first frame (≥ 1)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the DataTable of every claim (minutes at 1M)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.store or Path(folder.name) / "bench.db"
    if not path.exists():
        generated_store(path, args.sources, args.claims, args.seed)
    subprocess.run([sys.executable, "-c", COMPILE], check=True, cwd=ROOT, env=ENV)
    result = probe(PROBE, path)
    base = None if args.no_baseline else probe(BASELINE, path)
    starts = sorted(probe(START, path)["first"] for _ in range(args.starts))

    def ms(values: list[float], q: float) -> str:
        ordered = sorted(values)
        return f"{1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.0f} ms"

    rows = [
        ("first frame (reader mounted): median", f"{statistics.median(starts):.2f} s",
         f"target ≤ 1 s ({len(starts)} fresh processes: {starts[0]:.2f}–{starts[-1]:.2f} s)"),
        ("first frame with sources and an article", f"{result['first']['data']:.2f} s", ""),
        ("next source opened: median / p95", f"{ms(result['opening'], 0.5)} / {ms(result['opening'], 0.95)}",
         "target ≤ 50 ms"),
        ("claims table, key down: median / p95", f"{ms(result['moving'], 0.5)} / {ms(result['moving'], 0.95)}",
         f"target ≤ 50 ms ({result['rows']} rows loaded)"),
        ("  mean", f"{1000 * statistics.mean(result['moving']):.1f} ms", ""),
        ("peak memory (VmHWM)", f"{result['peak_mb']:.0f} MB", "target ≤ 300 MB"),
    ]  # fmt: skip
    if base is not None:
        rows += [
            (f"baseline: DataTable of all {base['rows']:,} claims, first frame", f"{base['first']:.2f} s",
             f"{base['first'] / statistics.median(starts):.1f}× the workbench's"),
            ("baseline: key down: median", ms(base["moving"], 0.5), ""),
            ("baseline: peak memory (VmHWM)", f"{base['peak_mb']:.0f} MB", ""),
        ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':>18}  note")
    print("-" * (width + 44))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>18}  {note}")
    folder.cleanup()


if __name__ == "__main__":
    main()
