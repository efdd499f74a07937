#!/usr/bin/env bash
# tests/cli/engine.sh — black-box tests of `newssift train|predict|eval|model`.
# Run from the repository root with NEWSSIFT=/abs/path/to/newssift; prints one
# "ok N - what" or "not ok N - what" line per check.
set -u
NS=${NEWSSIFT:-$PWD/build/newssift}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DATA=tests/data/engine
T=$(mktemp -d "${TMPDIR:-/tmp}/ns-engine-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
  n=$((n + 1)); echo "not ok $n - $1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -5 | sed 's/^/#   /'; fi
}
# run ARGS...: newssift with stdout in $T/out, stderr in $T/err, status in $rc
run() { "$NS" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# expect_status WHAT STATUS ARGS...
expect_status() {
  local what=$1 want=$2; shift 2
  run "$@"
  if [ "$rc" -eq "$want" ]; then ok "$what"; else nok "$what" "exit $rc (wanted $want): $(head -c 400 "$T/err")"; fi
}
# expect_usage WHAT ARGS...: exit 1, a message on stderr, nothing on stdout
expect_usage() {
  local what=$1; shift
  run "$@"
  if [ "$rc" -eq 1 ] && [ -s "$T/err" ] && [ ! -s "$T/out" ] && grep -q 'newssift' "$T/err"; then ok "$what"
  else nok "$what" "exit $rc: $(head -c 400 "$T/err")"; fi
}
# expect_error WHAT STATUS REGEX ARGS...: the status and exactly one stderr line matching REGEX
expect_error() {
  local what=$1 want=$2 re=$3; shift 3
  run "$@"
  local lines; lines=$(wc -l <"$T/err")
  if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && grep -qE -- "$re" "$T/err"; then ok "$what"
  else nok "$what" "exit $rc (wanted $want), stderr ($lines lines): $(head -c 400 "$T/err")"; fi
}
# no_files_in DIR: the folder is empty (no output, no temporary file)
no_files_in() { [ -z "$(ls -A "$1")" ]; }

# The checker for predict output: every line a JSON object in input order,
# with "id", "label", "probs" over the model's labels summing to 1, and with
# --explain K up to K features each way whose spans lie in the text.
cat >"$T/check.py" <<'EOF'
import json, sys
inp, out, k, labels = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
fmt = sys.argv[5] if len(sys.argv) > 5 else "jsonl"
docs = []
with open(inp, "rb") as f:
    for no, raw in enumerate(f, 1):
        line = raw.rstrip(b"\n").rstrip(b"\r")
        if fmt == "text":
            docs.append((str(no), line))
            continue
        if not line.strip(b" \t"):
            continue
        o = json.loads(line)
        text = o["text"].encode()
        if o.get("title"):
            text = o["title"].encode() + b"\n" + text
        docs.append((str(o["id"]) if "id" in o else str(no), text))
lines = open(out, "rb").read().split(b"\n")
assert lines[-1] == b"", "output does not end with a newline"
lines = lines[:-1]
assert len(lines) == len(docs), f"{len(lines)} output lines for {len(docs)} records"
for (id_, text), line in zip(docs, lines):
    o = json.loads(line)
    assert o["id"] == id_, f"id {o['id']!r}, expected {id_!r} (order)"
    assert o["label"] in labels, o["label"]
    assert list(o["probs"]) == labels, list(o["probs"])
    assert abs(sum(o["probs"].values()) - 1) < 1e-4, o["probs"]
    assert o["probs"][o["label"]] == max(o["probs"].values())
    if k == 0:
        assert "explain" not in o and set(o) == {"id", "label", "probs"}, set(o)
        continue
    ex = o["explain"]
    assert set(ex) == {"for", "against"}, set(ex)
    for side, sign in (("for", 1), ("against", -1)):
        assert len(ex[side]) <= k
        prev = None
        for e in ex[side]:
            assert set(e) == {"feature", "weight", "spans"}, set(e)
            assert e["weight"] * sign > 0, e
            assert prev is None or abs(e["weight"]) <= prev + 1e-9, "not strongest first"
            prev = abs(e["weight"])
            if e["feature"].startswith("style:"):
                assert e["spans"] == [], e
                continue
            assert e["spans"], e
            for s, t in e["spans"]:
                assert 0 <= s < t <= len(text), (s, t, len(text))
            s, t = e["spans"][0]
            piece = "".join(text[s:t].decode().lower().split())
            if text.isascii() and "<" not in e["feature"]:
                assert piece == "".join(e["feature"].split()), (piece, e["feature"])
EOF
check_predictions() { # WHAT INPUT OUTPUT K LABELS [FORMAT]
  local what=$1; shift
  if msg=$("$PY" "$T/check.py" "$@" 2>&1); then ok "$what"; else nok "$what" "$(tail -3 <<<"$msg")"; fi
}

LABELS=sport,politics,weather

# ------------------------------------------------------------ help, usage
expect_status "--help exits 0" 0 --help
grep -q '^usage: newssift' "$T/out" && ok "--help prints usage on stdout" || nok "--help prints usage on stdout"
expect_status "--version exits 0" 0 --version
grep -qE '^newssift [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" && ok "--version prints the version" || nok "--version prints the version" "$(cat "$T/out")"
for c in train predict eval model; do
  expect_status "$c --help exits 0" 0 "$c" --help
done
expect_usage "no command is a usage error" 
expect_usage "unknown command is a usage error" frobnicate
expect_usage "train without -o" train "$DATA/train.jsonl"
expect_usage "train without a file" train -o "$T/x.nsm"
expect_usage "train with two files" train "$DATA/train.jsonl" "$DATA/test.jsonl" -o "$T/x.nsm"
expect_usage "train --bits 5" train "$DATA/train.jsonl" -o "$T/x.nsm" --bits 5
expect_usage "train --ngrams 0-4" train "$DATA/train.jsonl" -o "$T/x.nsm" --ngrams 0-4
expect_usage "train --epochs abc" train "$DATA/train.jsonl" -o "$T/x.nsm" --epochs abc
expect_usage "train --patience 0" train "$DATA/train.jsonl" -o "$T/x.nsm" --dev "$DATA/test.jsonl" --patience 0
expect_usage "train --class-weight odd" train "$DATA/train.jsonl" -o "$T/x.nsm" --class-weight odd
expect_usage "train --format text" train "$DATA/train.jsonl" -o "$T/x.nsm" --format text
expect_usage "train unknown option" train "$DATA/train.jsonl" -o "$T/x.nsm" --frob
[ ! -e "$T/x.nsm" ] && ok "usage errors write no model" || nok "usage errors write no model"
expect_usage "predict without --model" predict "$DATA/test.jsonl"
expect_usage "predict --threads 0" predict --model "$T/x.nsm" --threads 0 "$DATA/test.jsonl"
expect_usage "predict --explain -1" predict --model "$T/x.nsm" --explain -1 "$DATA/test.jsonl"
expect_usage "predict --format xml" predict --model "$T/x.nsm" --format xml "$DATA/test.jsonl"
expect_usage "eval without TEST" eval --model "$T/x.nsm"
expect_usage "eval without --model" eval "$DATA/test.jsonl"
expect_usage "model without a subcommand" model
expect_usage "model frob" model frob "$T/x.nsm"

# ---------------------------------------------------- train, model info/check
M=$T/m.nsm
expect_status "train on JSONL" 0 train "$DATA/train.jsonl" -o "$M" --bits 12 --epochs 20 --seed 3 --threads 2
grep -qE '^examples 36 +classes 3 ' "$T/out" && ok "train prints its summary" || nok "train prints its summary" "$(cat "$T/out")"
[ ! -s "$T/err" ] && ok "train is quiet on a pipe" || nok "train is quiet on a pipe" "$(cat "$T/err")"
expect_status "model info exits 0" 0 model info "$M"
grep -qE '^labels +sport, politics, weather$' "$T/out" && ok "model info shows the labels" || nok "model info shows the labels" "$(cat "$T/out")"
grep -q 'format version' "$T/out" && grep -q '2^12' "$T/out" && ok "model info shows version and buckets" || nok "model info shows version and buckets"
expect_status "model check on a good model exits 0" 0 model check "$M"
grep -q ': ok$' "$T/out" && ok "model check says ok" || nok "model check says ok"

# --idf: an IDF table in the model (format version 2), shown by model info, same bytes on 1 and 2 threads
expect_status "train --idf" 0 train "$DATA/train.jsonl" -o "$T/idf.nsm" --bits 12 --epochs 20 --seed 3 --idf --min-df 1 --threads 2
run model info "$T/idf.nsm"
grep -qE '^format version +2$' "$T/out" && grep -qE '^idf weighting +yes, [0-9]+ of 4096 rows kept' "$T/out" && grep -q '"idf": 1' "$T/out" \
  && ok "model info shows version 2 and the IDF table" || nok "model info shows version 2 and the IDF table" "$(cat "$T/out")"
run model info "$M"
grep -qE '^format version +1$' "$T/out" && grep -qE '^idf weighting +no$' "$T/out" \
  && ok "a model without --idf is still format version 1" || nok "a model without --idf is still format version 1" "$(cat "$T/out")"
run train "$DATA/train.jsonl" -o "$T/idf1.nsm" --bits 12 --epochs 20 --seed 3 --idf --threads 1
cmp -s "$T/idf.nsm" "$T/idf1.nsm" && ok "train --idf is deterministic (threads 2 and 1)" || nok "train --idf is deterministic (threads 2 and 1)"
expect_status "model check on an --idf model" 0 model check "$T/idf.nsm"
run eval --model "$T/idf.nsm" "$DATA/test.jsonl" --json
[ "$rc" -eq 0 ] && "$PY" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["n"] > 0 and 0 <= o["macro_f1"] <= 1' "$T/out" \
  && ok "eval with an --idf model" || nok "eval with an --idf model" "exit $rc: $(head -c 300 "$T/err")"
expect_usage "train --min-df 0" train "$DATA/train.jsonl" -o "$T/x2.nsm" --idf --min-df 0
"$PY" -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[31] ^= 0xFF; open(sys.argv[2], "wb").write(b)' "$T/idf.nsm" "$T/idfflip.nsm"
expect_error "an --idf model with its IDF flag flipped is refused" 2 "^newssift: $T/idfflip.nsm: byte [0-9]+: " model check "$T/idfflip.nsm"

run train "$DATA/train.jsonl" -o "$T/m2.nsm" --bits 12 --epochs 20 --seed 3 --threads 1
cmp -s "$M" "$T/m2.nsm" && ok "train is deterministic (threads 2 and 1 give the same bytes)" || nok "train is deterministic (threads 2 and 1 give the same bytes)"
run train "$DATA/train.csv" -o "$T/csv.nsm" --bits 12 --text-col body --label-col category --title-col headline
[ "$rc" -eq 0 ] && grep -q '^examples 36 ' "$T/out" && ok "train on CSV with quoted fields and custom columns" || nok "train on CSV with quoted fields and custom columns" "$(cat "$T/err")"
"$PY" - "$DATA/train.jsonl" >"$T/train.tsv" <<'EOF'
import json, sys
print("text\tlabel")
for line in open(sys.argv[1]):
    o = json.loads(line)
    print(o["text"] + "\t" + o["label"])
EOF
expect_status "train on TSV" 0 train "$T/train.tsv" -o "$T/tsv.nsm" --bits 12
expect_status "train with --dev, char n-grams, quantized" 0 train "$DATA/train.jsonl" --dev "$DATA/test.jsonl" -o "$T/q.nsm" --bits 12 --char-ngrams 3-5 --quantize --class-weight balanced
grep -q 'dev macro-F1' "$T/out" && ok "train --dev reports dev macro-F1" || nok "train --dev reports dev macro-F1" "$(cat "$T/out")"
run model info "$T/q.nsm"
grep -q int8 "$T/out" && grep -qE 'char n-grams +3-5' "$T/out" && ok "model info of a quantized char model" || nok "model info of a quantized char model" "$(cat "$T/out")"

# ----------------------------------------------------------------- predict
expect_status "predict JSONL" 0 predict --model "$M" "$DATA/test.jsonl" --threads 1
cp "$T/out" "$T/p1"
check_predictions "predict output: ids, order, labels, probabilities" "$DATA/test.jsonl" "$T/p1" 0 "$LABELS"
"$PY" - "$T/p1" "$DATA/test.jsonl" <<'EOF' && ok "predict labels the held-out fixture mostly right" || nok "predict labels the held-out fixture mostly right"
import json, sys
pred = [json.loads(l)["label"] for l in open(sys.argv[1])]
gold = [json.loads(l)["label"] for l in open(sys.argv[2]) if l.strip()]
sys.exit(0 if sum(p == g for p, g in zip(pred, gold)) >= 6 else 1)
EOF
run predict --model "$M" --threads 1 - <"$DATA/test.jsonl"
cmp -s "$T/out" "$T/p1" && ok "predict reads standard input" || nok "predict reads standard input"
expect_status "predict --explain 3" 0 predict --model "$M" "$DATA/test.jsonl" --explain 3
check_predictions "predict --explain 3: structure, sides, spans in the text" "$DATA/test.jsonl" "$T/out" 3 "$LABELS"
expect_status "predict plain text" 0 predict --model "$M" --format text "$DATA/docs.txt" --explain 2
check_predictions "predict plain text: ids are line numbers, spans in the line" "$DATA/docs.txt" "$T/out" 2 "$LABELS" text
run predict --model "$M" "$T/train.tsv"
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 36 ] && ok "predict TSV" || nok "predict TSV" "$(cat "$T/err")"
run predict --model "$M" "$DATA/train.csv" --text-col body --title-col headline --id-col id
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 36 ] && head -1 "$T/out" | grep -q '^{"id": "c0", ' && ok "predict CSV with custom columns" || nok "predict CSV with custom columns" "$(head -c 300 "$T/out") $(cat "$T/err")"

