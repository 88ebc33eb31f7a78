#!/usr/bin/env bash
# Prints the failed tests and one total line from the TRX files of a test run: test-summary.sh <results folder>
set -euo pipefail
folder="${1:-artifacts/test-results}"
shopt -s nullglob
files=("$folder"/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "No test results in $folder: the test run did not get as far as running tests."
  exit 0
fi

# Each failed test with the first lines of its message (TRX is XML: the common escapes are undone for reading).
failures=$(awk '
  /<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); if (failed) { name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); print "  " name; lines = 0 } }
  failed && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
  failed && inmsg { done = sub(/<\/Message>.*/, ""); if (lines < 4) { print "      " substr($0, 1, 300); lines++ } if (done) { inmsg = 0; failed = 0 } }
' "${files[@]}" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&#xD;//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g')
if [ -n "$failures" ]; then
  echo
  echo "Failed tests (the output of every program they started is in artifacts/logs/):"
  echo "$failures"
fi

grep -ho '<Counters [^>]*>' "${files[@]}" | awk '
  function attr(name,   m) { if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
  { total += attr("total"); passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted") }
  END { printf "\n%d passed, %d failed, %d skipped\n", passed, failed, total - passed - failed }'
