#!/usr/bin/env bash
# Black-box tests of `newssift trace`: the example page traced to the
# Telegraph passages it copies, the JSON contract, replacement, and every bad
# input the provenance issue lists (empty articles, duplicate ids, a 50 MB
# article, an index that is not SQLite or is newer, a disk that fills during
# an add, a process killed during an add).
set -u
NS=${NEWSSIFT:-build/newssift}
FIX=tests/data/trace/reference-sample.jsonl
EX=examples
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/tap.sh"
count() { py "import sqlite3; print(sqlite3.connect('file:$1?mode=ro', uri=True).execute('select count(*) from articles').fetchone()[0])"; }
# a one-line "newssift: ..." error and the given exit status
expect_error() { # what, status, command...
  local what=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [ $rc -eq "$want" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^newssift: ' "$tmp/err"; then
    ok "$what: exit $want, $(head -c 120 "$tmp/err")"
  else
    no "$what: rc $rc, $(head -c 300 "$tmp/err")"
  fi
}

# ---------------------------------------------------------------- help
for c in "" add query stats check; do
  check "trace $c --help exits 0" sh -c "'$NS' trace $c --help | grep -q 'usage: newssift trace'"
done
# usage errors: exit 1, "newssift: ..." and a hint to --help
expect_usage() { # what, command...
  local what=$1; shift
  "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [ $rc -eq 1 ] && head -1 "$tmp/err" | grep -q '^newssift: trace'; then ok "$what: exit 1"; else no "$what: rc $rc"; fi
}
expect_usage "unknown subcommand" "$NS" trace frobnicate x
expect_usage "query without INDEX" "$NS" trace query
expect_usage "--top 0" "$NS" trace query "$tmp/ix.db" $EX/syria-page.txt --top 0
expect_usage "--format pdf" "$NS" trace query "$tmp/ix.db" $EX/syria-page.txt --format pdf
expect_usage "--batch x" "$NS" trace add "$tmp/ix.db" --batch x

# ---------------------------------------------------------------- add, stats, check
IX=$tmp/ix.db
"$NS" trace add "$IX" $FIX > "$tmp/add.out" 2> "$tmp/add.err"; rc=$?
check "add the fixture: exit 0" test $rc -eq 0
check "add reports 31 articles" grep -q '^added 31 articles' "$tmp/add.out"
check "no progress on a pipe" test ! -s "$tmp/add.err"
check "the index holds 31 articles" test "$(count "$IX")" -eq 31
check "the index is SQLite in WAL mode" py "
import sqlite3; assert sqlite3.connect('$IX').execute('pragma journal_mode').fetchone()[0]=='wal'"
check "trace check: ok" "$NS" trace check "$IX"
"$NS" trace stats "$IX" --json > "$tmp/stats.json"
check "stats --json: articles, postings, bytes" py "
import json; s=json.load(open('$tmp/stats.json'))
assert s['articles']==31 and s['postings']>0 and s['file_bytes']>0 and s['format']==2, s"
check "stats as text names the article count" sh -c "'$NS' trace stats '$IX' | grep -q '31 articles'"
"$NS" trace add "$IX" - < $FIX > /dev/null
check "re-adding the same ids (from stdin) replaces them" test "$(count "$IX")" -eq 31
check "trace check after replacing: ok" "$NS" trace check "$IX"
check "add shows progress on a terminal" sh -c "script -qec \"'$NS' trace add '$tmp/tty.db' $FIX\" /dev/null | grep -q 'trace add: .*%'"

# ---------------------------------------------------------------- query
for f in txt json html; do
  "$NS" trace query "$IX" $EX/syria-page.$f --json > "$tmp/q.$f.json" 2> "$tmp/err"; rc=$?
  check "query syria-page.$f --json: exit 0" test $rc -eq 0
  check "syria-page.$f: the Telegraph passages are the one source, attributed" py "
import json; t=json.load(open('$tmp/q.$f.json'))
s=t['sources']; assert len(s)==1, s
s=s[0]; assert s['id']=='fixture-telegraph-al-tanf' and s['attributed'] is True, s
assert 0.6 < s['copied_share'] < 1 and s['containment_source'] > 0.9, s
assert set(s)=={'id','url','title','copied_share','containment_page','containment_source','attributed','copied','added'}, set(s)
assert sum(c['kind']=='quoted' for c in s['copied']) >= 9
assert all(set(c)=={'span','source_span','kind','changes'} and c['kind'] in ('exact','near','quoted') for c in s['copied'])"
  # the page text as analyze lays it out, to check spans against
  "$NS" analyze $EX/syria-page.$f --output json > "$tmp/a.$f.json" 2>/dev/null
  check "syria-page.$f: spans lie in page.text, the spin sentence is added" py "
import json
t=json.load(open('$tmp/q.$f.json'))['sources'][0]; text=json.load(open('$tmp/a.$f.json'))['page']['text'].encode()
src=[json.loads(l) for l in open('$FIX')][0]['text'].encode()
for c in t['copied']:
    s,e=c['span']; assert 0<=s<e<=len(text); text[s:e].decode()
    s,e=c['source_span']; assert 0<=s<e<=len(src); src[s:e].decode()
    for s,e in c['changes']: assert c['span'][0]<=s<e<=c['span'][1]
added=[text[s:e].decode() for s,e in t['added']]
assert 'It looks like the US is heading towards a direct conflict with its Cold War adversary.' in added, added
assert 'The Telegraph reports:' in added, added
q=[c for c in t['copied'] if c['kind']=='quoted']
assert text[q[0]['span'][0]:q[0]['span'][1]].decode().startswith('Pro-government soldiers are now within 15 miles')
assert src[q[0]['source_span'][0]:q[0]['source_span'][1]] == text[q[0]['span'][0]:q[0]['span'][1]]"
done
"$NS" trace query "$IX" $EX/syria-page.txt > "$tmp/q.txt"
check "text answer names the source and the added sentence" sh -c "grep -q fixture-telegraph-al-tanf '$tmp/q.txt' && grep -q 'It looks like the US' '$tmp/q.txt'"
check "text answer fits 80 columns, no colour in a pipe" py "
t=open('$tmp/q.txt',encoding='utf-8').read(); assert '\x1b' not in t
assert all(len(l)<=80 for l in t.splitlines()), max(t.splitlines(), key=len)"
"$NS" trace query "$IX" - --json --format text < $EX/syria-page.txt > "$tmp/q.stdin.json"
check "query from stdin equals query from the file" cmp "$tmp/q.stdin.json" "$tmp/q.txt.json"
py "
import json; p=json.load(open('$EX/syria-page.json'))
with open('$tmp/pages.jsonl','w') as f:
    f.write(json.dumps(p)+'\n'); f.write(json.dumps({'title':'Cats','text':'My cat sleeps all day on the warm windowsill.'})+'\n')"
"$NS" trace query "$IX" "$tmp/pages.jsonl" --format jsonl > "$tmp/q.jsonl"
check "jsonl: one trace a page, in order" py "
import json; L=[json.loads(l) for l in open('$tmp/q.jsonl')]
assert len(L)==2 and L[0]['sources'][0]['id']=='fixture-telegraph-al-tanf' and L[1]=={'sources': []}, L"
"$NS" trace query "$IX" $EX/syria-page.txt --json --top 1 -o "$tmp/top1.json"
check "-o writes the answer" py "import json; assert len(json.load(open('$tmp/top1.json'))['sources'])==1"

# ---------------------------------------------------------------- bad input
: > "$tmp/empty.jsonl"
expect_error "empty input file" 2 "$NS" trace add "$IX" "$tmp/empty.jsonl"
printf '{"id": "ok-1", "text": "a fine article"}\n{"id": "blank", "text": "   "}\n{"id": "ok-2", "text": "never added"}\n' > "$tmp/emptyart.jsonl"
expect_error "empty article" 2 "$NS" trace add "$IX" "$tmp/emptyart.jsonl"
check "empty article: the message names line 2" grep -q 'emptyart.jsonl:2: article "blank" is empty' "$tmp/err"
check "empty article: the line before it is added, none after" test "$(count "$IX")" -eq 32
printf '{"id": "d-1", "text": "one"}\n{"id": "d-2", "text": "two"}\n{"id": "d-1", "text": "one again"}\n' > "$tmp/dup.jsonl"
expect_error "duplicate ids in one file" 2 "$NS" trace add "$IX" "$tmp/dup.jsonl"
check "duplicate ids: the message names both lines" grep -q 'dup.jsonl:3: id "d-1" was already given at line 1' "$tmp/err"
check "duplicate ids: the two before are added" test "$(count "$IX")" -eq 34
printf '{"id": "x", "text": "fine"}\n{"id": "y", "text": "cut' > "$tmp/badjson.jsonl"
expect_error "malformed JSON line" 2 "$NS" trace add "$IX" "$tmp/badjson.jsonl"
py "
import sys
with open('$tmp/big.jsonl','w') as f:
    f.write('{\"id\": \"huge\", \"text\": \"' + ('word ' * (10*1024*1024)) + '\"}\n')"
expect_error "a 50 MB article" 2 "$NS" trace add "$IX" "$tmp/big.jsonl"
check "50 MB article: the message gives the limit" grep -q 'at most 8 MiB' "$tmp/err"
check "index consistent after the bad inputs" "$NS" trace check "$IX"
expect_error "missing input file" 2 "$NS" trace add "$IX" "$tmp/nope.jsonl"

printf 'this is not a database, only text\n' > "$tmp/notsqlite.db"
expect_error "an index that is not SQLite (query)" 2 "$NS" trace query "$tmp/notsqlite.db" $EX/syria-page.txt
expect_error "an index that is not SQLite (add)" 2 "$NS" trace add "$tmp/notsqlite.db" $FIX
check "not SQLite: said so" grep -q 'not an SQLite database' "$tmp/err"
check "the non-index file is left as it was" grep -q 'only text' "$tmp/notsqlite.db"
cp "$IX" "$tmp/newer.db"; "$NS" trace check "$tmp/newer.db" > /dev/null
py "import sqlite3; c=sqlite3.connect('$tmp/newer.db'); c.execute('pragma user_version=3'); c.commit()"
expect_error "an index of a newer format" 2 "$NS" trace query "$tmp/newer.db" $EX/syria-page.txt
check "newer format: said so" grep -q 'index format 3 is newer' "$tmp/err"
cp "$IX" "$tmp/older.db"; "$NS" trace check "$tmp/older.db" > /dev/null
py "import sqlite3; c=sqlite3.connect('$tmp/older.db'); c.execute('pragma user_version=1'); c.commit()"
expect_error "an index of an older format (format 1)" 2 "$NS" trace add "$tmp/older.db" $FIX
check "older format: said so, and to rebuild it" grep -q 'index format 1 is older than this newssift reads (2); rebuild it' "$tmp/err"
py "import sqlite3; c=sqlite3.connect('$tmp/other.db'); c.execute('create table t(x)'); c.commit()"
expect_error "an SQLite file of another program" 2 "$NS" trace stats "$tmp/other.db"
expect_error "a missing index (query)" 2 "$NS" trace query "$tmp/missing.db" $EX/syria-page.txt
check "query does not create a missing index" test ! -e "$tmp/missing.db"

# ---------------------------------------------------------------- a full disk
# The file size limit (ulimit -f, with SIGXFSZ ignored so the write fails with
# EFBIG as on a full disk) stops the add while it writes.
py "
import json, random
r=random.Random(3); base=[json.loads(l)['text'] for l in open('$FIX')]
with open('$tmp/many.jsonl','w') as f:
    for i in range(3000):
        f.write(json.dumps({'id': 'many-%d' % i, 'text': ' '.join(r.sample(base, 2))})+'\n')"
cp "$IX" "$tmp/full.db"; "$NS" trace check "$tmp/full.db" > /dev/null
before=$(count "$tmp/full.db")
size_kb=$(( $(stat -c %s "$tmp/full.db") / 1024 + 1024 ))
( trap '' XFSZ; ulimit -f $size_kb; exec "$NS" trace add "$tmp/full.db" "$tmp/many.jsonl" --batch 200 ) > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 3 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^newssift: .*full.db: ' "$tmp/err"; then ok "disk full during add: exit 3, $(head -c 150 "$tmp/err")"; else no "disk full: rc $rc $(head -c 300 "$tmp/err")"; fi
check "disk full: the index passes the check" "$NS" trace check "$tmp/full.db"
after=$(count "$tmp/full.db")
check "disk full: whole batches only ($before -> $after)" test $(( (after - before) % 200 )) -eq 0 -a "$after" -lt $((before + 3000))
"$NS" trace add "$tmp/full.db" "$tmp/many.jsonl" > /dev/null
check "after the disk is freed, the add completes" test "$(count "$tmp/full.db")" -eq $((before + 3000))

# ---------------------------------------------------------------- kill -9 during an add
py "
import json, random
r=random.Random(5); base=[json.loads(l)['text'] for l in open('$FIX')]
with open('$tmp/big-add.jsonl','w') as f:
    for i in range(40000):
        f.write(json.dumps({'id': 'k-%d' % i, 'text': ' '.join(r.sample(base, 2))})+'\n')"
KX=$tmp/kill.db
"$NS" trace add "$KX" $FIX > /dev/null   # an add that returned: its 31 articles must survive
"$NS" trace add "$KX" "$tmp/big-add.jsonl" --batch 500 --threads 2 > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 600); do  # until at least one batch is committed (at most 60 s)
  c=$(count "$KX" 2>/dev/null || echo 0); [ "${c:-0}" -gt 531 ] && break; sleep 0.1
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
check "killed add: the index opens and passes the check" "$NS" trace check "$KX"
c=$(count "$KX")
check "killed add: the 31 articles of the add that returned are there" py "
import sqlite3; db=sqlite3.connect('$KX')
assert db.execute(\"select count(*) from articles where id not like 'k-%'\").fetchone()[0]==31"
check "killed add: whole batches of 500 ($c articles)" test $(( (c - 31) % 500 )) -eq 0 -a "$c" -gt 31 -a "$c" -lt 40031
"$NS" trace add "$KX" "$tmp/big-add.jsonl" > /dev/null
check "re-running the killed add completes it" test "$(count "$KX")" -eq 40031
check "and the index passes the check" "$NS" trace check "$KX"

# ---------------------------------------------------------------- analyze --index
for f in txt json html; do
  "$NS" analyze $EX/syria-page.$f --index "$IX" --output json > "$tmp/r.$f.json" 2> "$tmp/err"; rc=$?
  check "analyze syria-page.$f --index: exit 0" test $rc -eq 0
  check "analyze --index: the report matches docs/report.schema.json" py "
import json,jsonschema; jsonschema.validate(json.load(open('$tmp/r.$f.json')), json.load(open('docs/report.schema.json')))"
  check "analyze --index: the trace is the query's, the trace signal known" py "
import json; r=json.load(open('$tmp/r.$f.json')); q=json.load(open('$tmp/q.$f.json'))
assert r['trace']==q, (r['trace'], q)
s=[x for x in r['signals'] if x['name']=='trace'][0]; assert s['score'] is not None and s['share']>0, s
assert abs(sum(x['share'] for x in r['signals'])-1) < 1e-3"
done
check "analyze --index: the example stays unreliable" py "
import json; assert json.load(open('$tmp/r.txt.json'))['verdict']=='unreliable'"
check "analyze --index: the trace score of the example is docs/trust-score.md's 0.72" py "
import json; r=json.load(open('$tmp/r.txt.json')); s=[x for x in r['signals'] if x['name']=='trace'][0]
assert abs(s['score']-0.72) < 0.005, s"
"$NS" analyze $EX/syria-page.txt --output json > "$tmp/r.none.json"
check "analyze without --index: trace null, its signal no information" py "
import json; r=json.load(open('$tmp/r.none.json')); assert r['trace']=={'sources': None}
s=[x for x in r['signals'] if x['name']=='trace'][0]; assert s['score'] is None and s['share']==0, s"
"$NS" analyze $EX/syria-page.txt --index "$IX" > "$tmp/r.txt"
check "analyze --index text: the best source and an added sentence" sh -c "grep -q 'trace: [0-9]*% of the body copied from' '$tmp/r.txt' && grep -q 'added  \"It looks like the US' '$tmp/r.txt'"
check "analyze --index text fits 80 columns" py "
t=open('$tmp/r.txt',encoding='utf-8').read(); assert all(len(l)<=80 for l in t.splitlines()), max(t.splitlines(), key=len)"
"$NS" analyze $EX/syria-page.txt --index "$IX" --output html -o "$tmp/r.html"
check "analyze --index HTML: copied text grey with its source, added text highlighted" py "
h=open('$tmp/r.html').read()
assert '<span class=\"tr-copied\" title=\"copied from Fixture: the Telegraph' in h, 'copied'
assert '<span class=\"tr-added\" title=\"added by the page\">It looks like' in h or '<span class=\"tr-added\" title=\"added by the page\"><mark class=\"vague\">It looks like' in h, 'added'
assert '<h2>Trace</h2>' in h and '<script' not in h"
"$NS" analyze $EX/syria-page.txt --output html -o "$tmp/r0.html"
check "analyze HTML without --index: no trace layer" sh -c "! grep -q 'span class=.tr-' '$tmp/r0.html'"
expect_error "analyze --index with a missing index" 2 "$NS" analyze $EX/syria-page.txt --index "$tmp/missing.db"
expect_error "analyze --index with a file that is not SQLite" 2 "$NS" analyze $EX/syria-page.txt --index "$tmp/notsqlite.db"
printf '{"title": "t", "text": "Some words."}\n' > "$tmp/p1.jsonl"; cat $EX/syria-page.json | tr -d '\n' >> "$tmp/p1.jsonl"; echo >> "$tmp/p1.jsonl"
"$NS" analyze --format jsonl "$tmp/p1.jsonl" --index "$IX" --threads 2 > "$tmp/rj.jsonl"
check "analyze jsonl --index --threads 2: traces in order" py "
import json; L=[json.loads(l) for l in open('$tmp/rj.jsonl')]
assert L[0]['trace']=={'sources': []} and L[1]['trace']['sources'][0]['id']=='fixture-telegraph-al-tanf'"

# ---------------------------------------------------------------- the documented commands run
# The sh blocks of README.md's provenance section and of docs/trace.md, with build/newssift as
# tested and the index in the test folder (they read ../shared's reference corpus).
doc_block() { # file, line that precedes the block
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
i = next(k for k, l in enumerate(lines) if l.startswith(sys.argv[2]))
i = next(k for k in range(i, len(lines)) if lines[k].startswith('```sh')) + 1
j = next(k for k in range(i, len(lines)) if lines[k].startswith('```'))
print('\n'.join(lines[i:j]))
PY
}
if [ -f ../shared/data/news/articles/reference.jsonl ]; then
  for doc in "README.md|### Provenance" "docs/trace.md|# Provenance"; do
    file=${doc%%|*}; mark=${doc#*|}
    rm -f "$tmp/refs.db"*
    doc_block "$file" "$mark" | sed -e "s|build/newssift|'$NS'|g" -e "s|refs.db|'$tmp/refs.db'|g" \
      -e "s|pages.jsonl|'$tmp/pages.jsonl'|g" > "$tmp/doc.sh"
    check "$file: its trace commands run" bash -e "$tmp/doc.sh"
  done
else
  ok "# SKIP no ../shared reference corpus for the documented commands"
fi