# many records (more than one batch), threads 1 and 4 give the same output
"$PY" - "$DATA/train.jsonl" "$DATA/test.jsonl" >"$T/many.jsonl" <<'EOF'
import json, sys
src = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
for i in range(5000):
    o = dict(src[(i * 7) % len(src)])
    o.pop("label", None)
    if i % 3 == 0:
        o.pop("id", None)
    else:
        o["id"] = f"m{i}"
    if i % 11 == 0:
        o["text"] = (o["text"] + " ") * (1 + i % 50)
    print(json.dumps(o))
EOF
run predict --model "$M" "$T/many.jsonl" --threads 1 --explain 2; cp "$T/out" "$T/many1"
run predict --model "$M" "$T/many.jsonl" --threads 4 --explain 2; cp "$T/out" "$T/many4"
[ "$(wc -l <"$T/many1")" -eq 5000 ] && cmp -s "$T/many1" "$T/many4" && ok "predict --threads 1 and 4 give identical output over 5000 records" || nok "predict --threads 1 and 4 give identical output over 5000 records"
check_predictions "predict over 5000 records keeps input order" "$T/many.jsonl" "$T/many4" 2 "$LABELS"

# -o writes atomically
mkdir "$T/o"
expect_status "predict -o FILE" 0 predict --model "$M" "$DATA/test.jsonl" --threads 1 -o "$T/o/pred.jsonl"
cmp -s "$T/o/pred.jsonl" "$T/p1" && [ ! -s "$T/out" ] && ok "predict -o writes the file, nothing on stdout" || nok "predict -o writes the file, nothing on stdout"
[ "$(ls -A "$T/o")" = pred.jsonl ] && ok "predict -o leaves no temporary file" || nok "predict -o leaves no temporary file" "$(ls -A "$T/o")"
rm -f "$T/o/pred.jsonl"
printf '%s\n' '{"text": "one"}' '{"text": "two"}' '{"text": "three" oops}' '{"text": "four"}' >"$T/bad3.jsonl"
expect_error "predict with an error at line 3 exits 2 naming FILE:3" 2 "^newssift: $T/bad3.jsonl:3: " predict --model "$M" "$T/bad3.jsonl" -o "$T/o/pred.jsonl"
no_files_in "$T/o" && ok "failed predict -o leaves no output and no temporary file" || nok "failed predict -o leaves no output and no temporary file" "$(ls -A "$T/o")"
{ head -4999 "$T/many.jsonl"; printf '{"text": "\xff"}\n'; } >"$T/bad5000.jsonl"
expect_error "predict with an error at line 5000 (after a batch was written)" 2 "^newssift: $T/bad5000.jsonl:5000: " predict --model "$M" "$T/bad5000.jsonl" -o "$T/o/pred.jsonl" --threads 2
no_files_in "$T/o" && ok "failed predict -o after a written batch leaves nothing" || nok "failed predict -o after a written batch leaves nothing" "$(ls -A "$T/o")"
echo "previous" >"$T/o/keep.jsonl"
run predict --model "$M" "$T/bad3.jsonl" -o "$T/o/keep.jsonl"
[ "$rc" -eq 2 ] && [ "$(cat "$T/o/keep.jsonl")" = previous ] && [ "$(ls -A "$T/o")" = keep.jsonl ] && ok "failed predict -o keeps an existing file as it was" || nok "failed predict -o keeps an existing file as it was"
rm -f "$T/o/keep.jsonl"
expect_error "predict -o into a missing folder exits 2" 2 "^newssift: $T/no/such/out.jsonl: " predict --model "$M" "$DATA/test.jsonl" -o "$T/no/such/out.jsonl"
mkdir "$T/tr"
printf '%s\n' '{"text": "a", "label": "x"}' '{"text": "b", "label": "y"}' '{"text": "c" "label": "x"}' >"$T/badtrain.jsonl"
expect_error "train with an error at line 3" 2 "^newssift: $T/badtrain.jsonl:3: " train "$T/badtrain.jsonl" -o "$T/tr/m.nsm"
no_files_in "$T/tr" && ok "failed train writes no model and no temporary file" || nok "failed train writes no model and no temporary file" "$(ls -A "$T/tr")"

