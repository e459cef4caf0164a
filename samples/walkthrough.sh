#!/bin/sh
# A tour of the command line on the two samples, in a fresh store (walkthrough.db).
# Run from the project root after installing:  sh samples/walkthrough.sh
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/workbench ] && PATH="$PWD/.venv/bin:$PATH"
export WORKBENCH_DB="${WORKBENCH_DB:-walkthrough.db}"
rm -f "$WORKBENCH_DB" "$WORKBENCH_DB-wal" "$WORKBENCH_DB-shm"
corrected=$(mktemp -d)/armour-corrected.md
trap 'rm -rf "$(dirname "$corrected")"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
say() { printf '\n%s\n' "$*"; }

step workbench import samples/
step workbench sources
say "What the first article states, normalised:"
step workbench candidates 1 --kind quantity --kind item
step workbench claim add "At least five T-72B3 tanks were delivered to Mali" --source 1 --quote "at least five T-72B3"
step workbench claim add "Russia delivered two combat helicopters to Mali" --source 2 --quote "two helicopters" --occurrence 1
step workbench claim link 2 --source 1 --quote "two Mil Mi-17s" --stance mentions
step workbench claim add "Spartak vehicles carry 57 mm S-60 guns" --source 1 --quote "had 57 mm S-60 AA guns mounted on them"
step workbench claim add "Mali received a Su-25 ground attack aircraft" --source 1 --quote "a single Sukhou Su-25 Frogfoot"
step workbench claim set 1 --status verified --credibility 2 --note "tanks visible in the Cap Mali+ footage"
step workbench claim set 3 --status verified
step workbench outlet grade AFP B --note "international wire agency"
step workbench show claim 1

say "The same delivery told with other figures: a contradiction to review."
step workbench claim add "Russia has supplied four combat helicopters to Mali" --source 2 --quote "at least four helicopters"
step workbench match
step workbench contradictions

say "The publisher corrects the first article: a sentence added, a typo fixed, the S-60 sentence removed."
python3 - samples/01-mali-armour-delivery.md "$corrected" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace("Photos and videos", "Satellite images confirm the convoy. Photos and videos")
text = text.replace("Sukhou Su-25", "Sukhoi Su-25")
text = text.replace("Some of the Spartak mine resistant ambush protected vehicles had 57 mm S-60 AA guns mounted on them.\n", "")
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
step workbench import "$corrected" --revision-of 1
step workbench anchors 3
step workbench claims
step workbench audit log
step workbench audit verify

say "Now someone edits claim 1 straight in the database file, bypassing the workbench:"
python3 - "$WORKBENCH_DB" <<'PY'
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as db:
    db.execute("UPDATE claim SET text = 'At least six T-72B3 tanks were delivered to Mali' WHERE id = 1")
PY
printf '\n\033[1m$ workbench audit verify\033[0m\n'
if workbench audit verify; then echo "unexpected: the edit was not caught"; exit 1; fi
say "The edit was caught (exit status 1). The store is $WORKBENCH_DB; explore it with \`workbench --help\`."
