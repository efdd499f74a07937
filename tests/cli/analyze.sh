#!/usr/bin/env bash
# Black-box tests of `newssift analyze`: the example page's targets, the three
# input formats, the report schema, and every bad input the issue lists.
set -u
NS=${NEWSSIFT:-build/newssift}
EX=../shared/examples
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

if [ ! -f $EX/syria-page.txt ]; then echo "ok 1 - # SKIP no ../shared/examples"; exit 0; fi

for f in txt json html; do
  "$NS" analyze $EX/syria-page.$f --output json > "$tmp/$f.json" 2> "$tmp/$f.err"
  check "analyze syria-page.$f exits 0" test $? -eq 0 -a -s "$tmp/$f.json"
  check "syria-page.$f report matches docs/report.schema.json" py "
import json,jsonschema; jsonschema.validate(json.load(open('$tmp/$f.json')), json.load(open('docs/report.schema.json')))"
  check "syria-page.$f: spans within page.text and on UTF-8 boundaries" py "
import json
r=json.load(open('$tmp/$f.json')); t=r['page']['text'].encode()
def spans(o):
    if isinstance(o,dict):
        for k,v in o.items():
            if k.endswith('span') and isinstance(v,list): yield v
            else: yield from spans(v)
    elif isinstance(o,list):
        if o and all(isinstance(x,list) and len(x)==2 and all(isinstance(y,int) for y in x) for x in o):
            yield from o
        else:
            for x in o: yield from spans(x)
for s,e in spans(r):
    assert 0<=s<=e<=len(t), (s,e)
    t[s:e].decode()
"
  check "syria-page.$f: verdict unreliable" py "
import json; r=json.load(open('$tmp/$f.json')); assert r['verdict']=='unreliable', r['verdict']"
  check "syria-page.$f: three comments with their authors" py "
import json; r=json.load(open('$tmp/$f.json'))
assert [c['author'] for c in r['comments']]==['Ron Wheeler','John C Carlton','Robert Walters'], [c['author'] for c in r['comments']]"
  check "syria-page.$f: the round-up comment is hate, with its deciding span" py "
import json; r=json.load(open('$tmp/$f.json')); c=r['comments'][2]; t=r['page']['text'].encode()
assert c['label']=='hate', c['label']
ev=[t[s:e].decode() for s,e in (x['span'] for x in c['evidence'])]
assert any('Round Up' in x or 'immigrants' in x or 'Muslims' in x for x in ev), ev"
  check "syria-page.$f: vague attribution 'According to reports' found" py "
import json; r=json.load(open('$tmp/$f.json'))
assert any(v['text']=='According to reports' for v in r['sourcing']['vague']), r['sourcing']['vague']"
  check "syria-page.$f: The Telegraph cited as an outlet" py "
import json; r=json.load(open('$tmp/$f.json'))
assert any('Telegraph' in c['name'] and c['kind']=='outlet' for c in r['sourcing']['cited']), r['sourcing']['cited']"
  check "syria-page.$f: the quote is attributed to Mozahem al-Saloum" py "
import json; r=json.load(open('$tmp/$f.json'))
assert any(q['speaker']=='Mozahem al-Saloum' for q in r['sourcing']['quotes']), r['sourcing']['quotes']"
  check "syria-page.$f: US and UK are not all-caps markers" py "
import json; r=json.load(open('$tmp/$f.json'))
assert not any(m['kind']=='all_caps' for m in r['headline']['markers']), r['headline']['markers']"
done

check "text and JSON inputs give the same verdict and comment labels" py "
import json; a=json.load(open('$tmp/txt.json')); b=json.load(open('$tmp/json.json'))
assert a['verdict']==b['verdict'] and [c['label'] for c in a['comments']]==[c['label'] for c in b['comments']]"

"$NS" analyze $EX/syria-page.txt > "$tmp/report.txt"
check "text report fits 80 columns" py "
import sys; lines=open('$tmp/report.txt',encoding='utf-8').read().splitlines()
assert all(len(l)<=80 for l in lines), max(lines,key=len)"
check "text report has no colour codes in a pipe" py "assert '\x1b' not in open('$tmp/report.txt').read()"
"$NS" analyze $EX/syria-page.txt --output html -o "$tmp/report.html"
check "HTML report is written and highlights evidence" py "
h=open('$tmp/report.html').read(); assert '<mark class=\"hate\">' in h and '<!DOCTYPE html>' in h and '<script' not in h"