# -------------------------------------------------------------------- eval
expect_status "eval exits 0" 0 eval --model "$M" "$DATA/test.jsonl"
grep -q '^accuracy ' "$T/out" && grep -q '^macro-F1 ' "$T/out" && grep -q '^confusion' "$T/out" && ok "eval prints accuracy, macro-F1, confusion" || nok "eval prints accuracy, macro-F1, confusion" "$(cat "$T/out")"
expect_status "eval --json exits 0" 0 eval --model "$M" "$DATA/test.jsonl" --json
"$PY" - "$T/out" <<'EOF' && ok "eval --json has the report's keys and shapes" || nok "eval --json has the report's keys and shapes"
import json, sys
o = json.load(open(sys.argv[1]))
assert set(o) == {"n", "accuracy", "macro_f1", "labels", "per_class", "confusion"}, set(o)
assert o["n"] == 9 and o["labels"] == ["sport", "politics", "weather"]
assert all(set(v) == {"precision", "recall", "f1", "support"} for v in o["per_class"].values())
assert len(o["confusion"]) == 3 and all(len(r) == 3 for r in o["confusion"])
assert sum(map(sum, o["confusion"])) == 9
assert sum(o["per_class"][l]["support"] for l in o["labels"]) == 9
EOF
run eval --model "$M" "$DATA/train.jsonl" --json
"$PY" -c 'import json,sys; o=json.load(open(sys.argv[1])); sys.exit(0 if o["accuracy"] >= 0.9 and o["macro_f1"] >= 0.9 else 1)' "$T/out" \
  && ok "train -> eval round trip fits the training data" || nok "train -> eval round trip fits the training data" "$(cat "$T/out")"
