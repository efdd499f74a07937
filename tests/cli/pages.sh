#!/usr/bin/env bash
# Black-box tests of the page readers on layouts other than the example's:
# every tests/data/pages/NAME.expect.json names a page NAME.txt|.html|.json
# and what `newssift analyze NAME.* --output json` must find in it:
#   "title"        the title (null: none)
#   "paragraphs"   how many body paragraphs
#   "first"/"last" how the first and the last paragraph start
#   "comments"     [[author or null, how the text starts, (how it ends)], ...]
#   "not_in_body"  strings no paragraph may hold (menus, captions, banners)
#   "url"/"domain" the page's URL and domain
#   "note"         what the page is (not checked)
# Each field is one check; the last line sums them up ("# score: ...").
set -u
NS=${NEWSSIFT:-build/newssift}
cd "$(dirname "$0")/../.."
/usr/bin/python3 - "$NS" tests/data/pages "$@" <<'EOF'
import glob, json, os, subprocess, sys

ns, folder, only = sys.argv[1], sys.argv[2], sys.argv[3:]
n = passed = pages = perfect = 0


def tap(good, what, got=None):
    global n, passed
    n += 1
    passed += bool(good)
    print(("ok" if good else "not ok") + " %d - %s" % (n, what))
    if not good and got is not None:
        print("#   got: " + json.dumps(got, ensure_ascii=False)[:300])
    return bool(good)


for exp_path in sorted(glob.glob(os.path.join(folder, "*.expect.json"))):
    name = os.path.basename(exp_path)[: -len(".expect.json")]
    if only and name not in only:
        continue
    exp = json.load(open(exp_path, encoding="utf-8"))
    found = [p for p in glob.glob(os.path.join(folder, name + ".*")) if p != exp_path]
    if len(found) != 1:
        tap(False, "%s: exactly one page file next to the expectations" % name, found)
        continue
    page = found[0]
    label = os.path.basename(page)
    pages += 1
    run = subprocess.run([ns, "analyze", page, "--output", "json"], capture_output=True)
    if not tap(run.returncode == 0, "%s: analyze exits 0" % label, run.stderr.decode(errors="replace")):
        continue
    r = json.loads(run.stdout)
    t = r["page"]["text"].encode()
    cut = lambda s: t[s[0]:s[1]].decode()
    paras = [cut(s) for s in r["page"]["paragraphs"]]
    comments = [(c["author"], cut(c["span"])) for c in r["comments"]]
    ok = True
    if "title" in exp:
        ok &= tap(r["page"]["title"] == exp["title"], "%s: title" % label, r["page"]["title"])
    if "paragraphs" in exp:
        ok &= tap(len(paras) == exp["paragraphs"], "%s: %d paragraphs" % (label, exp["paragraphs"]),
                  [p[:40] for p in paras])
    for key, i in (("first", 0), ("last", -1)):
        if key in exp:
            got = paras[i] if paras else None
            ok &= tap(got is not None and got.startswith(exp[key]), "%s: %s paragraph" % (label, key),
                      got and got[:80])
    if "comments" in exp:
        want = exp["comments"]
        ok &= tap(len(comments) == len(want), "%s: %d comments" % (label, len(want)), len(comments))
        ok &= tap([a for a, _ in comments] == [w[0] for w in want], "%s: comment authors" % label,
                  [a for a, _ in comments])
        good = len(comments) == len(want) and all(
            c[1].startswith(w[1]) and (len(w) < 3 or c[1].endswith(w[2])) for c, w in zip(comments, want))
        ok &= tap(good, "%s: comment texts" % label, [c[1][:30] + "…" + c[1][-12:] for c in comments])
    for key in ("url", "domain"):
        if key in exp:
            ok &= tap(r["page"][key] == exp[key], "%s: %s" % (label, key), r["page"][key])
    if "not_in_body" in exp:
        leaks = [s for s in exp["not_in_body"] if any(s in p for p in paras)]
        ok &= tap(not leaks, "%s: no furniture in the body" % label, leaks)
    perfect += ok

print("# score: %d/%d checks, %d/%d pages wholly right" % (passed, n, perfect, pages))
EOF
