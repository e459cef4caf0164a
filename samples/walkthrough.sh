#!/bin/sh
# A tour of the command line on the two samples, in a fresh store (walkthrough.db).
# Run from the project root after installing:  sh samples/walkthrough.sh
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/workbench ] && PATH="$PWD/.venv/bin:$PATH"
export WORKBENCH_DB="${WORKBENCH_DB:-walkthrough.db}"
rm -f "$WORKBENCH_DB" "$WORKBENCH_DB-wal" "$WORKBENCH_DB-shm"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step workbench import samples/
step workbench sources
step workbench claim add "At least five T-72B3 tanks were delivered to Mali" --source 1 --quote "at least five T-72B3"
step workbench claim add "Russia delivered two combat helicopters to Mali" --source 2 --quote "two helicopters" --occurrence 1
step workbench claim link 2 --source 1 --quote "two Mil Mi-17s" --stance mentions
step workbench claim set 1 --status verified --credibility 2 --note "tanks visible in the Cap Mali+ footage"
step workbench outlet grade AFP B --note "international wire agency"
step workbench show claim 1
step workbench audit log
step workbench audit verify

printf '\nNow someone edits claim 1 straight in the database file, bypassing the workbench:\n'
python3 - "$WORKBENCH_DB" <<'PY'
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as db:
    db.execute("UPDATE claim SET text = 'At least six T-72B3 tanks were delivered to Mali' WHERE id = 1")
PY
printf '\n\033[1m$ workbench audit verify\033[0m\n'
if workbench audit verify; then echo "unexpected: the edit was not caught"; exit 1; fi
printf '\nThe edit was caught (exit status 1). The store is %s; explore it with `workbench --help`.\n' "$WORKBENCH_DB"
