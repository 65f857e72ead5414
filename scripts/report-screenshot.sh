#!/usr/bin/env bash
# Renders a report in Debian's headless Chromium and saves the screenshot the README shows
# (docs/report.png). Usage: scripts/report-screenshot.sh [report.html] [out.png]
# Make the report first: `profileunifier demo` writes ./report.html.
set -euo pipefail
html="$(realpath "${1:-report.html}")"
out="${2:-$(dirname "$0")/../docs/report.png}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --window-size=1280,2700 --screenshot="$out" "file://$html" 2>/dev/null
echo "wrote $out"
