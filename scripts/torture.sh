#!/usr/bin/env bash
# Issue 15, item 7: kill -9 of `ingest` (small commits) and of `run` at random moments, at least 30 times each, restart after
# every kill, then read the lake back with DuckDB over the Delta live files: every input line exactly once, identity tables
# equal to an uninterrupted run's. It runs the suite's TortureTests (real child processes of the built executable, a real
# SIGKILL) at full size; the kills and where they landed are printed, and the log is kept.
#
#   scripts/torture.sh                    # 30 kills of each, 40,000 events, a random seed
#   KILLS=50 EVENTS=60000 SEED=42 scripts/torture.sh
#
# Exit 0: nothing lost, nothing doubled. The broker is the suite's (KAFKA_BOOTSTRAP_SERVERS, else the embedded one).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-30}
events=${EVENTS:-40000}
seed=${SEED:-$RANDOM}
log=${LOG:-artifacts/torture-$(date -u +%Y%m%dT%H%M%SZ).log}
mkdir -p "$(dirname "$log")"
dotnet build tests/ProfileUnifier.Tests -c Release -v quiet -nologo
echo "torture: $kills kills of ingest and of run, $events events, seed $seed; log $log"
set +e
TORTURE_KILLS=$kills TORTURE_EVENTS=$events TORTURE_SEED=$seed \
  dotnet test tests/ProfileUnifier.Tests -c Release --no-build --filter "FullyQualifiedName~TortureTests" \
  --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "kill [0-9]+/|Passed |Failed |Error Message|Assert|Total tests|Passed:|Failed:"
status=${PIPESTATUS[0]}
echo "torture: $(grep -c 'kill [0-9]*/' "$log") kills in all; exit $status"
set -e

# A full disk for real, where the machine allows (root, tmpfs): ingest with small commits into an 8 MiB lake until the
# disk is full (exit 1, one sentence), make room, ingest again: every line exactly once, read back with DuckDB (query).
cli="dotnet src/ProfileUnifier/bin/Release/net10.0/profileunifier.dll"
work=$(mktemp -d)
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8m tmpfs "$work" 2>/dev/null; then
  trap 'umount "$work" 2>/dev/null; rm -rf "$work" "$work.data"' EXIT
  $cli generate --out "$work.data" --events 100000 --seed "$seed" >/dev/null
  set +e
  PROFILEUNIFIER_Lake__MaxRowsPerCommit=5000 $cli ingest --input "$work.data/events.ndjson" --lake "$work/lake" >/dev/null 2>"$work.err"
  full=$?
  set -e
  echo "full disk: ingest exit $full, $(grep -c 'Committed batch' "$work.err") batches committed; $(grep -v ' info ' "$work.err" | head -1)"
  [ "$full" -ne 0 ] || { echo "full disk: the 8 MiB lake did not fill up"; exit 1; }
  mount -o remount,size=512m "$work"
  sleep 6   # the failed writer's lease goes stale
  PROFILEUNIFIER_Lake__MaxRowsPerCommit=5000 $cli ingest --input "$work.data/events.ndjson" --lake "$work/lake" >/dev/null 2>&1
  got=$($cli query --lake "$work/lake" --format csv "SELECT count(*) || '/' || count(DISTINCT event_id) FROM touchpoints" | tail -1 | tr -d '\r')
  bad=$($cli query --lake "$work/lake" --format csv "SELECT count(*) FROM rejected" | tail -1 | tr -d '\r')
  want=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(f\"{s['events']}/{s['events']} {s['malformed']}\")" "$work.data/manifest.json")
  echo "full disk: after making room, touchpoints/distinct $got, rejected $bad; generated $want"
  [ "$got $bad" = "$want" ] || { echo "full disk: lost or doubled"; exit 1; }
else
  echo "full disk: skipped (needs root to mount a tmpfs)"
fi
exit "$status"