run eval --model "$T/csv.nsm" "$DATA/train.csv" --text-col body --label-col category --title-col headline --json
[ "$rc" -eq 0 ] && grep -q '"n": 36' "$T/out" && ok "eval on CSV with custom columns" || nok "eval on CSV with custom columns" "$(cat "$T/err")"
{ cat "$DATA/test.jsonl"; echo '{"text": "A completely new kind of story.", "label": "unseen"}'; } >"$T/unseen.jsonl"
expect_status "eval with a label the model does not know exits 0" 0 eval --model "$M" "$T/unseen.jsonl" --json
"$PY" - "$T/out" <<'EOF' && ok "an unknown gold label counts as an error with F1 0" || nok "an unknown gold label counts as an error with F1 0" "$(cat "$T/out")"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["n"] == 10 and o["labels"][-1] == "unseen", o["labels"]
u = o["per_class"]["unseen"]
assert u["support"] == 1 and u["f1"] == 0 and u["recall"] == 0
assert sum(o["confusion"][-1]) == 1 and o["confusion"][-1][-1] == 0
f1s = [o["per_class"][l]["f1"] for l in o["labels"]]
assert abs(o["macro_f1"] - sum(f1s) / len(f1s)) < 1e-5  # every label is present here
EOF
expect_error "eval on text without labels" 2 "^newssift: $DATA/docs.txt:1: " eval --model "$M" "$DATA/docs.txt"
expect_error "eval on JSONL without labels" 2 "^newssift: $T/many.jsonl:1: .*label" eval --model "$M" "$T/many.jsonl"

