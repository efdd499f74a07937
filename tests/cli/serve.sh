#!/usr/bin/env bash
# Black-box tests of `newssift serve` against the real server on loopback
# (tests/serve/serve_checks.py does the talking): every route, every bad input
# of the issue (malformed JSON, wrong content types, bodies over the limit,
# slow clients, requests cut off mid-body, unknown models, API keys, 10,000
# connections), SIGTERM with a request in flight, the docs' curl examples, and
# the routes again on the ASan+UBSan build when it exists.
set -u
NS=${NEWSSIFT:-build/newssift}
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
# the 10,000-connection check needs as many descriptors, in the client and the server
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
conns=$(( $(ulimit -n) - 200 < 10000 ? $(ulimit -n) - 200 : 10000 ))
$PY tests/serve/serve_checks.py "$NS"
$PY tests/serve/serve_checks.py "$NS" --connections "$conns"
$PY tests/serve/serve_checks.py "$NS" --docs docs/http-api.md
san="$(dirname "$(dirname "$NS")")/build-san/newssift"
if [ -x "$san" ]; then
  ASAN_OPTIONS=detect_leaks=1 $PY tests/serve/serve_checks.py "$san" --sanitized
fi