# jsonl batches: order kept, one report a line, threads do not change output
py "
import json
t=open('$EX/syria-page.json').read()
p=json.loads(t)
with open('$tmp/pages.jsonl','w') as f:
    for i in range(40):
        q=dict(p); q['title']='%d %s'%(i,p['title']); f.write(json.dumps(q)+'\n')
"
"$NS" analyze --format jsonl "$tmp/pages.jsonl" --threads 1 > "$tmp/b1.jsonl"
"$NS" analyze --format jsonl "$tmp/pages.jsonl" --threads 2 > "$tmp/b2.jsonl"
check "jsonl: 40 reports in input order" py "
import json; L=[json.loads(l) for l in open('$tmp/b1.jsonl')]
assert len(L)==40 and all(r['page']['title'].startswith('%d '%i) for i,r in enumerate(L))"
check "jsonl: --threads 2 output equals --threads 1" cmp "$tmp/b1.jsonl" "$tmp/b2.jsonl"
# a batch with fewer lines than threads: a file of one page, and the last
# line of 513 (batches of 512), were once lost with --threads 2
head -n 1 "$tmp/pages.jsonl" > "$tmp/one.jsonl"
"$NS" analyze --format jsonl "$tmp/one.jsonl" --threads 2 > "$tmp/one.out"
check "jsonl: one page with --threads 2 gives one report" test "$(wc -l < "$tmp/one.out")" -eq 1
for i in $(seq 13); do cat "$tmp/pages.jsonl"; done | head -n 513 > "$tmp/p513.jsonl"
"$NS" analyze --format jsonl "$tmp/p513.jsonl" --threads 2 > "$tmp/p513.out"
check "jsonl: 513 pages with --threads 2 give 513 reports" test "$(wc -l < "$tmp/p513.out")" -eq 513

# several PAGE files: one JSON report a line in their order, each in its own
# format, the same as one at a time; more files than a batch (64); text
# reports under their names; the usage errors and a missing file
P="$EX/syria-page.txt $EX/syria-page.html $EX/syria-page.json tests/data/pages/h57-mhtml-chrome-disqus-frame.mhtml"
"$NS" analyze $P --threads 2 > "$tmp/files.jsonl"
check "several PAGEs: exit 0, one report a line" test $? -eq 0 -a "$(wc -l < "$tmp/files.jsonl")" -eq 4
i=0; same=1
for f in $P; do
  i=$((i+1)); "$NS" analyze "$f" --output json > "$tmp/one-file.json"
  sed -n "${i}p" "$tmp/files.jsonl" | cmp -s - "$tmp/one-file.json" || same=0
done
check "several PAGEs: each line equals that page's own report" test $same -eq 1
files=""; for i in $(seq 70); do files="$files $EX/syria-page.txt"; done
"$NS" analyze $files --threads 2 > "$tmp/files70.jsonl"
check "several PAGEs: 70 files (two batches) give 70 reports" test "$(wc -l < "$tmp/files70.jsonl")" -eq 70
"$NS" analyze $EX/syria-page.txt $EX/syria-page.json --output text > "$tmp/files.txt"
check "several PAGEs as text: each report under '==> PAGE <=='" test "$(grep -c '^==> ' "$tmp/files.txt")" -eq 2
"$NS" analyze $EX/syria-page.txt "$tmp/no-such-page.txt" -o "$tmp/files-out.jsonl" 2> "$tmp/files.err"
check "several PAGEs, one missing: exit 2, the file named, no output file" \
  test $? -eq 2 -a ! -e "$tmp/files-out.jsonl" -a -n "$(grep 'no-such-page.txt: cannot open' "$tmp/files.err")"
"$NS" analyze $EX/syria-page.txt $EX/syria-page.json --output html > /dev/null 2>&1
check "several PAGEs with --output html: usage error, exit 1" test $? -eq 1
"$NS" analyze $EX/syria-page.txt - < /dev/null > /dev/null 2>&1
check "'-' among several PAGEs: usage error, exit 1" test $? -eq 1