# -------------------------------------------------------------- bad inputs
printf '{"text": "fine", "label": "a"}\n{"text": "bad \xc0\xaf byte", "label": "b"}\n' >"$T/utf8.jsonl"
expect_error "train: invalid UTF-8 in JSONL names FILE:2" 2 "^newssift: $T/utf8.jsonl:2: .*UTF-8" train "$T/utf8.jsonl" -o "$T/tr/m.nsm"
expect_error "predict: invalid UTF-8 in JSONL names FILE:2" 2 "^newssift: $T/utf8.jsonl:2: .*UTF-8" predict --model "$M" "$T/utf8.jsonl"
printf 'text,label\nfine,a\n"multi\nline \xff",b\n' >"$T/utf8.csv"
expect_error "train: invalid UTF-8 in CSV names the record's line" 2 "^newssift: $T/utf8.csv:3: .*UTF-8" train "$T/utf8.csv" -o "$T/tr/m.nsm"
expect_error "predict: invalid UTF-8 in CSV" 2 "^newssift: $T/utf8.csv:3: .*UTF-8" predict --model "$M" "$T/utf8.csv"
printf 'ok line\nbad \xed\xa0\x80 line\n' >"$T/utf8.txt"
expect_error "predict: invalid UTF-8 in plain text" 2 "^newssift: $T/utf8.txt:2: .*UTF-8" predict --model "$M" "$T/utf8.txt"
printf 'text,category\nhello,a\n' >"$T/nolabel.csv"
expect_error "train: missing label column (CSV) names line 1" 2 "^newssift: $T/nolabel.csv:1: .*label" train "$T/nolabel.csv" -o "$T/tr/m.nsm"
expect_error "eval: missing label column (CSV)" 2 "^newssift: $T/nolabel.csv:1: .*label" eval --model "$M" "$T/nolabel.csv"
printf 'body,label\nhello,a\n' >"$T/notext.csv"
expect_error "predict: missing text column (CSV)" 2 "^newssift: $T/notext.csv:1: .*text" predict --model "$M" "$T/notext.csv"
: >"$T/empty.jsonl"
expect_error "train: empty JSONL file" 2 "^newssift: $T/empty.jsonl:1: " train "$T/empty.jsonl" -o "$T/tr/m.nsm"
: >"$T/empty.csv"
expect_error "train: empty CSV file" 2 "^newssift: $T/empty.csv:1: " train "$T/empty.csv" -o "$T/tr/m.nsm"
no_files_in "$T/tr" && ok "no failed train left a file" || nok "no failed train left a file" "$(ls -A "$T/tr")"
run predict --model "$M" "$T/empty.jsonl"
[ "$rc" -eq 0 ] && [ ! -s "$T/out" ] && ok "predict on an empty file writes nothing and exits 0" || nok "predict on an empty file writes nothing and exits 0"
printf '%s\n' '{"text": "x", "label": "a"}' '{"text": "y", "label": ""}' >"$T/emptylabel.jsonl"
expect_error "train: an empty label names FILE:2" 2 "^newssift: $T/emptylabel.jsonl:2: .*label" train "$T/emptylabel.jsonl" -o "$T/tr/m.nsm"
printf '%s\n' '{"text": "x", "label": "same"}' '{"text": "y", "label": "same"}' >"$T/one.jsonl"
expect_error "train with a single label" 2 "^newssift: .*one label" train "$T/one.jsonl" -o "$T/tr/m.nsm"
expect_error "predict with a missing model file" 2 "^newssift: $T/missing.nsm: " predict --model "$T/missing.nsm" "$DATA/test.jsonl"
expect_error "model check on a missing model" 2 "^newssift: $T/missing.nsm: " model check "$T/missing.nsm"
expect_error "predict with a missing input file" 2 "^newssift: $T/missing.jsonl: " predict --model "$M" "$T/missing.jsonl"
expect_error "model check on a folder" 2 "^newssift: $T/o: " model check "$T/o"

