#!/usr/bin/env bash
# Issue 15, item 8: mutated lines (truncations, bit flips, invalid UTF-8, huge numbers and strings, deep nesting, duplicate
# keys, NUL bytes, splices, a 10 MB line) through the built executable's `ingest` and, as Kafka messages, its `run`: no crash,
# exact reconciliation (accepted + rejected + redeliveries = lines read, DuckDB agreeing), the same counts both ways, peak
# RSS printed. It runs the suite's FuzzTests (20,000 lines) at full size.
#
#   scripts/fuzz.sh                       # 100,000 lines each way, a random seed
#   LINES=250000 SEED=42 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${LINES:-100000}
seed=${SEED:-$RANDOM}
log=${LOG:-artifacts/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log}
mkdir -p "$(dirname "$log")"
dotnet build tests/ProfileUnifier.Tests -c Release -v quiet -nologo
echo "fuzz: $lines lines through ingest and through Kafka, seed $seed; log $log"
set +e
FUZZ_LINES=$lines FUZZ_SEED=$seed \
  dotnet test tests/ProfileUnifier.Tests -c Release --no-build --filter "FullyQualifiedName~FuzzTests" \
  --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "seed [0-9]+:|RSS|Passed |Failed |Error Message|Assert|Total tests|Passed:|Failed:"
status=${PIPESTATUS[0]}
echo "fuzz: exit $status"
exit "$status"