# what Windows tools write: a UTF-8 byte-order mark before a JSON page or a
# JSONL batch, a text page saved as UTF-16, and a legacy page in
# windows-1252 whose charset was in an HTTP header the scrape did not keep
py "
import json
p=open('$EX/syria-page.json','rb').read().strip()
open('$tmp/bom.json','wb').write(b'\xef\xbb\xbf'+p)
open('$tmp/bom.jsonl','wb').write(b'\xef\xbb\xbf'+json.dumps(json.loads(p)).encode()+b'\n')
t=open('$EX/syria-page.txt',encoding='utf-8').read()
open('$tmp/u16le.txt','wb').write(t.encode('utf-16'))
open('$tmp/u16be.txt','wb').write(b'\xfe\xff'+t.encode('utf-16-be'))
open('$tmp/cp1252.html','wb').write('<html><head><title>Caf\u00e9 owners \u201cfurious\u201d at new rules</title></head><body><article><p>The owners of the caf\u00e9 said the council\u2019s rules were \u201cunworkable\u201d and would cost them \u00a3500 a month in fees, according to a letter seen by this paper.</p></article></body></html>'.encode('cp1252'))
"
"$NS" analyze "$tmp/bom.json" --output json > "$tmp/bom.out"
check "JSON page after a UTF-8 byte-order mark: read, three comments" py "
import json; r=json.load(open('$tmp/bom.out')); assert len(r['comments'])==3, r['comments']"
"$NS" analyze --format jsonl "$tmp/bom.jsonl" > "$tmp/bomjl.out"
check "JSONL batch after a UTF-8 byte-order mark: one report" py "
import json; L=[json.loads(l) for l in open('$tmp/bomjl.out')]; assert len(L)==1 and len(L[0]['comments'])==3"
for f in u16le u16be; do
  "$NS" analyze "$tmp/$f.txt" --output json > "$tmp/$f.out"
  check "UTF-16 text page ($f) read as its UTF-8: the example's text and comment authors" py "
import json; r=json.load(open('$tmp/$f.out')); t=r['page']['text'].encode()
u=json.load(open('$tmp/txt.json'))
assert r['page']['title']==u['page']['title'] and r['page']['text']==u['page']['text'], r['page']['title']
assert [c['author'] for c in r['comments']]==['Ron Wheeler','John C Carlton','Robert Walters'], r['comments']
assert r['page']['replaced_bytes']==0 and '\\x00' not in r['page']['text']"
done
"$NS" analyze "$tmp/cp1252.html" --output json > "$tmp/cp1252.out"
check "HTML without a charset, not UTF-8: read as windows-1252" py "
import json; r=json.load(open('$tmp/cp1252.out'))
assert r['page']['title']=='Caf\u00e9 owners \u201cfurious\u201d at new rules', r['page']['title']
assert r['page']['replaced_bytes']==0"

# an archive's copy of a page is rated as the page it copies: the site's
# domain, its list rating and its learned prior (it had archive.org's)
for u in "https://www.infowars.com/posts/storm" \
         "https://web.archive.org/web/20240302101500/https://www.infowars.com/posts/storm" \
         "https://archive.ph/2024.03.02-101500/https://www.infowars.com/posts/storm" \
         "https://www-infowars-com.translate.goog/posts/storm?_x_tr_sl=auto"; do
  printf '{"url": "%s", "title": "Storm batters coast", "text": "The storm hit the coast overnight, the council said."}' "$u" > "$tmp/copy.json"
  "$NS" analyze "$tmp/copy.json" --output json --sources ../shared/data/news/sources/opensources/sources.csv > "$tmp/copy.out"
  check "source of $u: infowars.com, rated by its OpenSources entry" py "
import json; s=json.load(open('$tmp/copy.out'))['source']
assert s['domain']=='infowars.com' and s['prior_from']=='lists' and any('conspiracy' in l['label'] for l in s['lists']), s"
done

# a page with nothing that judges its article gets no verdict: a page drawn
# by script whose only text is the site's name (it was 'unreliable', 24)
printf '<!DOCTYPE html><html><head><title>Harbour Herald</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>' > "$tmp/shell.html"
"$NS" analyze "$tmp/shell.html" --output json > "$tmp/shell.json"
check "a script-drawn shell with no article text: verdict unknown, content null" py "
import json; r=json.load(open('$tmp/shell.json')); c=[s for s in r['signals'] if s['name']=='content'][0]
assert r['verdict']=='unknown' and c['score'] is None and r['content']['p_unreliable'] is None, (r['verdict'], c)"
"$NS" analyze "$tmp/shell.html" > "$tmp/shell.txt"
check "... and the text report shows no trust figure for it" grep -q "trust -/100  unknown" "$tmp/shell.txt"

