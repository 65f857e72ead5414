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
exit "$status"