# a damaged model: truncated and flipped at sampled positions
expect_status "train a tiny model to damage" 0 train "$DATA/train.jsonl" -o "$T/tiny.nsm" --bits 10 --no-style --quantize
size=$(stat -c %s "$T/tiny.nsm")
for at in 0 7 8 63 64 $((size / 2)) $((size - 9)) $((size - 1)); do
  head -c "$at" "$T/tiny.nsm" >"$T/cut.nsm"
  expect_error "model check: truncated to $at of $size bytes names a byte" 2 "^newssift: $T/cut.nsm: byte [0-9]+: " model check "$T/cut.nsm"
done
for at in 0 8 16 24 28 32 40 48 64 $((size / 2)) $((size - 9)) $((size - 1)); do
  "$PY" -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[int(sys.argv[2])] ^= 0xFF; open(sys.argv[3], "wb").write(b)' \
    "$T/tiny.nsm" "$at" "$T/flip.nsm"
  expect_error "model check: byte $at flipped names a byte" 2 "^newssift: $T/flip.nsm: byte [0-9]+: " model check "$T/flip.nsm"
done
expect_error "predict refuses a flipped model" 2 "^newssift: $T/flip.nsm: byte [0-9]+: " predict --model "$T/flip.nsm" "$DATA/test.jsonl"
expect_error "model info refuses a flipped model" 2 "^newssift: $T/flip.nsm: byte [0-9]+: " model info "$T/flip.nsm"
expect_error "eval refuses a truncated model" 2 "^newssift: $T/cut.nsm: byte [0-9]+: " eval --model "$T/cut.nsm" "$DATA/test.jsonl"
"$PY" -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[8] = 99; open(sys.argv[2], "wb").write(b)' "$T/tiny.nsm" "$T/newer.nsm"
expect_error "a newer model format version is named as such" 2 "^newssift: $T/newer.nsm: byte 8: .*newer" model check "$T/newer.nsm"
# larger models (the example model `make` builds, and any bundled model) at sampled positions
for big in "$(dirname "$NS")/example.nsm" models/*.nsm; do
  [ -f "$big" ] || continue
  name=$(basename "$big")
  expect_status "model check on $name exits 0" 0 model check "$big"
  bsize=$(stat -c %s "$big")
  for at in 12 $((bsize / 3)) $((bsize * 2 / 3)) $((bsize - 8)); do
    "$PY" -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[int(sys.argv[2])] ^= 0x01; open(sys.argv[3], "wb").write(b)' \
      "$big" "$at" "$T/bigflip.nsm"
    expect_error "model check: $name with byte $at flipped" 2 "^newssift: $T/bigflip.nsm: byte [0-9]+: " model check "$T/bigflip.nsm"
  done
  for at in $((bsize / 2)) $((bsize - 1)); do
    head -c "$at" "$big" >"$T/bigcut.nsm"
    expect_error "model check: $name truncated to $at bytes" 2 "^newssift: $T/bigcut.nsm: byte [0-9]+: " model check "$T/bigcut.nsm"
  done
  rm -f "$T/bigflip.nsm" "$T/bigcut.nsm"
done
printf 'not a model at all, just text that is long enough to pass the size checks, really' >"$T/text.nsm"
expect_error "a text file is not a model" 2 "^newssift: $T/text.nsm: byte 0: .*magic" model check "$T/text.nsm"

# ---------------------------------------------------- very long single lines
# 100 MB of words on one line: predicted (not cut, not crashed).
yes 'Storm brings heavy rain and strong wind, the senate votes on a bill.' | tr '\n' ' ' | head -c 104857600 >"$T/big.txt"
echo >>"$T/big.txt"
run predict --model "$M" --format text "$T/big.txt" --threads 2
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && grep -q '^{"id": "1", "label": ' "$T/out" \
  && ok "predict on a 100 MB single line succeeds" || nok "predict on a 100 MB single line succeeds" "exit $rc: $(head -c 300 "$T/err")"
rm -f "$T/big.txt"
# 10 MB in one JSONL record, with explanations
{ printf '{"id": "big", "text": "'; yes 'Snow and ice in the forecast. ' | tr -d '\n' | head -c 10485760; printf '"}\n'; } >"$T/big.jsonl"
run predict --model "$M" "$T/big.jsonl" --explain 1
[ "$rc" -eq 0 ] && "$PY" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["id"] == "big" and o["label"] == "weather"; assert max(s[1] for e in o["explain"]["for"] for s in e["spans"]) > 10000000' "$T/out" \
  && ok "predict --explain on a 10 MB JSONL record, spans reach its end" || nok "predict --explain on a 10 MB JSONL record, spans reach its end" "exit $rc: $(head -c 300 "$T/err")"
rm -f "$T/big.jsonl"

echo "1..$n"