# bad input: a report or a clear error, never a crash
expect_report() { # what, file, [format]
  "$NS" analyze "$2" --format "${3:-auto}" --output json > "$tmp/out.json" 2> "$tmp/err"; rc=$?
  if [ $rc -eq 0 ] && py "import json; json.load(open('$tmp/out.json'))"; then ok "$1: a report"; else no "$1: rc $rc $(head -c 200 "$tmp/err")"; fi
}
expect_error() { # what, file, format
  "$NS" analyze "$2" --format "${3:-auto}" --output json > "$tmp/out.json" 2> "$tmp/err"; rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^newssift: ' "$tmp/err"; then ok "$1: one-line error, exit 2"; else no "$1: rc $rc $(head -c 200 "$tmp/err")"; fi
}
"$NS" analyze https://www.example.com/news/story 2> "$tmp/err"; rc=$?
check "a URL for PAGE: exit 2, one line saying to save the page first" py "
e=open('$tmp/err').read(); assert $rc==2 and e.count(chr(10))==1 and 'save the page first' in e, e"
py "
import json; p=json.load(open('$EX/syria-page.json')); json.dump([p, p], open('$tmp/two.json','w'))"
expect_error "a JSON array of two pages" "$tmp/two.json"
head -n 2 "$tmp/pages.jsonl" > "$tmp/two.jsonl"
"$NS" analyze "$tmp/two.jsonl" 2> "$tmp/err"; rc=$?
check "two JSON pages one a line without --format jsonl: exit 2, the error says line 2 and JSONL" py "
e=open('$tmp/err').read(); assert $rc==2 and ':2: column 1: more after the page' in e and 'JSONL' in e, e"
printf 'It looks like the end is near.\n\nAccording to reports, nothing happened.\n' > "$tmp/notitle.txt"
expect_report "page with no title" "$tmp/notitle.txt"
printf 'Just A Title\n' > "$tmp/titleonly.txt"
expect_report "page with no body" "$tmp/titleonly.txt"
printf '{"comments": [{"author": "A", "text": "you are all idiots"}, {"author": "B", "text": "nice"}]}' > "$tmp/onlycomments.json"
expect_report "page with only comments" "$tmp/onlycomments.json"
py "
import json
print(json.dumps({'title':'t','text':'body text here.','comments':[{'author':'u%d'%i,'text':'comment number %d is fine'%i} for i in range(50000)]}))" > "$tmp/50k.json"
expect_report "page with 50,000 comments" "$tmp/50k.json"
check "50,000 comments all reported" py "import json; assert len(json.load(open('$tmp/out.json'))['comments'])==50000"
head -c 200000 /dev/urandom > "$tmp/junk.bin"
"$NS" analyze "$tmp/junk.bin" --output json > "$tmp/out.json" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] || { [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]; }; then ok "binary junk: report or clear error"; else no "binary junk: rc $rc"; fi
printf '<html><body><div><p>Never closed <b>bold <i>and <div><p>more text here, and more, and more' > "$tmp/unclosed.html"
expect_report "HTML that never closes a tag" "$tmp/unclosed.html" html
printf '{"title": 7, "text": ["a"], "comments": "x"}' > "$tmp/wrongtypes.json"
expect_error "JSON page with wrong types" "$tmp/wrongtypes.json" json
printf '{"title": "x", "text": ' > "$tmp/broken.json"
expect_error "malformed JSON page" "$tmp/broken.json" json
: > "$tmp/empty.txt"
"$NS" analyze "$tmp/empty.txt" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] || { [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]; }; then ok "empty page: report or clear error"; else no "empty page: rc $rc"; fi
"$NS" analyze "$tmp/missing.txt" > /dev/null 2> "$tmp/err"; rc=$?
check "missing page file: exit 2" test $rc -eq 2
"$NS" analyze $EX/syria-page.txt --models "$tmp" > /dev/null 2> "$tmp/err"; rc=$?
check "missing models folder: exit 2 naming the model" sh -c "test $rc -eq 2 && grep -q article.nsm '$tmp/err'"
"$NS" analyze $EX/syria-page.txt --output pdf > /dev/null 2>&1; rc=$?
check "unknown --output: usage error, exit 1" test $rc -eq 1
mkdir -p "$tmp/ro"; "$NS" analyze "$tmp/broken.json" --format json -o "$tmp/ro/r.json" 2>/dev/null
check "failed analyze leaves no output file" sh -c "test -z \"\$(ls -A '$tmp/ro')\""
