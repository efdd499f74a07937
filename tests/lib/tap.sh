# tests/lib/tap.sh — TAP lines for the black-box scripts in tests/cli (sourced).
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
# check WHAT COMMAND...: ok when the command succeeds (its output dropped)
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else no "$what"; fi; }
py() { /usr/bin/python3 -c "$@"; }
