#!/usr/bin/env bash
# The Python package's pytest suite (bindings/python/tests), as TAP lines for tests/run-all:
# one `ok N - file::test` / `not ok N - file::test` per pytest test, from its JUnit XML.
# The library and the CLI come from the build NEWSSIFT belongs to (NEWSSIFT=.../build/newssift).
# Needs Debian's python3-pytest, python3-dask, python3-distributed, python3-pandas: a missing module
# is a failure, never a skip.
set -u
cd "$(dirname "$0")/../.."
NS=${NEWSSIFT:-build/newssift}
case $NS in /*) ;; *) NS=$PWD/$NS ;; esac
build=$(dirname "$NS")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

NEWSSIFT=$NS NEWSSIFT_LIB=$build/libnewssift.so PYTHONPATH=$PWD/bindings/python${PYTHONPATH:+:$PYTHONPATH} \
  PYTHONDONTWRITEBYTECODE=1 timeout 600 /usr/bin/python3 -m pytest bindings/python/tests -q \
  -p no:cacheprovider --continue-on-collection-errors --junitxml="$tmp/junit.xml" > "$tmp/out" 2>&1
rc=$?

/usr/bin/python3 - "$tmp/junit.xml" "$tmp/out" "$rc" <<'PY'
import sys
import xml.etree.ElementTree as ET

junit, out, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
def line(ok, name, note=""):
    global n
    n += 1
    print("%s %d - %s%s" % ("ok" if ok else "not ok", n, name, note))
try:
    cases = ET.parse(junit).getroot().iter("testcase")
except (OSError, ET.ParseError) as e:
    cases = []
for c in cases:
    mod = c.get("classname", "").rsplit(".", 1)[-1]
    name = "python %s::%s" % (mod, c.get("name")) if mod else "python %s" % c.get("name")
    bad = c.find("failure") if c.find("failure") is not None else c.find("error")
    skip = c.find("skipped")
    if bad is not None:
        line(False, name)
        for l in (bad.get("message") or "").splitlines()[:5]:
            print("#   " + l)
    elif skip is not None:
        line(True, name, " # SKIP " + (skip.get("message") or "").replace("\n", " ")[:200])
    else:
        line(True, name)
if n == 0 or (rc not in (0, 1) and rc != 5):
    # pytest could not run (not installed, a crash, a timeout): say so as a failure
    text = open(out, errors="replace").read().strip().splitlines()
    line(False, "python: pytest ran (exit %d)" % rc)
    for l in text[-10:]:
        print("#   " + l)
print("# " + (open(out, errors="replace").read().strip().splitlines() or ["no output"])[-1])
PY
