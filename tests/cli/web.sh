#!/usr/bin/env bash
# The web page end to end: starts `newssift serve` on a free loopback port and
# drives the page it serves in Debian's headless Chromium with npm's
# playwright-core (tests/web/e2e.mjs, which prints the TAP lines), then stops
# the server.  Needs /usr/bin/chromium (apt-get install -y chromium) and node
# with npm; the first run installs tests/web/node_modules with `npm ci`.
set -u
cd "$(dirname "$0")/../.."
NS=${NEWSSIFT:-build/newssift}
MAX_BODY=1000000 # the 413 check sends a little more than this
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if ! "$NS" serve --help >/dev/null 2>&1; then echo "ok 1 - # SKIP serve not built"; exit 0; fi
if [ ! -x /usr/bin/chromium ]; then echo "not ok 1 - /usr/bin/chromium is missing (apt-get install -y chromium)"; exit 1; fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "not ok 1 - node and npm are missing (they install tests/web's playwright-core)"; exit 1
fi
if [ ! -f tests/web/node_modules/playwright-core/package.json ]; then
  if ! (cd tests/web && npm ci --no-audit --no-fund) >"$tmp/npm.log" 2>&1; then
    echo "not ok 1 - npm ci in tests/web"; sed 's/^/# /' "$tmp/npm.log" | tail -20; exit 1
  fi
fi

# A free port: bind port 0, read the port the kernel chose, let it go.  Another
# process may take it in between, so the start is retried on a new port.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
up=
for attempt in 1 2 3; do
  port=$(free_port)
  "$NS" serve --host 127.0.0.1 --port "$port" --max-body "$MAX_BODY" >"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do # up to 10 s for the models to load
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$up" ] && break
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
done
if [ -z "$up" ]; then
  echo "not ok 1 - newssift serve answers /healthz"; sed 's/^/# /' "$tmp/serve.log" | tail -20; exit 1
fi

WEB_MAX_BODY=$MAX_BODY timeout 180 node tests/web/e2e.mjs "http://127.0.0.1:$port"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then echo "not ok - e2e.mjs ended with status $rc (crashed or timed out)"; fi
kill "$pid" 2>/dev/null
if ! wait "$pid" 2>/dev/null; then :; fi
pid=
exit $rc
